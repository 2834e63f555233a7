"""Reads of the portfolio: the Gantt data, dependencies and the meeting overview."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from roadmap.extensions import MEETING_SECTIONS, MeetingSection
from roadmap.models import (
    Decision,
    DecisionAction,
    Deliverable,
    Milestone,
    PortfolioMeeting,
    Programme,
    Risk,
    Tranche,
)

OPEN_DELIVERABLE = [
    Deliverable.Status.PLANNED,
    Deliverable.Status.IN_PROGRESS,
    Deliverable.Status.SLIPPED,
]


def gantt_rows(
    user: Any, *, programme: str = "", tranche: str = "", today: dt.date
) -> dict[str, Any]:
    """Tranches, deliverables and milestones to draw, with dependencies and what is late."""
    visible_deliverables = Deliverable.objects.visible_to(user)
    deliverables = visible_deliverables.select_related("programme", "tranche").prefetch_related(
        Prefetch("depends_on", queryset=visible_deliverables.only("id", "title", "due", "status"))
    )
    tranches = Tranche.objects.visible_to(user)
    milestones = Milestone.objects.visible_to(user).prefetch_related("programmes", "tranches")
    if programme:
        deliverables = deliverables.filter(programme__slug=programme)
        milestones = milestones.filter(programmes__slug=programme)
    if tranche:
        deliverables = deliverables.filter(tranche__slug=tranche)
        tranches = tranches.filter(slug=tranche)
        milestones = milestones.filter(tranches__slug=tranche)
    rows = list(deliverables.order_by("programme__name", "due"))
    late = {
        d.pk
        for d in rows
        if d.status in OPEN_DELIVERABLE and (d.due < today or d.due > d.original_due)
    }
    blocked = [
        (
            d,
            [
                p
                for p in d.depends_on.all()
                if p.pk in late or (p.status in OPEN_DELIVERABLE and p.due < today)
            ],
        )
        for d in rows
        if d.status in OPEN_DELIVERABLE
    ]
    return {
        "tranches": list(tranches.order_by("start")),
        "deliverables": rows,
        "milestones": list(milestones.distinct().order_by("date")),
        "late": late,
        "blocked": [(d, by) for d, by in blocked if by],
    }


def gantt_figure(rows: dict[str, Any], today: dt.date) -> dict:
    import plotly.graph_objects as go

    from portal.dashboards.charts import CHART_COLOURS

    fig = go.Figure()
    day = 24 * 3600 * 1000

    def bar(name, items, colour, label, start, end, hover):
        if not items:
            return
        fig.add_trace(
            go.Bar(
                orientation="h",
                name=name,
                marker={"color": colour},
                y=[label(i) for i in items],
                base=[start(i).isoformat() for i in items],
                x=[max(1, (end(i) - start(i)).days) * day for i in items],
                hovertext=[hover(i) for i in items],
                hoverinfo="text",
            )
        )

    bar(
        _("Tranche"),
        rows["tranches"],
        CHART_COLOURS["5"],
        lambda t: f"Tranche: {t.name[:40]}",
        lambda t: t.start,
        lambda t: t.end,
        lambda t: t.name,
    )
    on_time = [d for d in rows["deliverables"] if d.pk not in rows["late"]]
    slipped = [d for d in rows["deliverables"] if d.pk in rows["late"]]
    bar(
        _("Deliverable"),
        on_time,
        CHART_COLOURS["1"],
        lambda d: f"{d.programme.name[:18]}: {d.title[:36]}",
        lambda d: d.start,
        lambda d: d.due,
        lambda d: f"{d.title} ({d.get_status_display()})",
    )
    bar(
        _("Late or slipped"),
        slipped,
        CHART_COLOURS["bad"],
        lambda d: f"{d.programme.name[:18]}: {d.title[:36]}",
        lambda d: d.start,
        lambda d: d.due,
        lambda d: f"{d.title}: " + _("originally due") + f" {d.original_due}",
    )
    if rows["milestones"]:
        fig.add_trace(
            go.Scatter(
                mode="markers",
                name=_("Milestone"),
                marker={"symbol": "diamond", "size": 12, "color": CHART_COLOURS["3"]},
                x=[m.date.isoformat() for m in rows["milestones"]],
                y=[f"◆ {m.title[:50]}" for m in rows["milestones"]],
                hovertext=[m.title for m in rows["milestones"]],
                hoverinfo="text",
            )
        )
    count = len(rows["tranches"]) + len(rows["deliverables"]) + len(rows["milestones"])
    fig.update_layout(
        barmode="overlay",
        height=max(320, 28 * count + 140),
        xaxis={"type": "date"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    fig.add_vline(x=today.isoformat(), line_dash="dot", line_color=CHART_COLOURS["today"])
    return json.loads(fig.to_json())


@dataclass
class MeetingOverview:
    day: dt.date
    since: dt.date
    previous: PortfolioMeeting | None
    programmes: Sequence[Programme]
    milestones_due: list[Milestone]
    milestones_slipped: list[Milestone]
    top_risks: Sequence[Risk]
    heat: list[list[int]]  # heat[impact-1][probability-1]
    open_decisions: list[Decision]
    overdue_actions: list[DecisionAction]
    # Open deliverables due after the end of their tranche, or after a deliverable that
    # depends on them: what a slip now overruns.
    overruns: list[Deliverable] = field(default_factory=list)
    # What other domains add to the pack (open follow-ups of advice, overdue commitments).
    sections: list[MeetingSection] = field(default_factory=list)

    @property
    def heat_rows(self) -> list[tuple[int, list[int]]]:
        return [(impact, self.heat[impact - 1]) for impact in range(5, 0, -1)]


def meeting_overview(day: dt.date, *, top: int = 5) -> MeetingOverview:
    """What the portfolio meeting on `day` must see.

    - milestones due: dated from the previous meeting up to `day`, not achieved or cancelled;
    - slipped: moved past their original date, changed since the previous meeting;
    - top risks: open risks by probability × impact;
    - open decisions: with an action not done; overdue actions: due before `day`, not done.
    """
    previous = PortfolioMeeting.objects.filter(date__lt=day).order_by("-date").first()
    since = previous.date if previous else day - dt.timedelta(days=42)
    finished = [Milestone.Status.ACHIEVED, Milestone.Status.CANCELLED]
    programmes = list(
        Programme.objects.exclude(status=Programme.Status.CLOSED)
        .annotate(
            n_delivered=Count(
                "deliverables", filter=Q(deliverables__status=Deliverable.Status.DELIVERED)
            ),
            n_open=Count("deliverables", filter=Q(deliverables__status__in=OPEN_DELIVERABLE)),
            n_late=Count(
                "deliverables",
                filter=Q(deliverables__status__in=OPEN_DELIVERABLE)
                & (
                    Q(deliverables__due__lt=day)
                    | Q(deliverables__due__gt=F("deliverables__original_due"))
                ),
            ),
        )
        .order_by("name")
    )
    due = list(
        Milestone.objects.filter(date__gte=since, date__lte=day).exclude(status__in=finished)
    )
    changed = Milestone.history.filter(
        id=OuterRef("pk"), history_date__date__gt=since, history_date__date__lte=day
    )
    slipped = list(
        Milestone.objects.exclude(status__in=finished)
        .filter(Q(status=Milestone.Status.SLIPPED) | Q(date__gt=F("original_date")))
        .filter(Exists(changed))
        .order_by("date")
    )
    open_risks = Risk.objects.filter(status=Risk.Status.OPEN).annotate(
        risk_score=F("probability") * F("impact")
    )
    top_risks = list(open_risks.select_related("programme").order_by("-risk_score", "title")[:top])
    heat = [[0] * 5 for _ in range(5)]
    for row in open_risks.values("probability", "impact").annotate(n=Count("id")):
        heat[row["impact"] - 1][row["probability"] - 1] = row["n"]
    overdue = list(
        DecisionAction.objects.filter(done_on__isnull=True, due__lt=day)
        .select_related("decision")
        .order_by("due")
    )
    open_decisions = list(
        Decision.objects.filter(
            Exists(DecisionAction.objects.filter(decision=OuterRef("pk"), done_on__isnull=True))
        )
        .prefetch_related("actions")
        .order_by("-date")
    )
    sections = [import_string(path)(day, since) for path in MEETING_SECTIONS]
    return MeetingOverview(
        day,
        since,
        previous,
        programmes,
        due,
        slipped,
        top_risks,
        heat,
        open_decisions,
        overdue,
        overruns(),
        sections,
    )


@dataclass
class Conflicts:
    """What a deliverable due on a date overruns."""

    dependents_before: list[Deliverable]
    tranche_overrun: Tranche | None

    def __bool__(self) -> bool:
        return bool(self.dependents_before or self.tranche_overrun)


def reschedule_conflicts(deliverable: Deliverable, due: dt.date) -> Conflicts:
    """Deliverables that depend on this one but are due before `due`, and its tranche if
    `due` lies after the tranche's end."""
    dependents = list(
        deliverable.dependents.filter(due__lt=due)
        .exclude(status__in=[Deliverable.Status.DELIVERED, Deliverable.Status.CANCELLED])
        .select_related("programme")
        .order_by("due")
    )
    tranche = deliverable.tranche
    return Conflicts(dependents, tranche if tranche and due > tranche.end else None)


def overruns() -> list[Deliverable]:
    """Open deliverables now due after their tranche's end or after one that depends on them."""
    return list(
        Deliverable.objects.filter(status__in=OPEN_DELIVERABLE)
        .filter(
            Q(tranche__isnull=False, due__gt=F("tranche__end"))
            | Exists(
                Deliverable.depends_on.through.objects.filter(
                    to_deliverable=OuterRef("pk"), from_deliverable__due__lt=OuterRef("due")
                )
            )
        )
        .select_related("programme", "tranche")
        .order_by("due", "pk")[:50]
    )


def staff_todo(user: Any, today: dt.date) -> dict[str, Any]:
    """Decision actions past their due date."""
    from portal.core.todo import LIMIT

    if not user.has_perm("portfolio.manage"):
        return {}
    return {
        "overdue_actions": list(
            DecisionAction.objects.filter(done_on__isnull=True, due__lt=today)
            .select_related("decision")
            .order_by("due")[:LIMIT]
        )
    }
