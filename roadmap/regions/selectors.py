"""Reads for regions, the CDS overview and funding; fixed query counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DecimalField, F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from agreements.models import Agreement
from roadmap.models import (
    AlignmentReview,
    FundingApplication,
    FundingCall,
    FundingScheme,
    GrantCondition,
    Initiative,
    ProgressReport,
    Region,
)


def visible_applications(user: Any) -> QuerySet[FundingApplication]:
    return FundingApplication.objects.visible_to(user).select_related(
        "initiative__region", "scheme"
    )


MONEY = DecimalField(max_digits=14, decimal_places=0)


def schemes_with_money() -> QuerySet[FundingScheme]:
    """Every scheme with what its grants add up to (`committed`), what is left under its
    ceiling (`remaining`, None without a ceiling), the number of grants and its calls; one
    query plus one for the calls, whatever the number of applications."""
    grants = Q(applications__status__in=FundingApplication.GRANTS)
    return (
        FundingScheme.objects.annotate(
            committed=Coalesce(
                Sum("applications__amount_granted", filter=grants), Value(0), output_field=MONEY
            ),
            n_grants=Count("applications", filter=grants),
        )
        .annotate(remaining=F("budget") - F("committed"))
        .prefetch_related(
            Prefetch("calls", queryset=FundingCall.objects.order_by("opens_on", "pk"))
        )
        .order_by("name")
    )


def committed_by_region(scheme: FundingScheme | None = None) -> list[dict[str, Any]]:
    """Grants per scheme and region (public: grants are decided applications): the amounts
    requested and granted and how many, one grouped query."""
    rows = FundingApplication.objects.published().filter(status__in=FundingApplication.GRANTS)
    if scheme is not None:
        rows = rows.filter(scheme=scheme)
    grouped: Any = (
        rows.values(
            "scheme__slug",
            "scheme__name",
            "initiative__region__slug",
            "initiative__region__name",
        )
        .annotate(
            requested=Sum("amount_requested"),
            committed=Sum("amount_granted"),
            n=Count("pk"),
        )
        .order_by("scheme__name", "initiative__region__name")
    )
    return [dict(row) for row in grouped]


def pending_requested(user: Any, scheme: FundingScheme) -> dict[str, Any]:
    """Submitted, undecided applications this person may see: how many and the sum asked."""
    pending = FundingApplication.objects.visible_to(user).filter(
        scheme=scheme, status=FundingApplication.Status.SUBMITTED
    )
    return pending.aggregate(
        n=Count("pk"),
        requested=Coalesce(Sum("amount_requested"), Value(0), output_field=MONEY),
    )


def initiatives_with_latest_review() -> QuerySet[Initiative]:
    return (
        Initiative.objects.select_related("region")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=AlignmentReview.objects.order_by("-reviewed_on", "-id"),
                to_attr="reviews_newest_first",
            ),
            Prefetch(
                "applications",
                queryset=FundingApplication.objects.published().select_related("scheme"),
                to_attr="decided_applications",
            ),
        )
        .order_by("region__name", "title")
    )


@dataclass
class CdsOverview:
    initiatives: list[Initiative]
    overlaps: list[tuple[str, list[Initiative]]]
    late_reports: list[ProgressReport]
    grid: list[tuple[Region, dict[str, int]]]
    reuse: list[tuple[str, int]]


def cds_overview(today: dt.date) -> CdsOverview:
    initiatives = list(
        initiatives_with_latest_review().prefetch_related(
            Prefetch("agreements", queryset=Agreement.objects.published())
        )
    )
    by_function: dict[str, list[Initiative]] = defaultdict(list)
    reuse: dict[str, int] = defaultdict(int)
    for initiative in initiatives:
        for function in initiative.own_functions or []:
            by_function[function].append(initiative)
        for agreement in initiative.agreements.all():
            reuse[agreement.code] += 1
    overlaps = sorted((f, items) for f, items in by_function.items() if len(items) > 1)
    late = [
        r
        for r in ProgressReport.objects.select_related("initiative__region")
        .filter(initiative__status=Initiative.Status.RUNNING)
        .order_by("due_date")
        if r.is_late(today) and r.status == ProgressReport.Status.DRAFT
    ]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for initiative in initiatives:
        newest: list[AlignmentReview] = getattr(initiative, "reviews_newest_first", [])
        latest = newest[0] if newest else None
        counts[initiative.region_id][latest.overall if latest else "none"] += 1
    grid = [(region, dict(counts.get(region.pk, {}))) for region in Region.objects.order_by("name")]
    return CdsOverview(
        initiatives, overlaps, late, grid, sorted(reuse.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def region_grid_figure(grid: list[tuple[Region, dict[str, int]]]) -> dict:
    """Stacked bars per region by latest alignment verdict (the table beside it has the same)."""
    import json

    import plotly.graph_objects as go
    from django.utils.translation import gettext as _

    labels = {
        "aligned": _("Aligned"),
        "partly": _("Partly aligned"),
        "not_aligned": _("Not aligned"),
        "none": _("Not reviewed"),
    }
    from portal.dashboards.charts import CHART_COLOURS

    colours = {
        "aligned": CHART_COLOURS["good"],
        "partly": CHART_COLOURS["warn"],
        "not_aligned": CHART_COLOURS["bad"],
        "none": CHART_COLOURS["none"],
    }
    fig = go.Figure()
    for key, label in labels.items():
        fig.add_trace(
            go.Bar(
                name=str(label),
                x=[r.name for r, _c in grid],
                y=[c.get(key, 0) for _r, c in grid],
                marker={"color": colours[key]},
            )
        )
    fig.update_layout(
        barmode="stack",
        height=380,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.3},
        yaxis={"title": _("Initiatives")},
    )
    return json.loads(fig.to_json())


def staff_todo(user: Any, today: dt.date) -> dict[str, Any]:
    """Applications to assess; progress reports overdue in the regions this person sees."""
    from portal.core.todo import LIMIT, REPORTS_SHOWN

    todo: dict[str, Any] = {}
    if user.has_perm("regions.assess"):
        todo["applications"] = list(
            FundingApplication.objects.filter(status=FundingApplication.Status.SUBMITTED)
            .select_related("initiative")
            .order_by("pk")[:LIMIT]
        )
        # Conditions of grants past their date without a follow-up.
        todo["overdue_conditions"] = list(
            GrantCondition.objects.filter(status=GrantCondition.Status.OPEN, due__lt=today)
            .select_related("application__initiative", "criterion")
            .order_by("due", "pk")[:LIMIT]
        )
    if user.has_perm("regions.view_all"):
        reports = ProgressReport.objects.all()
    elif user.has_perm("regions.view_mine"):
        reports = ProgressReport.objects.filter(
            initiative__region__in=user.region_assignments.values("region")
        )
    else:
        return todo
    overdue = reports.filter(due_date__lt=today).exclude(status=ProgressReport.Status.SUBMITTED)
    # The oldest few by name; the rest as a number, so the list stays readable.
    todo["overdue_reports"] = list(
        overdue.select_related("initiative__region").order_by("due_date", "pk")[:REPORTS_SHOWN]
    )
    todo["overdue_reports_more"] = max(0, overdue.count() - REPORTS_SHOWN)
    return todo
