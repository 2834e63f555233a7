"""Reads of commitments and motions: the register's filters, the managers' to-do, and the
report to parliament (the state on a date and what changed since the previous report),
read from the audited history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from parliament.models import Commitment, CommitmentStatus

SORTS = {
    "due": ("due", "pk"),
    "-due": ("-due", "-pk"),
    "source": ("-source_date", "pk"),
    "title": ("title", "pk"),
}
OVERDUE = "overdue"  # a status filter value beside the stored states


def register(
    user: Any,
    *,
    q: str = "",
    kind: str = "",
    status: str = "",
    owner: str = "",
    sort: str = "due",
    today: dt.date | None = None,
) -> QuerySet[Commitment]:
    """The register as `user` may see it, filtered and sorted."""
    today = today or timezone.localdate()
    qs = Commitment.objects.visible_to(user)
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(summary__icontains=q)
            | Q(kamerstuk__icontains=q)
            | Q(source_title__icontains=q)
            | Q(submitters__icontains=q)
        )
    if kind in Commitment.Kind.values:
        qs = qs.filter(kind=kind)
    if status == OVERDUE:
        qs = qs.overdue(today)
    elif status in Commitment.Status.values:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner__icontains=owner)
    return qs.order_by(*SORTS.get(sort, SORTS["due"]))


def staff_todo(user: Any, today: dt.date) -> dict[str, Any]:
    """Commitments and motions past their due date, for those who answer for them."""
    from portal.core.todo import LIMIT

    if not user.has_perm("parliament.manage"):
        return {}
    return {
        "overdue_commitments": list(Commitment.objects.overdue(today).order_by("due", "pk")[:LIMIT])
    }


@dataclass
class ReportLine:
    item: Commitment
    status: str  # the state on the report's date: a Status value or OVERDUE
    before: str | None  # the state on the previous report's date; None: not in it
    fulfilled_by: str = ""

    @property
    def changed(self) -> bool:
        return self.before != self.status

    @property
    def is_new(self) -> bool:
        return self.before is None

    @property
    def before_label(self) -> str:
        return state_label(self.before) if self.before else ""


@dataclass
class Report:
    date: dt.date
    since: dt.date | None
    groups: list[tuple[str, str, list[ReportLine]]] = field(default_factory=list)

    @property
    def changed(self) -> list[ReportLine]:
        return [line for group in self.groups for line in group[2] if line.changed]

    @property
    def total(self) -> int:
        return sum(len(lines) for _key, _title, lines in self.groups)


def _states_on(day: dt.date, ids: list[int]) -> dict[int, Any]:
    """Each item's last recorded row at the end of `day` (one query)."""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    rows = (
        Commitment.history.filter(id__in=ids, history_date__lt=end)
        .exclude(history_type="-")
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
    )
    return {row.id: row for row in rows}


def _state(row: Any, day: dt.date) -> str:
    if row.status != CommitmentStatus.FULFILLED and row.due is not None and row.due < day:
        return OVERDUE
    return row.status


def report(user: Any, day: dt.date, since: dt.date | None) -> Report:
    """The register on `day` as `user` may see it today, by state, with each item's state
    on `since` (the previous report). Three queries whatever the size of the history."""
    items = list(
        Commitment.objects.visible_to(user).filter(source_date__lte=day).order_by("due", "pk")
    )
    ids = [item.pk for item in items]
    now = _states_on(day, ids)
    before = _states_on(since, ids) if since else {}
    lines: dict[str, list[ReportLine]] = {}
    for item in items:
        row = now.get(item.pk)
        if row is None:
            continue  # recorded in the portal after `day`
        if not item_was_public(row) and not Commitment.objects.sees_all(user):
            continue
        old = before.get(item.pk)
        state = _state(row, day)
        lines.setdefault(state, []).append(
            ReportLine(
                item=item,
                status=state,
                before=_state(old, since) if old is not None and since else None,
                fulfilled_by=row.fulfilled_by,
            )
        )
    order = [
        (OVERDUE, _overdue_label()),
        *((s.value, s.label) for s in (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)),
        (CommitmentStatus.FULFILLED.value, CommitmentStatus.FULFILLED.label),
    ]
    return Report(
        date=day,
        since=since,
        groups=[(key, str(title), lines.get(key, [])) for key, title in order],
    )


def item_was_public(row: Any) -> bool:
    return bool(row.is_published)


def _overdue_label() -> str:
    from django.utils.translation import gettext

    return gettext("Overdue")


def state_label(state: str) -> str:
    if state == OVERDUE:
        return _overdue_label()
    return str(CommitmentStatus(state).label)


# --- legislative tracks -----------------------------------------------------------------


def tracks(user: Any, *, q: str = "", kind: str = "") -> QuerySet:
    from parliament.models import LegislativeTrack

    qs = LegislativeTrack.objects.visible_to(user)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(dossier__icontains=q))
    if kind in LegislativeTrack.Kind.values:
        qs = qs.filter(kind=kind)
    return qs.select_related("parent").prefetch_related("steps").order_by("title")


def steps_in_order(track: Any) -> list:
    """The track's stages in the order of the procedure (prefetched steps)."""
    return sorted(track.steps.all(), key=lambda s: s.order)


def current_stage(track: Any) -> Any:
    """The last stage that has happened, or None."""
    done = [s for s in steps_in_order(track) if s.actual]
    return done[-1] if done else None


def timeline_figure(steps: list, today: dt.date) -> dict:
    """Planned and actual dates per stage; the table beside it gives the same facts."""
    import json

    import plotly.graph_objects as go
    from django.utils.translation import gettext

    labels = [str(s.get_stage_display()) for s in steps]
    fig = go.Figure()
    planned = [(label, s.planned) for label, s in zip(labels, steps, strict=True) if s.planned]
    actual = [(label, s.actual) for label, s in zip(labels, steps, strict=True) if s.actual]
    if planned:
        fig.add_trace(
            go.Scatter(
                name=gettext("Planned"),
                mode="markers",
                marker={"symbol": "circle-open", "size": 12},
                x=[d.isoformat() for _l, d in planned],
                y=[label for label, _d in planned],
            )
        )
    if actual:
        fig.add_trace(
            go.Scatter(
                name=gettext("Happened"),
                mode="markers",
                marker={"symbol": "circle", "size": 10},
                x=[d.isoformat() for _l, d in actual],
                y=[label for label, _d in actual],
            )
        )
    fig.add_vline(x=today.isoformat(), line_dash="dot")
    fig.update_layout(
        height=120 + 40 * len(steps),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        yaxis={"categoryorder": "array", "categoryarray": labels[::-1], "automargin": True},
        legend={"orientation": "h"},
    )
    return json.loads(fig.to_json())
