"""The roadmap's public charts: Wegiz agenda, programmes and tranches, pilots, regions."""

from __future__ import annotations

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.dashboards.charts import Chart, Table, pivot, register_chart
from roadmap.models import (
    AlignmentReview,
    Deliverable,
    Exchange,
    Initiative,
    OutcomeAssessment,
    PhaseChange,
)
from roadmap.models.wegiz import PHASE_ORDER, Phase

# --- Wegiz ------------------------------------------------------------------------------


def wegiz_phases_by_year() -> Table:
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
    table.rows = pivot(rows, "year", "phase", years, list(PHASE_ORDER))
    return table


def wegiz_phase_and_spoor() -> Table:
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
            pivot(rows, "phase", "spoor", list(PHASE_ORDER), [1, 2, None]),
            strict=True,
        )
    ]
    return table


# --- Portfolio and pilots -------------------------------------------------------------------

PROGRESS = ["delivered", "slipped", "in_progress", "planned"]


def _progress_columns() -> list[str]:
    labels = dict(Deliverable.Status.choices)
    return [str(labels[s]) for s in PROGRESS]


def programme_progress() -> Table:
    rows = list(
        Deliverable.objects.published()
        .values("status", name=F("programme__name"))
        .annotate(n=Count("pk"))
        .order_by("name")
    )
    names = sorted({r["name"] for r in rows})
    return Table(
        [_("Programme"), *_progress_columns()], pivot(rows, "name", "status", names, PROGRESS)
    )


def tranche_progress() -> Table:
    rows = list(
        Deliverable.objects.published()
        .filter(tranche__isnull=False)
        .values("status", name=F("tranche__name"), tranche_start=F("tranche__start"))
        .annotate(n=Count("pk"))
        .order_by("tranche_start", "name")
    )
    names = list(dict.fromkeys(r["name"] for r in rows))
    return Table(
        [_("Tranche"), *_progress_columns()], pivot(rows, "name", "status", names, PROGRESS)
    )


def pilot_scores() -> Table:
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
        pivot(rows, "region_name", "verdict", regions, VERDICTS),
    )


# --- Adoption ------------------------------------------------------------------------------


def _adoption_against_target(indicator: str) -> Table:
    """Per exchange with figures: its target, the latest figure and what is still to go;
    one query (the latest figure and the target as subqueries)."""
    from roadmap.models import AdoptionMeasurement, AdoptionTarget

    latest = (
        AdoptionMeasurement.objects.filter(exchange=OuterRef("pk"), indicator=indicator)
        .order_by("-measured_on", "-pk")
        .values("value")[:1]
    )
    target = AdoptionTarget.objects.filter(exchange=OuterRef("pk"), indicator=indicator).values(
        "value"
    )[:1]
    rows = (
        Exchange.objects.annotate(latest=Subquery(latest), target=Subquery(target))
        .filter(latest__isnull=False)
        .order_by("number")
        .values_list("number", "title", "target", "latest")
    )
    return Table(
        [_("Exchange"), _("Target"), _("Reached"), _("Still to go")],
        [
            [
                f"{number}. {title}",
                goal,
                value,
                max(goal - value, 0) if goal is not None else 0,
            ]
            for number, title, goal, value in rows
        ],
    )


def adoption_care_providers() -> Table:
    return _adoption_against_target("care_providers")


def adoption_vendors() -> Table:
    return _adoption_against_target("vendors_validated")


# --- Funding -------------------------------------------------------------------------------


def funding_budget() -> Table:
    """Per scheme: the ceiling (a column, not drawn), granted and remaining (the bars)."""
    from roadmap.regions.selectors import schemes_with_money

    rows = [
        [s.name, s.budget, s.committed, max(s.remaining, 0) if s.remaining is not None else 0]
        for s in schemes_with_money().prefetch_related(None)  # one query: no calls
    ]
    return Table([_("Scheme"), _("Budget ceiling"), _("Granted"), _("Remaining")], rows)


def funding_per_region() -> Table:
    """Granted per region, one series per scheme (grants are public)."""
    from roadmap.regions.selectors import committed_by_region

    rows = committed_by_region()
    schemes = sorted({r["scheme__name"] for r in rows})
    regions = sorted({r["initiative__region__name"] for r in rows})
    cells = {(r["initiative__region__name"], r["scheme__name"]): r["committed"] for r in rows}
    return Table(
        [_("Region"), *schemes],
        [[region] + [cells.get((region, s), 0) for s in schemes] for region in regions],
    )


def register() -> None:
    register_chart(
        Chart(
            "wegiz-phases-per-year",
            gettext_lazy("Wegiz agenda"),
            gettext_lazy("Exchanges entering each phase, per year"),
            gettext_lazy("How many exchanges on the agenda reached each phase in each year."),
            wegiz_phases_by_year,
            order=10,
        )
    )
    register_chart(
        Chart(
            "wegiz-phase-and-spoor",
            gettext_lazy("Wegiz agenda"),
            gettext_lazy("The agenda now: phase and designation track (spoor)"),
            gettext_lazy(
                "Exchanges on the agenda by their current phase, split by the spoor of their "
                "designation. An exchange with designations on both tracks counts in both."
            ),
            wegiz_phase_and_spoor,
            order=20,
        )
    )
    register_chart(
        Chart(
            "programme-progress",
            gettext_lazy("Programmes and tranches"),
            gettext_lazy("Deliverables per programme: delivered, slipped and planned"),
            gettext_lazy("The state of every public deliverable, per programme."),
            programme_progress,
            horizontal=True,
            order=70,
        )
    )
    register_chart(
        Chart(
            "tranche-progress",
            gettext_lazy("Programmes and tranches"),
            gettext_lazy("Deliverables per tranche"),
            gettext_lazy("The state of the deliverables of each published tranche."),
            tranche_progress,
            horizontal=True,
            order=80,
        )
    )
    register_chart(
        Chart(
            "pilot-scores",
            gettext_lazy("Pilots"),
            gettext_lazy("Pilot outcomes side by side"),
            gettext_lazy("Scores from 1 (poor) to 5 (good) on the four outcome criteria."),
            pilot_scores,
            barmode="group",
            order=90,
        )
    )
    register_chart(
        Chart(
            "regions-alignment",
            gettext_lazy("Regions"),
            gettext_lazy("Regional initiatives by region and CDS verdict"),
            gettext_lazy("Initiatives per region, by the overall verdict of their latest review."),
            regions_alignment,
            horizontal=True,
            order=100,
        )
    )
    register_chart(
        Chart(
            "funding-budget",
            gettext_lazy("Funding"),
            gettext_lazy("Funding schemes: granted and remaining budget (euro)"),
            gettext_lazy(
                "For each scheme the amount granted so far and what remains under its budget "
                "ceiling; a scheme without a ceiling shows only what was granted."
            ),
            funding_budget,
            horizontal=True,
            first_series=2,
            order=110,
        )
    )
    register_chart(
        Chart(
            "funding-per-region",
            gettext_lazy("Funding"),
            gettext_lazy("Granted per region and scheme (euro)"),
            gettext_lazy("What the grants to the initiatives of each region add up to."),
            funding_per_region,
            horizontal=True,
            order=120,
        )
    )
    register_chart(
        Chart(
            "adoption-care-providers",
            gettext_lazy("Adoption"),
            gettext_lazy("Care providers connected per exchange, against the target"),
            gettext_lazy(
                "The latest number of care providers connected to each exchange, and how many "
                "are still to come to reach its target."
            ),
            adoption_care_providers,
            horizontal=True,
            first_series=2,
            order=24,
        )
    )
    register_chart(
        Chart(
            "adoption-vendors",
            gettext_lazy("Adoption"),
            gettext_lazy("Vendors validated by the NTV per exchange, against the target"),
            gettext_lazy(
                "The latest number of vendors the national testing facility has validated for "
                "each exchange, and how many are still to come to reach its target."
            ),
            adoption_vendors,
            horizontal=True,
            first_series=2,
            order=26,
        )
    )
