"""The public dashboards: each chart is one aggregate query, a table and a figure.

Every figure is drawn from the same table that is shown beside it and offered as CSV,
so the three can never disagree. The database groups and counts; Python only pivots
the few grouped rows into columns. Dashboards are public: they count only what the
public may see, whoever is looking.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PALETTE = ["#154273", "#39870c", "#ffb612", "#a90061", "#8fcae7", "#e17000", "#6b6b6b", "#007bc7"]


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


def _pivot(
    rows: list[dict[str, Any]], row_key: str, col_key: str, row_order: list, cols: list
) -> list[list[Any]]:
    """Grouped (row, column, n) records from the database into a wide table."""
    cells: dict[tuple[Any, Any], int] = {}
    for r in rows:
        cells[(r[row_key], r[col_key])] = cells.get((r[row_key], r[col_key]), 0) + r["n"]
    return [[row] + [cells.get((row, c), 0) for c in cols] for row in row_order]


# --- Wegiz ------------------------------------------------------------------------------


def wegiz_phases_by_year() -> Table:
    from roadmap.models import PhaseChange
    from roadmap.models.wegiz import PHASE_ORDER, Phase

    rows = list(
        PhaseChange.objects.filter(is_planned=False, exchange__on_agenda=True)
        .annotate(year=ExtractYear("date"))
        .values("year", "phase")
        .annotate(n=Count("exchange", distinct=True))
        .order_by("year")
    )
    years = sorted({r["year"] for r in rows})
    labels = dict(Phase.choices)
    table = Table([_("Year")] + [str(labels[p]) for p in PHASE_ORDER])
    table.rows = _pivot(rows, "year", "phase", years, list(PHASE_ORDER))
    return table


def wegiz_phase_and_spoor() -> Table:
    from roadmap.models import Exchange
    from roadmap.models.wegiz import PHASE_ORDER, Phase

    rows = list(
        Exchange.objects.filter(on_agenda=True)
        .values("phase", spoor=F("designations__spoor"))
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    labels = dict(Phase.choices)
    table = Table([_("Phase"), _("Spoor 1"), _("Spoor 2"), _("No designation yet")])
    table.rows = [
        [str(labels[p]), *row[1:]]
        for p, row in zip(
            PHASE_ORDER,
            _pivot(rows, "phase", "spoor", list(PHASE_ORDER), [1, 2, None]),
            strict=True,
        )
    ]
    return table


# --- Catalogue -----------------------------------------------------------------------------


def _agreement_statuses() -> list[tuple[str, str]]:
    from agreements.models import Agreement

    return [(v, str(label)) for v, label in Agreement.Status.choices if v != "draft"]


def catalogue_by(field_name: str, heading: str) -> Table:
    from agreements.models import Agreement

    statuses = _agreement_statuses()
    rows = list(
        Agreement.objects.published()
        .values(field_name, "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    choices = Agreement._meta.get_field(field_name).choices
    table = Table([heading] + [label for _v, label in statuses])
    pivot = _pivot(rows, field_name, "status", [v for v, _l in choices], [v for v, _l in statuses])
    table.rows = [[str(label), *row[1:]] for (_v, label), row in zip(choices, pivot, strict=True)]
    return table


def catalogue_by_layer() -> Table:
    return catalogue_by("layer", _("Layer"))


def catalogue_by_plateau() -> Table:
    return catalogue_by("plateau", _("Plateau"))


def temporary_expiring() -> Table:
    from agreements.models import Agreement

    rows = list(
        Agreement.objects.published()
        .filter(is_temporary=True, valid_until__isnull=False)
        .exclude(status=Agreement.Status.WITHDRAWN)
        .annotate(year=ExtractYear("valid_until"), quarter=ExtractQuarter("valid_until"))
        .values("year", "quarter")
        .annotate(n=Count("pk"))
        .order_by("year", "quarter")
    )
    return Table(
        [_("Quarter"), _("Temporary agreements ending")],
        [[f"{r['year']} Q{r['quarter']}", r["n"]] for r in rows],
    )


def releases_per_year() -> Table:
    from agreements.models import Release

    rows = list(
        Release.objects.published()
        .filter(published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return Table([_("Year"), _("Releases published")], [[r["year"], r["n"]] for r in rows])


# --- Portfolio and pilots -------------------------------------------------------------------

PROGRESS = ["delivered", "slipped", "in_progress", "planned"]


def _progress_columns() -> list[str]:
    from roadmap.models import Deliverable

    labels = dict(Deliverable.Status.choices)
    return [str(labels[s]) for s in PROGRESS]


def programme_progress() -> Table:
    from roadmap.models import Deliverable

    rows = list(
        Deliverable.objects.published()
        .values("status", name=F("programme__name"))
        .annotate(n=Count("pk"))
        .order_by("name")
    )
    names = sorted({r["name"] for r in rows})
    return Table(
        [_("Programme"), *_progress_columns()], _pivot(rows, "name", "status", names, PROGRESS)
    )


def tranche_progress() -> Table:
    from roadmap.models import Deliverable

    rows = list(
        Deliverable.objects.published()
        .filter(tranche__isnull=False)
        .values("status", name=F("tranche__name"), tranche_start=F("tranche__start"))
        .annotate(n=Count("pk"))
        .order_by("tranche_start", "name")
    )
    names = list(dict.fromkeys(r["name"] for r in rows))
    return Table(
        [_("Tranche"), *_progress_columns()], _pivot(rows, "name", "status", names, PROGRESS)
    )


def pilot_scores() -> Table:
    from roadmap.models import OutcomeAssessment

    rows = OutcomeAssessment.objects.published().order_by("pilot__title")
    return Table(
        [
            _("Pilot"),
            _("Technical feasibility"),
            _("User experience"),
            _("Scalability"),
            _("Impact on work processes"),
        ],
        [
            list(r)
            for r in rows.values_list(
                "pilot__title",
                "technical_feasibility",
                "user_experience",
                "scalability",
                "work_process_impact",
            )
        ],
    )


# --- Regions -------------------------------------------------------------------------------

VERDICTS = ["aligned", "partly", "not_aligned", "none"]


def regions_alignment() -> Table:
    from roadmap.models import AlignmentReview, Initiative

    points = AlignmentReview.POINTS
    overall = Case(
        When(Q(**dict.fromkeys(points, "aligned")), then=Value("aligned")),
        When(
            Q(*[Q(**{p: "not_aligned"}) for p in points], _connector=Q.OR),
            then=Value("not_aligned"),
        ),
        default=Value("partly"),
        output_field=CharField(),
    )
    latest = (
        AlignmentReview.objects.filter(initiative=OuterRef("pk"))
        .order_by("-reviewed_on", "-id")
        .annotate(overall=overall)
        .values("overall")[:1]
    )
    rows = list(
        Initiative.objects.annotate(verdict=Coalesce(Subquery(latest), Value("none")))
        .values("verdict", region_name=F("region__name"))
        .annotate(n=Count("pk"))
        .order_by("region_name")
    )
    regions = sorted({r["region_name"] for r in rows})
    return Table(
        [_("Region"), _("Aligned"), _("Partly aligned"), _("Not aligned"), _("Not yet reviewed")],
        _pivot(rows, "region_name", "verdict", regions, VERDICTS),
    )


# --- Consultations -----------------------------------------------------------------------------


def consultation_handling() -> Table:
    """Comments per consultation and how they were handled. Dispositions are counted only
    once the report is published: before that they are the ministry's work in progress."""
    from portal.consultations.models import Comment, Consultation

    active = Q(comments__status=Comment.Status.ACTIVE)
    reported = Q(status=Consultation.Status.REPORTED)
    counts = {
        f"d_{d}": Count("comments", filter=active & Q(comments__answer__disposition=d))
        for d in ("adopted", "partly", "not_adopted", "noted")
    }
    rows = (
        Consultation.objects.published()
        .annotate(
            total=Count("comments", filter=active),
            is_reported=Case(When(reported, then=Value(1)), default=Value(0)),
            **counts,
        )
        .order_by("opens_at", "pk")
        .values("title", "total", "is_reported", *counts)
    )
    table = Table(
        [
            _("Consultation"),
            _("Comments"),
            _("Adopted"),
            _("Partly adopted"),
            _("Not adopted"),
            _("Noted"),
            _("Awaiting the report"),
        ]
    )
    for r in rows:
        if r["is_reported"]:
            handled = [r[k] for k in counts]
            table.rows.append([r["title"], r["total"], *handled, r["total"] - sum(handled)])
        else:
            table.rows.append([r["title"], r["total"], 0, 0, 0, 0, r["total"]])
    return table


CHARTS: tuple[Chart, ...] = (
    Chart(
        "wegiz-phases-per-year",
        gettext_lazy("Wegiz agenda"),
        gettext_lazy("Exchanges entering each phase, per year"),
        gettext_lazy("How many exchanges on the agenda reached each phase in each year."),
        wegiz_phases_by_year,
    ),
    Chart(
        "wegiz-phase-and-spoor",
        gettext_lazy("Wegiz agenda"),
        gettext_lazy("The agenda now: phase and designation track (spoor)"),
        gettext_lazy(
            "Exchanges on the agenda by their current phase, split by the spoor of their "
            "designation. An exchange with designations on both tracks counts in both."
        ),
        wegiz_phase_and_spoor,
    ),
    Chart(
        "catalogue-by-layer",
        gettext_lazy("Agreement catalogue"),
        gettext_lazy("Agreements by layer and status"),
        gettext_lazy("Published agreements per interoperability layer."),
        catalogue_by_layer,
        horizontal=True,
    ),
    Chart(
        "catalogue-by-plateau",
        gettext_lazy("Agreement catalogue"),
        gettext_lazy("Agreements by plateau and status"),
        gettext_lazy("Published agreements per plateau of the roadmap."),
        catalogue_by_plateau,
    ),
    Chart(
        "temporary-agreements-ending",
        gettext_lazy("Agreement catalogue"),
        gettext_lazy("Temporary agreements by the quarter they end"),
        gettext_lazy("Temporary agreements still in the catalogue, by the end of their validity."),
        temporary_expiring,
    ),
    Chart(
        "releases-per-year",
        gettext_lazy("Agreement catalogue"),
        gettext_lazy("Releases published per year"),
        gettext_lazy("Releases of the national agreement system, by year of publication."),
        releases_per_year,
    ),
    Chart(
        "programme-progress",
        gettext_lazy("Programmes and tranches"),
        gettext_lazy("Deliverables per programme: delivered, slipped and planned"),
        gettext_lazy("The state of every public deliverable, per programme."),
        programme_progress,
        horizontal=True,
    ),
    Chart(
        "tranche-progress",
        gettext_lazy("Programmes and tranches"),
        gettext_lazy("Deliverables per tranche"),
        gettext_lazy("The state of the deliverables of each published tranche."),
        tranche_progress,
        horizontal=True,
    ),
    Chart(
        "pilot-scores",
        gettext_lazy("Pilots"),
        gettext_lazy("Pilot outcomes side by side"),
        gettext_lazy("Scores from 1 (poor) to 5 (good) on the four outcome criteria."),
        pilot_scores,
        barmode="group",
    ),
    Chart(
        "regions-alignment",
        gettext_lazy("Regions"),
        gettext_lazy("Regional initiatives by region and CDS verdict"),
        gettext_lazy("Initiatives per region, by the overall verdict of their latest review."),
        regions_alignment,
        horizontal=True,
    ),
    Chart(
        "consultation-handling",
        gettext_lazy("Consultations"),
        gettext_lazy("Consultations: comments received and how they were handled"),
        gettext_lazy(
            "Each bar shows the share of comments adopted, partly adopted, not adopted or "
            "noted; dispositions count once the report is published."
        ),
        consultation_handling,
        barmode="percent",
        horizontal=True,
    ),
)


def charts_by_key() -> dict[str, Chart]:
    return {c.key: c for c in CHARTS}


def figure(chart: Chart, table: Table) -> dict[str, Any]:
    """A Plotly bar figure from a wide table (plotly.py builds it; plotly.js draws it)."""
    import plotly.graph_objects as go

    series = table.columns[1:]
    if chart.key == "consultation-handling":
        series = table.columns[2:]  # the total is in the table; the bars show its shares
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
