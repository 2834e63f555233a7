"""Every write to the Wegiz agenda and its intake."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from portal.accounts.models import User
from portal.accounts.selectors import members_of
from portal.core.exceptions import WorkflowError
from portal.core.services import known_fields, require, set_reason
from portal.notifications.services import hand_over
from roadmap.models import (
    AgendaUpdate,
    Designation,
    Exchange,
    IntakeProposal,
    IntakeRound,
    Phase,
    PhaseChange,
    Study,
)
from roadmap.models.wegiz import PHASE_ORDER
from roadmap.wegiz.selectors import agenda_snapshot


class ExchangeFields(TypedDict, total=False):
    """What a manager edits of an exchange on the agenda (its number and phase have steps)."""

    title: str
    care_domain: str
    description: str
    commissioner: str
    quality_standard: str
    information_standard: str
    nen_norm: str
    on_agenda: bool


class ProposalFields(TypedDict, total=False):
    """The six questions of an intake proposal."""

    title: str
    care_process: str
    parties_involved: str
    why_it_matters: str
    quality_standard: str
    field_support: str


EXCHANGE_FIELDS = tuple(ExchangeFields.__annotations__)
PROPOSAL_FIELDS = tuple(ProposalFields.__annotations__)


@transaction.atomic
def exchange_create(
    *,
    actor: User,
    number: int,
    phase: str = Phase.VOORFASE,
    since: dt.date | None = None,
    agreements=(),
    **fields: Unpack[ExchangeFields],
) -> Exchange:
    require(actor, "wegiz.manage")
    exchange = Exchange(number=number, phase=phase, **known_fields(fields, ExchangeFields))
    set_reason(exchange, "wegiz.exchange.created")
    exchange.save()
    exchange.agreements.set(list(agreements))
    change = PhaseChange(
        exchange=exchange,
        phase=phase,
        date=since or timezone.localdate(),
        recorded_by=actor,
        reason=_("Put on the agenda"),
    )
    set_reason(change, "wegiz.phase.recorded")
    change.save()
    return exchange


@transaction.atomic
def exchange_update(
    *,
    actor: User,
    exchange: Exchange,
    lock_version: int,
    agreements: Iterable[Any] | None = None,
    **fields: Unpack[ExchangeFields],
) -> Exchange:
    require(actor, "wegiz.manage", exchange)
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    exchange.advance_lock(lock_version)
    for key, value in known_fields(fields, ExchangeFields).items():
        setattr(exchange, key, value)
    set_reason(exchange, "wegiz.exchange.changed")
    exchange.save()
    if agreements is not None:
        exchange.agreements.set(list(agreements))
    return exchange


@transaction.atomic
def phase_change_record(
    *,
    actor: User,
    exchange: Exchange,
    phase: str,
    date: dt.date,
    reason: str = "",
    is_correction: bool = False,
    is_planned: bool = False,
) -> PhaseChange:
    """Record a move to a phase, or an expected one.

    A real move goes one phase forward. Skipping or going back is refused unless it is
    marked as a correction, which needs a reason; either way the dated row stays.
    """
    require(actor, "wegiz.manage", exchange)
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": _("Unknown phase.")})
    target, current = PHASE_ORDER.index(phase), exchange.phase_index
    if not is_planned and date > timezone.localdate():
        raise ValidationError(
            {
                "date": _(
                    "A phase change that happened cannot be dated after today. Record a "
                    "later date as planned."
                )
            }
        )
    if not is_planned:
        if is_correction and not reason.strip():
            raise ValidationError({"reason": _("A correction needs a reason.")})
        if not is_correction and target != current + 1:
            if target == current:
                message = _("The exchange is in this phase already.")
            elif target < current:
                message = _(
                    "A phase cannot go back. Mark it as a correction if the record was wrong."
                )
            else:
                message = _(
                    "A phase cannot be skipped. Mark it as a correction if phases were combined."
                )
            raise ValidationError({"phase": message})
        if (
            not is_correction
            and current == PHASE_ORDER.index(Phase.VOORBEREIDING)
            and target > current
        ):
            # The law's procedure: the preparation ends with an MKBA and a maturity scan.
            done = set(exchange.studies.values_list("kind", flat=True))
            missing = [k for k in (Study.Kind.MKBA, Study.Kind.MATURITY) if k not in done]
            if missing:
                raise ValidationError(
                    {
                        "phase": _(
                            "Leaving the voorbereidingsfase needs the MKBA and the maturity "
                            "scan; still missing: %(studies)s. Record them as studies first."
                        )
                        % {"studies": ", ".join(str(Study.Kind(k).label) for k in missing)}
                    }
                )
        last = exchange.phase_changes.filter(is_planned=False).order_by("-date").first()
        if last and date < last.date and not is_correction:
            raise ValidationError(
                {
                    "date": _("The date is before the previous phase change (%(date)s).")
                    % {"date": last.date.isoformat()}
                }
            )
    elif target <= current:
        raise ValidationError({"phase": _("A planned phase must lie ahead of the current one.")})
    change = PhaseChange(
        exchange=exchange,
        phase=phase,
        date=date,
        reason=reason.strip(),
        is_correction=is_correction,
        is_planned=is_planned,
        recorded_by=actor,
    )
    verb = (
        "wegiz.phase.planned"
        if is_planned
        else ("wegiz.phase.corrected" if is_correction else "wegiz.phase.moved")
    )
    set_reason(change, verb)
    change.save()
    if not is_planned:
        # The plan for this phase has come true: it is history, not expectation any more.
        exchange.phase_changes.filter(is_planned=True, phase=phase).delete()
        exchange.phase = phase
        exchange.lock_version += 1
        set_reason(exchange, verb)
        exchange.save()
    return change


@transaction.atomic
def phase_change_void(*, actor: User, change: PhaseChange, reason: str) -> PhaseChange:
    """Void a wrong entry in an exchange's phase history, with the reason. The entry stays
    on record (shown as voided) but counts nowhere; the exchange's phase becomes that of
    its last standing move."""
    require(actor, "wegiz.manage", change.exchange)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this entry is wrong.")})
    change = PhaseChange.all_objects.select_for_update().get(pk=change.pk)
    if change.voided_at is not None:
        raise WorkflowError(_("This entry has been voided already."))
    exchange = Exchange.objects.select_for_update().get(pk=change.exchange_id)
    change.voided_at, change.void_reason = timezone.now(), reason.strip()
    set_reason(change, "wegiz.phase.voided")
    change.save()
    if not change.is_planned:
        last = (
            PhaseChange.objects.filter(exchange=exchange, is_planned=False)
            .order_by("-date", "-id")
            .first()
        )
        phase = last.phase if last else PHASE_ORDER[0]
        if phase != exchange.phase:
            exchange.phase = phase
            exchange.lock_version += 1
            set_reason(exchange, "wegiz.phase.voided")
            exchange.save()
    return change


@transaction.atomic
def designation_set(
    *,
    actor: User,
    exchange: Exchange,
    spoor: int,
    step: str,
    expected_in_force: dt.date | None = None,
    actual_in_force: dt.date | None = None,
    note: str = "",
) -> Designation:
    require(actor, "wegiz.manage", exchange)
    if step == Designation.Step.IN_FORCE and not actual_in_force:
        raise ValidationError({"actual_in_force": _("Give the date it came into force.")})
    designation = Designation.objects.select_for_update().filter(
        exchange=exchange, spoor=spoor
    ).first() or Designation(exchange=exchange, spoor=spoor)
    created = designation.pk is None
    designation.step, designation.note = step, note
    designation.expected_in_force, designation.actual_in_force = expected_in_force, actual_in_force
    set_reason(designation, "wegiz.designation.created" if created else "wegiz.designation.changed")
    designation.save()
    return designation


@transaction.atomic
def study_add(
    *,
    actor: User,
    exchange: Exchange,
    kind: str,
    completed_on: dt.date,
    conclusion: str,
    outcome: str,
) -> Study:
    require(actor, "wegiz.manage", exchange)
    study = Study(
        exchange=exchange,
        kind=kind,
        completed_on=completed_on,
        conclusion=conclusion,
        outcome=outcome,
    )
    set_reason(study, "wegiz.study.added")
    study.save()
    return study


@transaction.atomic
def agenda_update_publish(
    *, actor: User, title: str, published_on: dt.date, introduction: str = ""
) -> AgendaUpdate:
    """Freeze the agenda as it stands now and publish it as an update (actualisatie).

    Updates follow each other: one is dated after the last one standing and not after
    today, so what changed between them cannot be rewritten by a date typed wrong."""
    require(actor, "wegiz.manage")
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": _("An update cannot be dated after today.")})
    last = standing_updates().order_by("-published_on").first()
    if last is not None and published_on <= last.published_on:
        raise ValidationError(
            {
                "published_on": _(
                    "Date it after the last published update (%(date)s); withdraw that one "
                    "first if it was wrong."
                )
                % {"date": last.published_on.isoformat()}
            }
        )
    if AgendaUpdate.objects.filter(published_on=published_on).exists():
        raise ValidationError({"published_on": _("An update was published on this date already.")})
    update = AgendaUpdate(
        title=title,
        published_on=published_on,
        introduction=introduction,
        snapshot=agenda_snapshot(),
        published_by=actor,
    )
    set_reason(update, "wegiz.update.published")
    update.save()
    return update


def standing_updates():
    """The published agenda updates that have not been withdrawn."""
    return AgendaUpdate.objects.filter(withdrawn_on__isnull=True)


@transaction.atomic
def agenda_update_withdraw(*, actor: User, update: AgendaUpdate, reason: str) -> AgendaUpdate:
    """Withdraw a published update with the reason; it stays readable, marked withdrawn,
    and the next update is compared with the one before it."""
    require(actor, "wegiz.manage")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the update is withdrawn.")})
    update = AgendaUpdate.objects.select_for_update().get(pk=update.pk)
    if update.withdrawn_on is not None:
        raise WorkflowError(_("This update has been withdrawn already."))
    update.withdrawn_on, update.withdrawal_reason = timezone.localdate(), reason.strip()
    set_reason(update, "wegiz.update.withdrawn")
    update.save()
    return update


# --- intake ---------------------------------------------------------------------------


@transaction.atomic
def intake_round_create(*, actor: User, title: str, description: str = "") -> IntakeRound:
    require(actor, "wegiz.manage")
    intake = IntakeRound(title=title, description=description)
    set_reason(intake, "wegiz.intake.created")
    intake.save()
    return intake


def _round_step(intake: IntakeRound, method: str, reason: str) -> IntakeRound:
    try:
        getattr(intake, method)()
    except TransitionNotAllowed:
        raise WorkflowError(
            _("This step is not possible for a round that is %(status)s.")
            % {"status": intake.get_status_display().lower()}
        ) from None
    set_reason(intake, reason)
    try:
        with transaction.atomic():
            intake.save()
    except IntegrityError:
        raise WorkflowError(_("Another intake round is open; close it first.")) from None
    return intake


@transaction.atomic
def intake_round_open(*, actor: User, intake: IntakeRound) -> IntakeRound:
    require(actor, "wegiz.manage")
    intake = IntakeRound.objects.select_for_update().get(pk=intake.pk)
    intake.opened_on = timezone.localdate()
    return _round_step(intake, "open", "wegiz.intake.opened")


@transaction.atomic
def intake_round_close(*, actor: User, intake: IntakeRound) -> IntakeRound:
    require(actor, "wegiz.manage")
    intake = IntakeRound.objects.select_for_update().get(pk=intake.pk)
    intake.closed_on = timezone.localdate()
    return _round_step(intake, "close", "wegiz.intake.closed")


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    intake: IntakeRound,
    organisation: Any,
    **fields: Unpack[ProposalFields],
) -> IntakeProposal:
    """A draft proposal of the person's organisation in the open intake round."""
    return _proposal_new(actor, intake, organisation, fields, submit=False)


@transaction.atomic
def proposal_create_and_submit(
    *,
    actor: User,
    intake: IntakeRound,
    organisation: Any,
    **fields: Unpack[ProposalFields],
) -> IntakeProposal:
    """A proposal submitted at once, without a draft first."""
    return _proposal_new(actor, intake, organisation, fields, submit=True)


def _proposal_new(
    actor: User, intake: IntakeRound, organisation: Any, fields: ProposalFields, *, submit: bool
) -> IntakeProposal:
    require(actor, "wegiz.propose")
    # Lock the round: a proposal cannot slip in while the round is being closed.
    intake = IntakeRound.objects.select_for_update().get(pk=intake.pk)
    if intake.status != IntakeRound.Status.OPEN:
        raise WorkflowError(_("This intake round does not take proposals now."))
    if not actor.memberships.filter(organisation=organisation).exists():
        raise PermissionDenied
    proposal = IntakeProposal(
        round=intake,
        organisation=organisation,
        submitted_by=actor,
        **known_fields(fields, ProposalFields),
    )
    if submit:
        _check_complete(proposal)
        proposal.submit()
    set_reason(proposal, "wegiz.proposal.submitted" if submit else "wegiz.proposal.drafted")
    proposal.save()
    return proposal


@transaction.atomic
def proposal_save(
    *,
    actor: User,
    proposal: IntakeProposal,
    lock_version: int,
    **fields: Unpack[ProposalFields],
) -> IntakeProposal:
    """Save changes to a proposal; a draft stays a draft."""
    return _proposal_write(actor, proposal, lock_version, fields, submit=False)


@transaction.atomic
def proposal_submit(
    *,
    actor: User,
    proposal: IntakeProposal,
    lock_version: int,
    **fields: Unpack[ProposalFields],
) -> IntakeProposal:
    """Submit a proposal (with what was typed last) for the first test."""
    return _proposal_write(actor, proposal, lock_version, fields, submit=True)


def _proposal_write(
    actor: User,
    proposal: IntakeProposal,
    lock_version: int,
    fields: ProposalFields,
    *,
    submit: bool,
) -> IntakeProposal:
    proposal = (
        IntakeProposal.objects.select_for_update().select_related("round").get(pk=proposal.pk)
    )
    IntakeRound.objects.select_for_update().get(pk=proposal.round_id)  # no edit while closing
    require(actor, "wegiz.edit_proposal", proposal)
    proposal.advance_lock(lock_version)
    for key, value in known_fields(fields, ProposalFields).items():
        setattr(proposal, key, value)
    if submit:
        _check_complete(proposal)
        proposal.submit()
    set_reason(proposal, "wegiz.proposal.submitted" if submit else "wegiz.proposal.changed")
    proposal.save()
    return proposal


def _check_complete(proposal: IntakeProposal) -> None:
    """A proposal is submitted with all six parts; a draft may leave any but its title."""
    missing = [
        name for name in ProposalFields.__annotations__ if not str(getattr(proposal, name)).strip()
    ]
    if missing:
        raise ValidationError({name: _("Fill this in before submitting.") for name in missing})


@transaction.atomic
def proposal_assess(
    *,
    actor: User,
    proposal: IntakeProposal,
    added_value_score: int,
    added_value_explanation: str,
    support_score: int,
    support_explanation: str,
    feasibility_score: int,
    feasibility_explanation: str,
) -> IntakeProposal:
    """The first test: added value, support and feasibility, each a score and explanation."""
    require(actor, "wegiz.manage", proposal)
    proposal = IntakeProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != IntakeProposal.Status.SUBMITTED:
        raise WorkflowError(_("Only a submitted proposal can be assessed."))
    for score in (added_value_score, support_score, feasibility_score):
        if not 1 <= score <= 5:
            raise ValidationError(_("Scores run from 1 to 5."))
    proposal.added_value_score, proposal.added_value_explanation = (
        added_value_score,
        added_value_explanation,
    )
    proposal.support_score, proposal.support_explanation = support_score, support_explanation
    proposal.feasibility_score, proposal.feasibility_explanation = (
        feasibility_score,
        feasibility_explanation,
    )
    set_reason(proposal, "wegiz.proposal.assessed")
    proposal.save()
    return proposal


@transaction.atomic
def proposal_accept(
    *, actor: User, proposal: IntakeProposal, number: int, care_domain: str, reason: str = ""
) -> Exchange:
    """Put an assessed proposal on the agenda as an exchange in the voorfase."""
    require(actor, "wegiz.manage", proposal)
    proposal = IntakeProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != IntakeProposal.Status.SUBMITTED or not proposal.is_assessed:
        raise WorkflowError(_("Assess the proposal on the first test before deciding."))
    if Exchange.objects.filter(number=number).exists():
        raise ValidationError({"number": _("An exchange with this number exists already.")})
    exchange = exchange_create(
        actor=actor,
        number=number,
        title=proposal.title,
        care_domain=care_domain,
        description=proposal.why_it_matters,
        quality_standard=proposal.quality_standard,
    )
    proposal.accept()
    proposal.exchange, proposal.decision_reason = exchange, reason
    set_reason(proposal, "wegiz.proposal.accepted")
    proposal.save()
    _tell_proposer(proposal, actor, "wegiz.proposal.accepted")
    return exchange


@transaction.atomic
def proposal_decline(*, actor: User, proposal: IntakeProposal, reason: str) -> IntakeProposal:
    require(actor, "wegiz.manage", proposal)
    proposal = IntakeProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != IntakeProposal.Status.SUBMITTED or not proposal.is_assessed:
        raise WorkflowError(_("Assess the proposal on the first test before deciding."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons: the proposer reads them.")})
    proposal.decline()
    proposal.decision_reason = reason.strip()
    set_reason(proposal, "wegiz.proposal.declined")
    proposal.save()
    _tell_proposer(proposal, actor, "wegiz.proposal.declined")
    return proposal


def _tell_proposer(proposal: IntakeProposal, actor: User, verb: str) -> None:
    """The decision reaches the organisation that proposed the exchange."""
    hand_over(
        proposal,
        verb=verb,
        recipients=members_of(proposal.organisation_id)
        | User.objects.filter(pk=proposal.submitted_by_id or 0),
        actor=actor,
    )
