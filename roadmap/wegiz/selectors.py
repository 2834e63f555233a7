"""Reads of the Wegiz agenda: the agenda itself, snapshots and their differences, the
phase timeline. Each read has a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from roadmap.models import AgendaUpdate, Designation, Exchange, PhaseChange
from roadmap.models.wegiz import PHASE_ORDER, Phase


def agenda_queryset() -> QuerySet[Exchange]:
    return Exchange.objects.prefetch_related(
        Prefetch("designations", queryset=Designation.objects.order_by("spoor")),
    ).order_by("number")


def filter_agenda(
    qs: QuerySet[Exchange], *, phase: str = "", spoor: str = "", domain: str = ""
) -> QuerySet[Exchange]:
    if phase:
        qs = qs.filter(phase=phase)
    if spoor in ("1", "2"):
        qs = qs.filter(
            Exists(Designation.objects.filter(exchange=OuterRef("pk"), spoor=int(spoor)))
        )
    if domain:
        qs = qs.filter(care_domain__iexact=domain)
    return qs


def phase_on(exchange: Exchange, day: dt.date) -> str | None:
    """The phase an exchange was in on `day`, from its dated (actual) changes."""
    changes = [c for c in exchange.phase_changes.all() if not c.is_planned and c.date <= day]
    return changes[-1].phase if changes else None


def agenda_snapshot() -> list[dict[str, Any]]:
    """The agenda as it stands: what an update freezes."""
    rows = []
    for exchange in agenda_queryset().filter(on_agenda=True):
        rows.append(
            {
                "number": exchange.number,
                "title": exchange.title,
                "care_domain": exchange.care_domain,
                "phase": exchange.phase,
                "designations": {
                    str(d.spoor): {
                        "step": d.step,
                        "expected": d.expected_in_force.isoformat()
                        if d.expected_in_force
                        else None,
                        "actual": d.actual_in_force.isoformat() if d.actual_in_force else None,
                    }
                    for d in exchange.designations.all()
                },
            }
        )
    return rows


@dataclass
class Slip:
    number: int
    title: str
    spoor: str
    old: dt.date | None
    new: dt.date | None

    @property
    def months(self) -> int | None:
        if not self.old or not self.new:
            return None
        return (self.new.year - self.old.year) * 12 + (self.new.month - self.old.month)


@dataclass
class UpdateDiff:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    moved: list[tuple[dict, str, str]] = field(default_factory=list)
    slipped: list[Slip] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.slipped)


def parse_day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def diff_snapshots(before: list[dict], after: list[dict]) -> UpdateDiff:
    """What changed between two published agendas."""
    old = {row["number"]: row for row in before}
    new = {row["number"]: row for row in after}
    diff = UpdateDiff()
    diff.added = [new[n] for n in sorted(new.keys() - old.keys())]
    diff.removed = [old[n] for n in sorted(old.keys() - new.keys())]
    for number in sorted(new.keys() & old.keys()):
        a, b = old[number], new[number]
        if a["phase"] != b["phase"]:
            diff.moved.append((b, a["phase"], b["phase"]))
        for spoor in sorted(set(a["designations"]) | set(b["designations"])):
            was = parse_day((a["designations"].get(spoor) or {}).get("expected"))
            now = parse_day((b["designations"].get(spoor) or {}).get("expected"))
            if was != now and (was or now):
                diff.slipped.append(Slip(number, b["title"], spoor, was, now))
    return diff


def previous_update(update: AgendaUpdate) -> AgendaUpdate | None:
    """The standing (not withdrawn) update before this one: what its changes are read against."""
    return (
        AgendaUpdate.objects.filter(published_on__lt=update.published_on, withdrawn_on__isnull=True)
        .order_by("-published_on")
        .first()
    )


def snapshot_rows(snapshot: list[dict]) -> list[dict]:
    """A frozen agenda as table rows: phase label and the expected date per spoor."""
    rows = []
    for row in snapshot:
        designations = row.get("designations") or {}
        rows.append(
            {
                **row,
                "phase_label": dict(Phase.choices).get(row["phase"], row["phase"]),
                "spoor1": parse_day((designations.get("1") or {}).get("expected")),
                "spoor2": parse_day((designations.get("2") or {}).get("expected")),
            }
        )
    return rows


@dataclass
class Segment:
    number: int
    title: str
    phase: str
    start: dt.date
    end: dt.date
    planned: bool

    @property
    def phase_label(self) -> str:
        return str(dict(Phase.choices)[self.phase])


def timeline_segments(today: dt.date) -> list[Segment]:
    """Phase spans per exchange: actual ones up to today, then the planned ones."""
    exchanges = (
        Exchange.objects.filter(on_agenda=True)
        .prefetch_related(
            Prefetch("phase_changes", queryset=PhaseChange.objects.order_by("date", "id"))
        )
        .order_by("number")
    )
    segments: list[Segment] = []
    for exchange in exchanges:
        actual = [c for c in exchange.phase_changes.all() if not c.is_planned]
        planned = [c for c in exchange.phase_changes.all() if c.is_planned and c.date >= today]
        for i, change in enumerate(actual):
            end = actual[i + 1].date if i + 1 < len(actual) else max(today, change.date)
            if end > change.date or i + 1 == len(actual):
                segments.append(
                    Segment(
                        exchange.number,
                        exchange.title,
                        change.phase,
                        change.date,
                        max(end, change.date + dt.timedelta(days=1)),
                        False,
                    )
                )
        for i, change in enumerate(planned):
            end = (
                planned[i + 1].date
                if i + 1 < len(planned)
                else change.date + dt.timedelta(days=365)
            )
            segments.append(
                Segment(exchange.number, exchange.title, change.phase, change.date, end, True)
            )
    return segments


def timeline_figure(segments: list[Segment]) -> dict:
    """A Plotly figure (as JSON-ready dict): one row per exchange, a bar per phase span."""
    import plotly.graph_objects as go

    from portal.dashboards.charts import CHART_COLOURS

    colours: dict[str, str] = {
        Phase.VOORFASE: CHART_COLOURS["5"],
        Phase.VOORBEREIDING: CHART_COLOURS["3"],
        Phase.UITVOERING: CHART_COLOURS["2"],
        Phase.NAZORG: CHART_COLOURS["1"],
    }
    labels: dict[str, str] = {str(value): str(label) for value, label in Phase.choices}
    fig = go.Figure()
    for phase in PHASE_ORDER:
        for planned in (False, True):
            rows = [s for s in segments if s.phase == phase and s.planned == planned]
            if not rows:
                continue
            fig.add_trace(
                go.Bar(
                    orientation="h",
                    y=[f"{s.number}. {s.title[:40]}" for s in rows],
                    base=[s.start.isoformat() for s in rows],
                    x=[(s.end - s.start).days * 24 * 3600 * 1000 for s in rows],
                    name=str(labels[phase]) + (" " + str(_("(planned)")) if planned else ""),
                    marker={
                        "color": colours[phase],
                        "opacity": 0.45 if planned else 1,
                        "pattern": {"shape": "/" if planned else ""},
                    },
                    customdata=[[s.number] for s in rows],
                    hovertemplate="%{y}<br>%{base|%d-%m-%Y} – %{x}<extra>%{fullData.name}</extra>",
                )
            )
    fig.update_layout(
        barmode="overlay",
        height=max(320, 34 * len({s.number for s in segments}) + 120),
        xaxis={"type": "date", "title": str(_("Year"))},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    today = dt.date.today().isoformat()
    fig.add_vline(x=today, line_dash="dot", line_color=CHART_COLOURS["today"])
    return json.loads(fig.to_json())


def staff_todo(user: Any, today: dt.date) -> dict[str, Any]:
    """Exchanges on the agenda with an expected date gone by: a designation expected in force
    before today and not in force, or a planned phase change dated before today."""
    from portal.core.todo import LIMIT

    if not user.has_perm("wegiz.manage"):
        return {}
    late_designation = Designation.objects.filter(
        exchange=OuterRef("pk"), expected_in_force__lt=today, actual_in_force__isnull=True
    ).exclude(step=Designation.Step.IN_FORCE)
    late_plan = PhaseChange.objects.filter(exchange=OuterRef("pk"), is_planned=True, date__lt=today)
    return {
        "passed_expectations": list(
            Exchange.objects.filter(Exists(late_designation) | Exists(late_plan)).order_by(
                "number"
            )[:LIMIT]
        )
    }


def personal_data(user) -> dict:
    """The Wegiz intake proposals the person submitted or drafted."""
    from roadmap.models import IntakeProposal

    return {
        "wegizProposals": [
            {
                "title": p.title,
                "organisation": p.organisation.name,
                "status": p.status,
                "round": p.round.title,
            }
            for p in IntakeProposal.objects.filter(submitted_by=user).select_related(
                "organisation", "round"
            )
        ]
    }
