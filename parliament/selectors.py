"""Reads of commitments and motions: the register's filters, the managers' to-do, and the
report to parliament (the state on a date and what changed since the previous report),
read from the audited history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
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
    from parliament.models import AdviceItem

    return {
        "overdue_commitments": list(
            Commitment.objects.overdue(today).order_by("due", "pk")[:LIMIT]
        ),
        "overdue_follow_ups": list(
            AdviceItem.objects.overdue(today)
            .select_related("report")
            .order_by("deadline", "pk")[:LIMIT]
        ),
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
class TrackLine:
    """A legislative track in the report: where its procedure stood on the report's date,
    what comes next, and the stages it passed since the previous report."""

    track: Any
    reached: Any | None  # the step (as recorded then) last passed by the report's date
    next: Any | None  # the first stage not yet passed then
    recent: list[Any] = field(default_factory=list)


@dataclass
class Report:
    date: dt.date
    since: dt.date | None
    groups: list[tuple[str, str, list[ReportLine]]] = field(default_factory=list)
    legislation: list[TrackLine] = field(default_factory=list)

    @property
    def changed(self) -> list[ReportLine]:
        return [line for group in self.groups for line in group[2] if line.changed]

    @property
    def total(self) -> int:
        return sum(len(lines) for _key, _title, lines in self.groups)


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


def _states_on(day: dt.date, ids: list[int]) -> dict[int, Any]:
    """Each item's last recorded row at the end of `day` (one query)."""
    end = _end_of(day)
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
        legislation=legislation_on(user, day, since),
    )


def legislation_on(user: Any, day: dt.date, since: dt.date | None) -> list[TrackLine]:
    """Each legislative track as its procedure stood at the end of `day`, read from the
    audited history (three queries whatever its size); tracks not public then are left out
    for those who see only what is public."""
    from parliament.models import STAGE_ORDER, LegislativeTrack, ProcedureStep

    tracks = list(LegislativeTrack.objects.visible_to(user).order_by("title", "pk"))
    ids = [t.pk for t in tracks]
    end = _end_of(day)
    then = {
        row.id: row
        for row in LegislativeTrack.history.filter(id__in=ids, history_date__lt=end)
        .exclude(history_type="-")
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
    }
    steps: dict[int, list[Any]] = {}
    for row in (
        ProcedureStep.history.filter(track_id__in=ids, history_date__lt=end)
        .exclude(history_type="-")
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
    ):
        steps.setdefault(row.track_id, []).append(row)
    sees_all = LegislativeTrack.objects.sees_all(user)
    lines = []
    for track in tracks:
        row = then.get(track.pk)
        if row is None or not (row.is_published or sees_all):
            continue
        ordered = sorted(steps.get(track.pk, []), key=lambda s: STAGE_ORDER.get(s.stage, 99))
        passed = [s for s in ordered if s.actual and s.actual <= day]
        ahead = [s for s in ordered if not (s.actual and s.actual <= day)]
        recent = [s for s in passed if since and s.actual > since]
        lines.append(
            TrackLine(track, passed[-1] if passed else None, ahead[0] if ahead else None, recent)
        )
    return lines


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


# --- advisory reports -------------------------------------------------------------------


def advice_reports(user: Any, *, q: str = "", advisor: str = "") -> QuerySet:
    """The advisory reports `user` may see, newest first, with the count of open items."""
    from django.db.models import Count

    from parliament.models import AdviceItem, AdvisoryReport

    qs = AdvisoryReport.objects.visible_to(user)
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(summary__icontains=q)
            | Q(advisor__icontains=q)
            | Q(response_reference__icontains=q)
        )
    if advisor:
        qs = qs.filter(advisor__icontains=advisor)
    return qs.annotate(
        n_items=Count("items"),
        n_open=Count("items", filter=~Q(items__status=AdviceItem.Status.DONE)),
    ).order_by(F("received_on").desc(nulls_last=True), "title", "pk")


FOLLOW_UP_SORTS = {
    "deadline": (F("deadline").asc(nulls_last=True), "pk"),
    "-deadline": (F("deadline").desc(nulls_last=True), "-pk"),
    "report": ("report__title", "kind", "label", "pk"),
}


def follow_ups(
    user: Any,
    *,
    q: str = "",
    kind: str = "",
    disposition: str = "",
    status: str = "",
    owner: str = "",
    sort: str = "deadline",
    today: dt.date | None = None,
) -> QuerySet:
    """Conclusions and recommendations of every report `user` may see, filtered and sorted:
    the follow-up register."""
    from parliament.models import AdviceItem

    today = today or timezone.localdate()
    qs = AdviceItem.objects.visible_to(user).select_related("report")
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(reasoning__icontains=q)
            | Q(follow_up__icontains=q)
            | Q(report__title__icontains=q)
        )
    if kind in AdviceItem.Kind.values:
        qs = qs.filter(kind=kind)
    if disposition in AdviceItem.Disposition.values:
        qs = qs.filter(disposition=disposition)
    if status == OVERDUE:
        qs = qs.overdue(today)
    elif status in AdviceItem.Status.values:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner__icontains=owner)
    return qs.order_by(*FOLLOW_UP_SORTS.get(sort, FOLLOW_UP_SORTS["deadline"]))


MEETING_LIMIT = 100


def meeting_follow_ups(day: dt.date, since: dt.date) -> Any:
    """For the portfolio meeting: every follow-up of advice that is not done, the
    overdue ones first (published or not: the meeting pack is internal)."""
    from django.utils.translation import gettext

    from parliament.models import AdviceItem
    from roadmap.extensions import MeetingSection

    rows = list(
        AdviceItem.objects.follow_up_open()
        .select_related("report")
        .order_by(F("deadline").asc(nulls_last=True), "report__title", "label", "pk")[
            :MEETING_LIMIT
        ]
    )
    for row in rows:
        setattr(row, "late", row.is_overdue(day))  # noqa: B010 (a mark for the template)
    return MeetingSection(
        gettext("Open follow-up of advice"),
        "parliament/_meeting_follow_ups.html",
        rows,
        gettext("Conclusions and recommendations whose follow-up is not done, by deadline."),
    )


def meeting_commitments(day: dt.date, since: dt.date) -> Any:
    """For the portfolio meeting: commitments and motions overdue on `day`."""
    from django.utils.translation import gettext

    from roadmap.extensions import MeetingSection

    rows = list(Commitment.objects.overdue(day).order_by("due", "pk")[:MEETING_LIMIT])
    return MeetingSection(
        gettext("Overdue commitments and motions"),
        "parliament/_meeting_commitments.html",
        rows,
    )


def exchange_orders(exchange: Any, user: Any) -> Any:
    """For an exchange's page: the acts and orders in council that designate it, with the
    stage each has reached and when it is to enter into force."""
    from django.utils.translation import gettext

    from parliament.models import LegislativeTrack, Stage
    from portal.core.panels import Panel

    tracks = list(
        LegislativeTrack.objects.filter(exchanges=exchange)
        .visible_to(user)
        .prefetch_related("steps")
        .order_by("title")
    )
    rows = []
    for track in tracks:
        steps = {s.stage: s for s in track.steps.all()}
        rows.append((track, current_stage(track), steps.get(Stage.ENTRY_INTO_FORCE)))
    return Panel(
        "designating-orders",
        gettext("The order in council that designates it"),
        "parliament/_exchange_orders.html",
        rows,
    )


def consultation_tracks(consultation: Any, user: Any) -> Any:
    """For a consultation's page: the legislative tracks it is about."""
    from django.utils.translation import gettext

    from parliament.models import LegislativeTrack
    from portal.core.panels import Panel

    tracks = list(
        LegislativeTrack.objects.filter(consultations=consultation)
        .visible_to(user)
        .prefetch_related("steps")
        .order_by("title")
    )
    if not tracks:
        return None
    return Panel(
        "legislation",
        gettext("The legislation it is about"),
        "parliament/_consultation_tracks.html",
        [(track, current_stage(track)) for track in tracks],
    )
