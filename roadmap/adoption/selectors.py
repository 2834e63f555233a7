"""Reads of adoption monitoring: the series of one exchange or agreement against its
targets and the register of figures; fixed query counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from roadmap.models import AdoptionMeasurement, AdoptionTarget, Indicator

SORTS = {
    "newest": ("-measured_on", "-pk"),
    "oldest": ("measured_on", "pk"),
    "value": ("-value", "-measured_on", "-pk"),
}


@dataclass
class Series:
    indicator: str
    label: str
    figures: list[AdoptionMeasurement] = field(default_factory=list)
    target: AdoptionTarget | None = None

    @property
    def latest(self) -> AdoptionMeasurement | None:
        return self.figures[-1] if self.figures else None

    @property
    def share(self) -> int | None:
        """The latest figure as a percentage of the target (rounded down)."""
        if self.latest is None or self.target is None or not self.target.value:
            return None
        return self.latest.value * 100 // self.target.value


def series_of(subject: Any, user: Any) -> list[Series]:
    """Per indicator with figures or a target: the figures by date and the target; two
    queries."""
    where = {subject._meta.model_name: subject}
    by_indicator: dict[str, Series] = {}
    labels = dict(Indicator.choices)

    def series(indicator: str) -> Series:
        if indicator not in by_indicator:
            by_indicator[indicator] = Series(indicator, str(labels.get(indicator, indicator)))
        return by_indicator[indicator]

    figures = (
        AdoptionMeasurement.objects.visible_to(user)
        .filter(**where)
        .select_related("organisation")
        .order_by("measured_on", "pk")
    )
    for figure in figures:
        series(figure.indicator).figures.append(figure)
    for target in AdoptionTarget.objects.visible_to(user).filter(**where):
        series(target.indicator).target = target
    order = list(Indicator.values)
    return sorted(by_indicator.values(), key=lambda s: order.index(s.indicator))


def series_figure(all_series: list[Series]) -> dict[str, Any]:
    """One panel per indicator (their scales differ: thousands of care providers, a dozen
    vendors), sharing the time axis: the figures as a line, the target dashed to its date."""
    import json

    from django.utils.translation import gettext as _
    from plotly.subplots import make_subplots

    from portal.dashboards.charts import PALETTE

    drawn = [s for s in all_series if s.figures or s.target is not None]
    fig = make_subplots(
        rows=len(drawn),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=[s.label for s in drawn],
    )
    for row, s in enumerate(drawn, start=1):
        colour = PALETTE[(row - 1) % len(PALETTE)]
        if s.figures:
            fig.add_trace(
                go_scatter(
                    name=s.label,
                    x=[f.measured_on.isoformat() for f in s.figures],
                    y=[f.value for f in s.figures],
                    line={"color": colour},
                ),
                row=row,
                col=1,
            )
        if s.target is not None:
            start = s.figures[0].measured_on if s.figures else s.target.target_date
            fig.add_trace(
                go_scatter(
                    name=_("Target: %(label)s") % {"label": s.label},
                    x=[start.isoformat(), s.target.target_date.isoformat()],
                    y=[s.target.value, s.target.value],
                    line={"color": colour, "dash": "dash"},
                ),
                row=row,
                col=1,
            )
        fig.update_yaxes(rangemode="tozero", row=row, col=1)
    fig.update_xaxes(type="date")
    fig.update_layout(
        height=60 + 220 * len(drawn),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        showlegend=False,  # each panel is titled; dashed is the target (said in the caption)
    )
    return json.loads(fig.to_json())


def go_scatter(**kwargs: Any) -> Any:
    import plotly.graph_objects as go

    return go.Scatter(mode="lines+markers", **kwargs)


def register(
    user: Any,
    *,
    q: str = "",
    indicator: str = "",
    kind: str = "",
    sort: str = "newest",
) -> QuerySet[AdoptionMeasurement]:
    """Every figure this person may see, filtered; subject and reporter joined."""
    qs = AdoptionMeasurement.objects.visible_to(user).select_related(
        "exchange", "agreement", "organisation"
    )
    if indicator:
        qs = qs.filter(indicator=indicator)
    if kind == "exchange":
        qs = qs.filter(exchange__isnull=False)
    elif kind == "agreement":
        qs = qs.filter(agreement__isnull=False)
    if q:
        qs = qs.filter(
            Q(exchange__title__icontains=q)
            | Q(agreement__code__icontains=q)
            | Q(agreement__title__icontains=q)
            | Q(source__icontains=q)
        )
    return qs.order_by(*SORTS.get(sort, SORTS["newest"]))
