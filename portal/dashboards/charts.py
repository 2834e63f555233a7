"""The public dashboards: each chart is one aggregate query, a table and a figure.

Every figure is drawn from the same table that is shown beside it and offered as CSV,
so the three can never disagree. The database groups and counts; Python only pivots
the few grouped rows into columns. Dashboards are public: they count only what the
public may see (`Model.objects.published()`), whoever is looking.

The charts themselves are the domains': each registers its own with `register_chart`
from its `AppConfig.ready()`; this module draws them and names no domain.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


def _chart_colours() -> dict[str, str]:
    """The chart colours, read from the design tokens (static/css/tokens.css), so that the
    pages and the charts share one palette: numbered series colours and named meanings."""
    import re
    from pathlib import Path

    from django.conf import settings

    tokens = Path(settings.BASE_DIR, "static", "css", "tokens.css").read_text()
    return dict(re.findall(r"--portal-chart-([a-z0-9]+):\s*(#[0-9a-fA-F]{6})\s*;", tokens))


CHART_COLOURS = _chart_colours()
PALETTE = [CHART_COLOURS[k] for k in sorted((k for k in CHART_COLOURS if k.isdigit()), key=int)]


@dataclass
class Table:
    """Wide format: the first column names the row, the others are the series."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    key: str
    group: Promise
    title: Promise
    description: Promise
    data: Callable[[], Table]
    barmode: str = "stack"  # stack · group · percent (shares of each bar)
    horizontal: bool = False
    order: int = 100  # place on the dashboards page
    first_series: int = 1  # columns before it label or total the row; not drawn as bars


def pivot(
    rows: list[dict[str, Any]], row_key: str, col_key: str, row_order: list, cols: list
) -> list[list[Any]]:
    """Grouped (row, column, n) records from the database into a wide table."""
    cells: dict[tuple[Any, Any], int] = {}
    for r in rows:
        cells[(r[row_key], r[col_key])] = cells.get((r[row_key], r[col_key]), 0) + r["n"]
    return [[row] + [cells.get((row, c), 0) for c in cols] for row in row_order]


_CHARTS: dict[str, Chart] = {}


def register_chart(chart: Chart) -> Chart:
    """A domain's public chart; called from its `AppConfig.ready()`."""
    existing = _CHARTS.get(chart.key)
    if existing is not None and existing != chart:
        raise ValueError(f"Chart {chart.key} is registered twice")
    _CHARTS[chart.key] = chart
    return chart


def registered_charts() -> list[Chart]:
    return sorted(_CHARTS.values(), key=lambda c: (c.order, c.key))


def charts_by_key() -> dict[str, Chart]:
    return dict(_CHARTS)


def figure(chart: Chart, table: Table) -> dict[str, Any]:
    """A Plotly bar figure from a wide table (plotly.py builds it; plotly.js draws it)."""
    import plotly.graph_objects as go

    series = table.columns[chart.first_series :]
    start = len(table.columns) - len(series)
    labels = [str(r[0]) for r in table.rows]
    fig = go.Figure()
    for i, name in enumerate(series):
        values = [r[start + i] for r in table.rows]
        fig.add_trace(
            go.Bar(
                name=name,
                x=values if chart.horizontal else labels,
                y=labels if chart.horizontal else values,
                orientation="h" if chart.horizontal else "v",
                marker={"color": PALETTE[i % len(PALETTE)]},
            )
        )
    layout: dict[str, Any] = {
        "barmode": "stack" if chart.barmode == "percent" else chart.barmode,
        "height": max(300, 40 * len(labels) + 140) if chart.horizontal else 360,
        "legend": {"orientation": "h", "y": -0.25},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
    }
    if chart.barmode == "percent":
        layout["barnorm"] = "percent"
    if chart.horizontal:
        layout["yaxis"] = {"autorange": "reversed", "automargin": True}
    else:
        layout["xaxis"] = {"type": "category"}
    fig.update_layout(**layout)
    return json.loads(fig.to_json())
