"""Every write to the Wegiz agenda and its intake."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from portal.core.exceptions import ConcurrentEditError, WorkflowError
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

EXCHANGE_FIELDS = (
    "title",
    "care_domain",
    "description",
    "commissioner",
    "quality_standard",
    "information_standard",
    "nen_norm",
    "on_agenda",
)
PROPOSAL_FIELDS = (
    "title",
    "care_process",
    "parties_involved",
    "why_it_matters",
    "quality_standard",
    "field_support",
)


def _require(actor: Any, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


@transaction.atomic
def exchange_create(
    *,
    actor: Any,
    number: int,
    phase: str = Phase.VOORFASE,
    since: dt.date | None = None,
    agreements=(),
    **fields: Any,
) -> Exchange:
    _require(actor, "wegiz.manage")
    exchange = Exchange(
        number=number, phase=phase, **{k: v for k, v in fields.items() if k in EXCHANGE_FIELDS}
    )
    exchange._change_reason = "wegiz.exchange.created"
    exchange.save()
    exchange.agreements.set(list(agreements))
    change = PhaseChange(
        exchange=exchange,
        phase=phase,
        date=since or timezone.localdate(),
        recorded_by=actor,
        reason=_("Put on the agenda"),
    )
    change._change_reason = "wegiz.phase.recorded"
    change.save()
    return exchange


@transaction.atomic
def exchange_update(
    *, actor: Any, exchange: Exchange, lock_version: int, agreements=None, **fields: Any
) -> Exchange:
    _require(actor, "wegiz.manage", exchange)
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if exchange.lock_version != lock_version:
        raise ConcurrentEditError
    for key, value in fields.items():
        if key in EXCHANGE_FIELDS:
            setattr(exchange, key, value)
    exchange.lock_version += 1
    exchange._change_reason = "wegiz.exchange.changed"
    exchange.save()
    if agreements is not None:
        exchange.agreements.set(list(agreements))
    return exchange


@transaction.atomic
def phase_change_record(
    *,
    actor: Any,
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
    _require(actor, "wegiz.manage", exchange)
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": _("Unknown phase.")})
    target, current = PHASE_ORDER.index(phase), exchange.phase_index
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
    change._change_reason = (
        "wegiz.phase.planned"
        if is_planned
        else ("wegiz.phase.corrected" if is_correction else "wegiz.phase.moved")
    )
    change.save()
    if not is_planned:
        # The plan for this phase has come true: it is history, not expectation any more.
        exchange.phase_changes.filter(is_planned=True, phase=phase).delete()
        exchange.phase = phase
        exchange.lock_version += 1
        exchange._change_reason = change._change_reason
        exchange.save()
    return change


@transaction.atomic
def designation_set(
    *,
    actor: Any,
    exchange: Exchange,
    spoor: int,
    step: str,
    expected_in_force: dt.date | None = None,
    actual_in_force: dt.date | None = None,
    note: str = "",
) -> Designation:
    _require(actor, "wegiz.manage", exchange)
    if step == Designation.Step.IN_FORCE and not actual_in_force:
        raise ValidationError({"actual_in_force": _("Give the date it came into force.")})
    designation = Designation.objects.select_for_update().filter(
        exchange=exchange, spoor=spoor
    ).first() or Designation(exchange=exchange, spoor=spoor)
    created = designation.pk is None
    designation.step, designation.note = step, note
    designation.expected_in_force, designation.actual_in_force = expected_in_force, actual_in_force
    designation._change_reason = (
        "wegiz.designation.created" if created else "wegiz.designation.changed"
    )
    designation.save()
    return designation


@transaction.atomic
def study_add(
    *,
    actor: Any,
    exchange: Exchange,
    kind: str,
    completed_on: dt.date,
    conclusion: str,
    outcome: str,
) -> Study:
    _require(actor, "wegiz.manage", exchange)
    study = Study(
        exchange=exchange,
        kind=kind,
        completed_on=completed_on,
        conclusion=conclusion,
        outcome=outcome,
    )
    study._change_reason = "wegiz.study.added"
    study.save()
    return study


@transaction.atomic
def agenda_update_publish(
    *, actor: Any, title: str, published_on: dt.date, introduction: str = ""
) -> AgendaUpdate:
    """Freeze the agenda as it stands now and publish it as an update (actualisatie)."""
    _require(actor, "wegiz.manage")
    if AgendaUpdate.objects.filter(published_on=published_on).exists():
        raise ValidationError({"published_on": _("An update was published on this date already.")})
    update = AgendaUpdate(
        title=title,
        published_on=published_on,
        introduction=introduction,
        snapshot=agenda_snapshot(),
        published_by=actor,
    )
    update._change_reason = "wegiz.update.published"
    update.save()
    return update


# --- intake ---------------------------------------------------------------------------


@transaction.atomic
def intake_round_create(*, actor: Any, title: str, description: str = "") -> IntakeRound:
    _require(actor, "wegiz.manage")
    intake = IntakeRound(title=title, description=description)
    intake._change_reason = "wegiz.intake.created"
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
    intake._change_reason = reason
    try:
        with transaction.atomic():
            intake.save()
    except IntegrityError:
        raise WorkflowError(_("Another intake round is open; close it first.")) from None
    return intake


@transaction.atomic
def intake_round_open(*, actor: Any, intake: IntakeRound) -> IntakeRound:
    _require(actor, "wegiz.manage")
    intake = IntakeRound.objects.select_for_update().get(pk=intake.pk)
    intake.opened_on = timezone.localdate()
    return _round_step(intake, "open", "wegiz.intake.opened")


@transaction.atomic
def intake_round_close(*, actor: Any, intake: IntakeRound) -> IntakeRound:
    _require(actor, "wegiz.manage")
    intake = IntakeRound.objects.select_for_update().get(pk=intake.pk)
    intake.closed_on = timezone.localdate()
    return _round_step(intake, "close", "wegiz.intake.closed")


@transaction.atomic
def proposal_create(
    *, actor: Any, intake: IntakeRound, organisation: Any, submit: bool, **fields: Any
) -> IntakeProposal:
    _require(actor, "wegiz.propose")
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
        status=IntakeProposal.Status.SUBMITTED if submit else IntakeProposal.Status.DRAFT,
        **{k: v for k, v in fields.items() if k in PROPOSAL_FIELDS},
    )
    proposal._change_reason = "wegiz.proposal.submitted" if submit else "wegiz.proposal.drafted"
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(
    *, actor: Any, proposal: IntakeProposal, lock_version: int, submit: bool, **fields: Any
) -> IntakeProposal:
    proposal = (
        IntakeProposal.objects.select_for_update().select_related("round").get(pk=proposal.pk)
    )
    IntakeRound.objects.select_for_update().get(pk=proposal.round_id)  # no edit while closing
    _require(actor, "wegiz.edit_proposal", proposal)
    if proposal.lock_version != lock_version:
        raise ConcurrentEditError
    for key, value in fields.items():
        if key in PROPOSAL_FIELDS:
            setattr(proposal, key, value)
    if submit:
        proposal.status = IntakeProposal.Status.SUBMITTED
    proposal.lock_version += 1
    proposal._change_reason = "wegiz.proposal.submitted" if submit else "wegiz.proposal.changed"
    proposal.save()
    return proposal


@transaction.atomic
def proposal_assess(
    *,
    actor: Any,
    proposal: IntakeProposal,
    added_value_score: int,
    added_value_explanation: str,
    support_score: int,
    support_explanation: str,
    feasibility_score: int,
    feasibility_explanation: str,
) -> IntakeProposal:
    """The first test: added value, support and feasibility, each a score and explanation."""
    _require(actor, "wegiz.manage", proposal)
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
    proposal._change_reason = "wegiz.proposal.assessed"
    proposal.save()
    return proposal


@transaction.atomic
def proposal_accept(
    *, actor: Any, proposal: IntakeProposal, number: int, care_domain: str, reason: str = ""
) -> Exchange:
    """Put an assessed proposal on the agenda as an exchange in the voorfase."""
    _require(actor, "wegiz.manage", proposal)
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
    proposal.status, proposal.exchange, proposal.decision_reason = (
        IntakeProposal.Status.ACCEPTED,
        exchange,
        reason,
    )
    proposal._change_reason = "wegiz.proposal.accepted"
    proposal.save()
    return exchange


@transaction.atomic
def proposal_decline(*, actor: Any, proposal: IntakeProposal, reason: str) -> IntakeProposal:
    _require(actor, "wegiz.manage", proposal)
    proposal = IntakeProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != IntakeProposal.Status.SUBMITTED or not proposal.is_assessed:
        raise WorkflowError(_("Assess the proposal on the first test before deciding."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons: the proposer reads them.")})
    proposal.status, proposal.decision_reason = IntakeProposal.Status.DECLINED, reason.strip()
    proposal._change_reason = "wegiz.proposal.declined"
    proposal.save()
    return proposal
