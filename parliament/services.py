"""Every write to commitments and motions: created and edited by programme managers,
moved through their states (started, fulfilled by a named document, reopened) and
published or withdrawn from the public register as steps of their own, each recorded
under its own verb and held to the `lock_version` its form was opened on."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parliament.models import (
    STAGE_ORDER,
    AdviceItem,
    AdvisoryReport,
    Commitment,
    LegislativeTrack,
    ProcedureStep,
    Stage,
    TrackKind,
)
from portal.core.exceptions import WorkflowError
from portal.core.services import known_fields, publication, require, set_reason

if TYPE_CHECKING:
    from portal.accounts.models import User

MANAGE = "parliament.manage"
# Short names the pages use themselves (`…/nieuw/`, `…/opvolging/`).
RESERVED_SLUGS = frozenset({"nieuw", "opvolging"})


class CommitmentFields(TypedDict, total=False):
    """What a manager edits of a commitment or motion."""

    kind: str
    title: str
    summary: str
    source: str
    source_title: str
    kamerstuk: str
    source_date: dt.date
    submitters: str
    owner: str
    due: dt.date | None


COMMITMENT_FIELDS = tuple(CommitmentFields.__annotations__)
LINKS = ("programmes", "exchanges", "agreements", "milestones")


def _set_links(commitment: Commitment, links: dict[str, Iterable[Any] | None]) -> None:
    for name, values in links.items():
        if values is not None:
            getattr(commitment, name).set(list(values))


@transaction.atomic
def commitment_create(
    *,
    actor: User,
    programmes: Iterable[Any] = (),
    exchanges: Iterable[Any] = (),
    agreements: Iterable[Any] = (),
    milestones: Iterable[Any] = (),
    **fields: Unpack[CommitmentFields],
) -> Commitment:
    """Record a commitment or motion; it stays off the public register until published."""
    require(actor, MANAGE)
    commitment = Commitment(**known_fields(fields, CommitmentFields))
    commitment.full_clean()
    set_reason(commitment, "parliament.commitment.created")
    commitment.save()
    _set_links(
        commitment,
        {
            "programmes": programmes,
            "exchanges": exchanges,
            "agreements": agreements,
            "milestones": milestones,
        },
    )
    return commitment


def _locked(commitment: Commitment, lock_version: int) -> Commitment:
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    locked.advance_lock(lock_version)
    return locked


@transaction.atomic
def commitment_update(
    *,
    actor: User,
    commitment: Commitment,
    lock_version: int,
    programmes: Iterable[Any] | None = None,
    exchanges: Iterable[Any] | None = None,
    agreements: Iterable[Any] | None = None,
    milestones: Iterable[Any] | None = None,
    **fields: Unpack[CommitmentFields],
) -> Commitment:
    """Change the text, source, owner, due date or links; not the state (steps do that)."""
    require(actor, MANAGE)
    locked = _locked(commitment, lock_version)
    for name, value in known_fields(fields, CommitmentFields).items():
        setattr(locked, name, value)
    locked.full_clean()
    set_reason(locked, "parliament.commitment.changed")
    locked.save()
    _set_links(
        locked,
        {
            "programmes": programmes,
            "exchanges": exchanges,
            "agreements": agreements,
            "milestones": milestones,
        },
    )
    return locked


def _step(
    actor: User,
    commitment: Commitment,
    lock_version: int,
    verb: str,
    change: Callable[[Commitment], None],
) -> Commitment:
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _locked(commitment, lock_version)
        change(locked)
        locked.full_clean()
        set_reason(locked, f"parliament.commitment.{verb}")
        locked.save()
    return locked


def commitment_start(*, actor: User, commitment: Commitment, lock_version: int) -> Commitment:
    """Work on it has begun."""
    return _step(actor, commitment, lock_version, "started", lambda c: c.start())


def commitment_fulfil(
    *,
    actor: User,
    commitment: Commitment,
    lock_version: int,
    on: dt.date,
    by: str,
    url: str = "",
) -> Commitment:
    """Fulfilled by the letter or document `by`, sent or published `on`."""
    if not by.strip():
        raise ValidationError({"by": _("Name the letter or document that fulfils it.")})
    if on < commitment.source_date:
        raise ValidationError({"on": _("It cannot be fulfilled before the date of its source.")})
    return _step(
        actor,
        commitment,
        lock_version,
        "fulfilled",
        lambda c: c.fulfil(on=on, by=by.strip(), url=url),
    )


def commitment_reopen(*, actor: User, commitment: Commitment, lock_version: int) -> Commitment:
    """The document did not fulfil it after all: back to in progress."""
    return _step(actor, commitment, lock_version, "reopened", lambda c: c.reopen())


def commitment_publish(*, actor: User, commitment: Commitment, lock_version: int) -> Commitment:
    """Show it in the public register, the API, search and the report to parliament."""
    return _step(actor, commitment, lock_version, "published", publication(True))


def commitment_unpublish(*, actor: User, commitment: Commitment, lock_version: int) -> Commitment:
    return _step(actor, commitment, lock_version, "unpublished", publication(False))


# --- legislative tracks -----------------------------------------------------------------

STAGES_OF: dict[str, tuple[str, ...]] = {
    TrackKind.ACT: (
        Stage.DRAFT,
        Stage.INTERNET_CONSULTATION,
        Stage.COUNCIL_OF_STATE,
        Stage.PARLIAMENT,
        Stage.ADOPTION,
        Stage.PUBLICATION,
        Stage.ENTRY_INTO_FORCE,
    ),
    TrackKind.ORDER: (
        Stage.DRAFT,
        Stage.INTERNET_CONSULTATION,
        Stage.COUNCIL_OF_STATE,
        Stage.PRE_SCRUTINY,
        Stage.ADOPTION,
        Stage.PUBLICATION,
        Stage.ENTRY_INTO_FORCE,
    ),
    TrackKind.REGULATION: (
        Stage.DRAFT,
        Stage.INTERNET_CONSULTATION,
        Stage.ADOPTION,
        Stage.PUBLICATION,
        Stage.ENTRY_INTO_FORCE,
    ),
}


class TrackFields(TypedDict, total=False):
    """What a manager edits of a legislative track."""

    kind: str
    title: str
    summary: str
    owner: str
    dossier: str
    parent: LegislativeTrack | None


TRACK_FIELDS = tuple(TrackFields.__annotations__)
TRACK_LINKS = ("exchanges", "programmes", "commitments", "consultations")


@transaction.atomic
def track_create(
    *,
    actor: User,
    slug: str,
    exchanges: Iterable[Any] = (),
    programmes: Iterable[Any] = (),
    commitments: Iterable[Any] = (),
    consultations: Iterable[Any] = (),
    **fields: Unpack[TrackFields],
) -> LegislativeTrack:
    """Record a law, order or regulation with the stages of its procedure (no dates yet);
    it stays off the public pages until published."""
    require(actor, MANAGE)
    if slug in RESERVED_SLUGS or LegislativeTrack.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is taken.")})
    track = LegislativeTrack(slug=slug, **known_fields(fields, TrackFields))
    track.full_clean()
    set_reason(track, "parliament.track.created")
    track.save()
    for stage in STAGES_OF[track.kind]:
        step = ProcedureStep(track=track, stage=stage)
        set_reason(step, "parliament.step.created")
        step.save()
    links = {
        "exchanges": exchanges,
        "programmes": programmes,
        "commitments": commitments,
        "consultations": consultations,
    }
    for name, values in links.items():
        getattr(track, name).set(list(values))
    return track


def _locked_track(track: LegislativeTrack, lock_version: int) -> LegislativeTrack:
    locked = LegislativeTrack.objects.select_for_update().get(pk=track.pk)
    locked.advance_lock(lock_version)
    return locked


@transaction.atomic
def track_update(
    *,
    actor: User,
    track: LegislativeTrack,
    lock_version: int,
    exchanges: Iterable[Any] | None = None,
    programmes: Iterable[Any] | None = None,
    commitments: Iterable[Any] | None = None,
    consultations: Iterable[Any] | None = None,
    **fields: Unpack[TrackFields],
) -> LegislativeTrack:
    require(actor, MANAGE)
    locked = _locked_track(track, lock_version)
    values = known_fields(fields, TrackFields)
    if "kind" in values and values["kind"] != locked.kind:
        raise ValidationError({"kind": _("The kind of a track cannot change.")})
    if values.get("parent") is not None and values["parent"].pk == locked.pk:
        raise ValidationError({"parent": _("A track cannot work out itself.")})
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean()
    set_reason(locked, "parliament.track.changed")
    locked.save()
    links = {
        "exchanges": exchanges,
        "programmes": programmes,
        "commitments": commitments,
        "consultations": consultations,
    }
    for name, linked in links.items():
        if linked is not None:
            getattr(locked, name).set(list(linked))
    return locked


def track_plan(
    *,
    actor: User,
    track: LegislativeTrack,
    lock_version: int,
    dates: dict[str, tuple[dt.date | None, dt.date | None, str]],
    today: dt.date,
) -> LegislativeTrack:
    """Set the planned and actual dates (and a note) of the track's stages. An actual date
    lies not in the future, and the actual dates follow the order of the procedure. Each
    changed stage is recorded in its own history; the track's version counts the change."""
    require(actor, MANAGE)
    errors: dict[str, str] = {}
    done = [(stage, happened) for stage, (_p, happened, _n) in dates.items() if happened]
    for stage, happened in done:
        if happened > today:
            errors[f"actual_{stage}"] = _("An actual date cannot lie in the future.")
    done.sort(key=lambda item: STAGE_ORDER[item[0]])
    for (_earlier, first), (stage, second) in itertools.pairwise(done):
        if second < first:
            errors.setdefault(
                f"actual_{stage}", _("This stage cannot have happened before the one above it.")
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_track(track, lock_version)
        steps = {s.stage: s for s in locked.steps.select_for_update()}
        for stage, (planned, actual, note) in dates.items():
            step = steps.get(stage)
            if step is None:
                continue
            if (step.planned, step.actual, step.note) == (planned, actual, note):
                continue
            verb = "recorded" if actual != step.actual else "planned"
            step.planned, step.actual, step.note = planned, actual, note
            step.full_clean()
            set_reason(step, f"parliament.step.{verb}")
            step.save()
        set_reason(locked, "parliament.track.planned")
        locked.save()
    return locked


def _track_step(
    actor: User,
    track: LegislativeTrack,
    lock_version: int,
    verb: str,
    change: Callable[[LegislativeTrack], None],
) -> LegislativeTrack:
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _locked_track(track, lock_version)
        change(locked)
        locked.full_clean()
        set_reason(locked, f"parliament.track.{verb}")
        locked.save()
    return locked


def track_publish(*, actor: User, track: LegislativeTrack, lock_version: int) -> LegislativeTrack:
    return _track_step(actor, track, lock_version, "published", publication(True))


def track_unpublish(*, actor: User, track: LegislativeTrack, lock_version: int) -> LegislativeTrack:
    return _track_step(actor, track, lock_version, "unpublished", publication(False))


# --- advisory reports -------------------------------------------------------------------


class ReportFields(TypedDict, total=False):
    """What a manager edits of an advisory report."""

    advisor: str
    title: str
    summary: str
    received_on: dt.date | None
    response_on: dt.date | None
    response_reference: str
    url: str


REPORT_FIELDS = tuple(ReportFields.__annotations__)


def _locked_row(model: type[Any], pk: int, lock_version: int) -> Any:
    locked = model.objects.select_for_update().get(pk=pk)
    locked.advance_lock(lock_version)
    return locked


@transaction.atomic
def advice_create(
    *,
    actor: User,
    slug: str,
    programmes: Iterable[Any] = (),
    **fields: Unpack[ReportFields],
) -> AdvisoryReport:
    """Record an advice; it stays off the public pages until published."""
    require(actor, MANAGE)
    if slug in RESERVED_SLUGS or AdvisoryReport.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is taken.")})
    report = AdvisoryReport(slug=slug, **known_fields(fields, ReportFields))
    report.full_clean()
    set_reason(report, "parliament.advice.created")
    report.save()
    report.programmes.set(list(programmes))
    return report


@transaction.atomic
def advice_update(
    *,
    actor: User,
    report: AdvisoryReport,
    lock_version: int,
    programmes: Iterable[Any] | None = None,
    **fields: Unpack[ReportFields],
) -> AdvisoryReport:
    require(actor, MANAGE)
    locked = _locked_row(AdvisoryReport, report.pk, lock_version)
    for name, value in known_fields(fields, ReportFields).items():
        setattr(locked, name, value)
    locked.full_clean()
    set_reason(locked, "parliament.advice.changed")
    locked.save()
    if programmes is not None:
        locked.programmes.set(list(programmes))
    return locked


def _advice_step(
    actor: User, report: AdvisoryReport, lock_version: int, verb: str, change: Callable
) -> AdvisoryReport:
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _locked_row(AdvisoryReport, report.pk, lock_version)
        change(locked)
        locked.full_clean()
        set_reason(locked, f"parliament.advice.{verb}")
        locked.save()
    return locked


def advice_publish(*, actor: User, report: AdvisoryReport, lock_version: int) -> AdvisoryReport:
    """Show the advice with its conclusions, recommendations and follow-up to everyone."""
    return _advice_step(actor, report, lock_version, "published", publication(True))


def advice_unpublish(*, actor: User, report: AdvisoryReport, lock_version: int) -> AdvisoryReport:
    return _advice_step(actor, report, lock_version, "unpublished", publication(False))


class ItemFields(TypedDict, total=False):
    """What a manager edits of a conclusion or recommendation."""

    kind: str
    label: str
    title: str
    disposition: str
    reasoning: str
    owner: str
    deadline: dt.date | None
    follow_up: str


ITEM_FIELDS = tuple(ItemFields.__annotations__)
ITEM_LINKS = ("decisions", "programmes", "milestones")


def _check_item(item: AdviceItem) -> None:
    """A disposition other than "not yet given" comes with its reasoning."""
    if item.disposition != AdviceItem.Disposition.PENDING and not item.reasoning.strip():
        raise ValidationError({"reasoning": _("Give the reasoning behind the disposition.")})


@transaction.atomic
def advice_item_create(
    *,
    actor: User,
    report: AdvisoryReport,
    decisions: Iterable[Any] = (),
    programmes: Iterable[Any] = (),
    milestones: Iterable[Any] = (),
    **fields: Unpack[ItemFields],
) -> AdviceItem:
    """Add a conclusion or recommendation to a report; the report counts the change."""
    require(actor, MANAGE)
    item = AdviceItem(report=report, **known_fields(fields, ItemFields))
    item.label = item.label.strip()
    _check_item(item)
    item.full_clean()
    set_reason(item, "parliament.adviceitem.created")
    item.save()
    for name, values in (
        ("decisions", decisions),
        ("programmes", programmes),
        ("milestones", milestones),
    ):
        getattr(item, name).set(list(values))
    return item


@transaction.atomic
def advice_item_update(
    *,
    actor: User,
    item: AdviceItem,
    lock_version: int,
    decisions: Iterable[Any] | None = None,
    programmes: Iterable[Any] | None = None,
    milestones: Iterable[Any] | None = None,
    **fields: Unpack[ItemFields],
) -> AdviceItem:
    """Change the text, disposition, owner, deadline, follow-up or links; not the state."""
    require(actor, MANAGE)
    locked = _locked_row(AdviceItem, item.pk, lock_version)
    before = locked.disposition
    for name, value in known_fields(fields, ItemFields).items():
        setattr(locked, name, value)
    locked.label = locked.label.strip()
    _check_item(locked)
    locked.full_clean()
    verb = "disposed" if locked.disposition != before else "changed"
    set_reason(locked, f"parliament.adviceitem.{verb}")
    locked.save()
    for name, values in (
        ("decisions", decisions),
        ("programmes", programmes),
        ("milestones", milestones),
    ):
        if values is not None:
            getattr(locked, name).set(list(values))
    return locked


def _item_step(
    actor: User, item: AdviceItem, lock_version: int, verb: str, change: Callable
) -> AdviceItem:
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _locked_row(AdviceItem, item.pk, lock_version)
        change(locked)
        locked.full_clean()
        set_reason(locked, f"parliament.adviceitem.{verb}")
        locked.save()
    return locked


def advice_item_start(*, actor: User, item: AdviceItem, lock_version: int) -> AdviceItem:
    """The follow-up has begun."""
    return _item_step(actor, item, lock_version, "started", lambda i: i.start())


def advice_item_complete(*, actor: User, item: AdviceItem, lock_version: int) -> AdviceItem:
    """The follow-up is done; it must say what was done."""

    def change(locked: AdviceItem) -> None:
        if not locked.follow_up.strip():
            raise WorkflowError(_("Describe the follow-up before you mark it as done."))
        locked.complete()

    return _item_step(actor, item, lock_version, "completed", change)


def advice_item_reopen(*, actor: User, item: AdviceItem, lock_version: int) -> AdviceItem:
    """The follow-up was not done after all: back to in progress."""
    return _item_step(actor, item, lock_version, "reopened", lambda i: i.reopen())
