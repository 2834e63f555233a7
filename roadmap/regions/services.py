"""Every write for regions, CDS reviews and funding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.selectors import people_with_role
from portal.core.exceptions import WorkflowError
from portal.core.services import known_fields, require, set_reason
from portal.core.uploads import check_upload
from portal.notifications.services import hand_over
from roadmap.models import (
    AlignmentReview,
    ApplicationAnswer,
    Attachment,
    CriterionAssessment,
    FundingApplication,
    FundingCall,
    FundingCriterion,
    FundingScheme,
    GrantCondition,
    Initiative,
    ProgressReport,
    Region,
    RegionAssignment,
)


class InitiativeFields(TypedDict, total=False):
    """What a coordinator edits of an initiative."""

    title: str
    purpose: str
    care_domains: str
    funding_source: str
    funding_amount: Decimal | None
    status: str
    own_functions: list[str]
    own_builds: str


class ReportFields(TypedDict, total=False):
    """The texts of a progress report."""

    progress: str
    results: str
    issues: str
    next_steps: str


INITIATIVE_FIELDS = tuple(InitiativeFields.__annotations__)
REPORT_FIELDS = tuple(ReportFields.__annotations__)


# --- initiatives ----------------------------------------------------------------------


@transaction.atomic
def initiative_create(
    *,
    actor: User,
    region: Region,
    slug: str,
    organisations: Iterable[Any] = (),
    agreements: Iterable[Any] = (),
    building_blocks: Iterable[Any] = (),
    **fields: Unpack[InitiativeFields],
) -> Initiative:
    require(actor, "regions.edit", region)
    if Initiative.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is taken.")})
    initiative = Initiative(region=region, slug=slug, **known_fields(fields, InitiativeFields))
    initiative.full_clean()
    set_reason(initiative, "regions.initiative.created")
    initiative.save()
    initiative.organisations.set(list(organisations))
    initiative.agreements.set(list(agreements))
    initiative.building_blocks.set(list(building_blocks))
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor: User,
    initiative: Initiative,
    lock_version: int,
    organisations=None,
    agreements=None,
    building_blocks=None,
    **fields: Unpack[InitiativeFields],
) -> Initiative:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    require(actor, "regions.edit", initiative)
    initiative.advance_lock(lock_version)
    for key, value in known_fields(fields, InitiativeFields).items():
        setattr(initiative, key, value)
    initiative.full_clean()
    set_reason(initiative, "regions.initiative.changed")
    initiative.save()
    if organisations is not None:
        initiative.organisations.set(list(organisations))
    if agreements is not None:
        initiative.agreements.set(list(agreements))
    if building_blocks is not None:
        initiative.building_blocks.set(list(building_blocks))
    return initiative


# --- progress reports -----------------------------------------------------------------


def quarter_of(day: dt.date) -> tuple[str, dt.date]:
    """The reporting period of `day` and its due date: 15 days after the quarter ends."""
    quarter = (day.month - 1) // 3 + 1
    end_month = quarter * 3
    next_month = dt.date(day.year + (end_month == 12), end_month % 12 + 1, 1)
    return f"{day.year}-K{quarter}", next_month + dt.timedelta(days=14)


@transaction.atomic
def report_open_period(*, initiative: Initiative, day: dt.date) -> ProgressReport:
    """Make sure the report for the period of `day` exists (idempotent; system task)."""
    period, due = quarter_of(day)
    report, _created = ProgressReport.objects.get_or_create(
        initiative=initiative, period=period, defaults={"due_date": due}
    )
    return report


@transaction.atomic
def report_save(
    *,
    actor: User,
    report: ProgressReport,
    lock_version: int,
    **fields: Unpack[ReportFields],
) -> ProgressReport:
    """Save a draft progress report; the coordinator may come back to it."""
    return _report_write(
        actor=actor, report=report, lock_version=lock_version, fields=fields, submit=False
    )


@transaction.atomic
def report_submit(
    *,
    actor: User,
    report: ProgressReport,
    lock_version: int,
    **fields: Unpack[ReportFields],
) -> ProgressReport:
    """Submit a progress report (with what was typed last): from now on it is locked."""
    return _report_write(
        actor=actor, report=report, lock_version=lock_version, fields=fields, submit=True
    )


def _report_write(
    *,
    actor: User,
    report: ProgressReport,
    lock_version: int,
    fields: ReportFields,
    submit: bool,
) -> ProgressReport:
    report = (
        ProgressReport.objects.select_for_update().select_related("initiative").get(pk=report.pk)
    )
    require(actor, "regions.edit", report)
    if report.status == ProgressReport.Status.SUBMITTED:
        raise WorkflowError(_("This report has been submitted and can no longer be changed."))
    report.advance_lock(lock_version)
    for key, value in known_fields(fields, ReportFields).items():
        setattr(report, key, value)
    if submit:
        missing = [f for f in ("progress", "next_steps") if not getattr(report, f).strip()]
        if missing:
            raise ValidationError({f: _("Fill this in before submitting.") for f in missing})
        report.submit()
        report.submitted_at, report.submitted_by = timezone.now(), actor
    set_reason(report, "regions.report.submitted" if submit else "regions.report.saved")
    report.save()
    return report


# --- CDS ------------------------------------------------------------------------------


@transaction.atomic
def review_record(
    *,
    actor: User,
    initiative: Initiative,
    reviewed_on: dt.date | None = None,
    building_blocks: Iterable[Any] = (),
    **points: Any,
) -> AlignmentReview:
    require(actor, "regions.review", initiative)
    review = AlignmentReview(
        initiative=initiative,
        reviewer=actor,
        reviewed_on=reviewed_on or timezone.localdate(),
        **points,
    )
    review.full_clean(exclude=["initiative", "reviewer"])
    set_reason(review, "regions.review.recorded")
    review.save()
    review.building_blocks.set(list(building_blocks))
    hand_over(
        initiative,
        verb="regions.review.recorded",
        recipients=coordinators_of(initiative.region_id),
        actor=actor,
    )
    return review


@transaction.atomic
def review_respond(*, actor: User, review: AlignmentReview, response: str) -> AlignmentReview:
    review = (
        AlignmentReview.objects.select_for_update().select_related("initiative").get(pk=review.pk)
    )
    require(actor, "regions.edit", review)
    if not response.strip():
        raise ValidationError({"response": _("Write a response.")})
    review.response, review.responded_at = response.strip(), timezone.now()
    set_reason(review, "regions.review.responded")
    review.save()
    hand_over(
        review.initiative,
        verb="regions.review.responded",
        recipients=User.objects.filter(pk=review.reviewer_id),
        actor=actor,
    )
    return review


# --- funding --------------------------------------------------------------------------


class SchemeFields(TypedDict, total=False):
    """What a programme manager edits of a funding scheme."""

    name: str
    description: str
    source: str
    budget: Decimal | None
    is_open: bool


class CallFields(TypedDict, total=False):
    """A call for applications: its period and deadline."""

    name: str
    opens_on: dt.date
    deadline: dt.datetime
    description: str


SCHEME_FIELDS = tuple(SchemeFields.__annotations__)
CALL_FIELDS = tuple(CallFields.__annotations__)
RESERVED_SCHEME_SLUGS = frozenset({"nieuw", "export"})


def committed_of(scheme: FundingScheme) -> Decimal:
    """What the grants of a scheme add up to (granted and granted with conditions)."""
    total = FundingApplication.objects.filter(
        scheme=scheme, status__in=FundingApplication.GRANTS
    ).aggregate(total=Sum("amount_granted"))["total"]
    return total or Decimal(0)


def _check_budget_not_below_committed(scheme: FundingScheme) -> None:
    if scheme.budget is not None and scheme.pk:
        committed = committed_of(scheme)
        if scheme.budget < committed:
            raise ValidationError(
                {
                    "budget": _(
                        "The grants already made add up to %(committed)s euro; the budget "
                        "ceiling cannot be lower."
                    )
                    % {"committed": committed}
                }
            )


@transaction.atomic
def scheme_create(*, actor: User, slug: str, **fields: Unpack[SchemeFields]) -> FundingScheme:
    """Record a funding scheme (its criteria follow, as version 1)."""
    require(actor, "regions.manage_schemes")
    if slug in RESERVED_SCHEME_SLUGS or FundingScheme.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is taken.")})
    scheme = FundingScheme(slug=slug, **known_fields(fields, SchemeFields))
    scheme.full_clean()
    set_reason(scheme, "funding.scheme.created")
    scheme.save()
    return scheme


@transaction.atomic
def scheme_update(
    *, actor: User, scheme: FundingScheme, lock_version: int, **fields: Unpack[SchemeFields]
) -> FundingScheme:
    """Change its description, source, budget ceiling or whether it is open; the ceiling
    is never set below what has already been granted."""
    require(actor, "regions.manage_schemes")
    locked = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
    locked.advance_lock(lock_version)
    before = locked.budget
    for name, value in known_fields(fields, SchemeFields).items():
        setattr(locked, name, value)
    locked.full_clean()
    _check_budget_not_below_committed(locked)
    set_reason(
        locked,
        "funding.scheme.budget_changed" if locked.budget != before else "funding.scheme.changed",
    )
    locked.save()
    return locked


@transaction.atomic
def call_create(*, actor: User, scheme: FundingScheme, **fields: Unpack[CallFields]) -> FundingCall:
    require(actor, "regions.manage_schemes")
    call = FundingCall(scheme=scheme, **known_fields(fields, CallFields))
    call.full_clean()
    set_reason(call, "funding.call.created")
    call.save()
    return call


@transaction.atomic
def call_update(
    *, actor: User, call: FundingCall, lock_version: int, **fields: Unpack[CallFields]
) -> FundingCall:
    """Change a call's period or deadline; applications already submitted keep their
    place, and the new deadline counts for those still in draft."""
    require(actor, "regions.manage_schemes")
    locked = FundingCall.objects.select_for_update().get(pk=call.pk)
    locked.advance_lock(lock_version)
    for name, value in known_fields(fields, CallFields).items():
        setattr(locked, name, value)
    locked.full_clean()
    set_reason(locked, "funding.call.changed")
    locked.save()
    return locked


def _call_for_new_application(scheme: FundingScheme) -> FundingCall | None:
    """The call a new application belongs to: the one open now, if the scheme has calls;
    refused with the dates when none is open (read afresh, not from the caller's copy)."""
    scheme = FundingScheme.objects.get(pk=scheme.pk)
    if not scheme.is_open:
        raise WorkflowError(_("This funding scheme takes no applications now."))
    now = timezone.now()
    calls = list(scheme.calls.order_by("opens_on", "pk"))
    if not calls:
        return None
    for call in calls:
        if call.state_at(now) == "open":
            return call
    upcoming = [c for c in calls if c.state_at(now) == "upcoming"]
    if upcoming:
        raise WorkflowError(
            _("No call of this scheme is open. The next, “%(call)s”, opens on %(day)s.")
            % {"call": upcoming[0].name, "day": date_format(upcoming[0].opens_on)}
        )
    raise WorkflowError(
        _("The last call of this scheme closed on %(day)s; no application can be made now.")
        % {"day": date_format(timezone.localtime(calls[-1].deadline).date())}
    )


def criteria_of(scheme: FundingScheme, version: int | None = None):
    return FundingCriterion.objects.filter(
        scheme=scheme, version=version or scheme.current_version
    ).order_by("order")


@transaction.atomic
def scheme_set_criteria(
    *, actor: User, scheme: FundingScheme, criteria: list[tuple[str, str]]
) -> int:
    """Replace the binding criteria by a new version; earlier versions stay as they were."""
    require(actor, "regions.manage_schemes")
    scheme = FundingScheme.objects.select_for_update().get(pk=scheme.pk)
    version = scheme.current_version + (1 if criteria_of(scheme).exists() else 0)
    for order, (code, text) in enumerate(criteria, start=1):
        criterion = FundingCriterion(
            scheme=scheme, version=version, order=order, code=code, text=text
        )
        set_reason(criterion, "funding.criterion.versioned")
        criterion.save()
    scheme.current_version = version
    set_reason(scheme, "funding.scheme.criteria_changed")
    scheme.save()
    return version


@transaction.atomic
def application_create(
    *,
    actor: User,
    initiative: Initiative,
    scheme: FundingScheme,
    title: str,
    amount_requested,
    building_blocks: Iterable[Any] = (),
) -> FundingApplication:
    require(actor, "regions.edit", initiative)
    call = _call_for_new_application(scheme)
    application = FundingApplication(
        initiative=initiative,
        scheme=scheme,
        call=call,
        title=title,
        amount_requested=amount_requested,
    )
    application.full_clean()
    set_reason(application, "funding.application.created")
    application.save()
    application.building_blocks.set(list(building_blocks))
    return application


def _editable(actor: User, application_id: int) -> FundingApplication:
    application = (
        FundingApplication.objects.select_for_update()
        .select_related("initiative", "scheme")
        .get(pk=application_id)
    )
    require(actor, "regions.edit", application)
    if application.status != FundingApplication.Status.DRAFT:
        raise WorkflowError(_("This application has been submitted and can no longer be changed."))
    return application


@transaction.atomic
def application_update(
    *,
    actor: User,
    application: FundingApplication,
    lock_version: int,
    title: str,
    amount_requested: Decimal | int,
    building_blocks: Iterable[Any] | None = None,
) -> FundingApplication:
    """Change a draft application's title, amount or the building blocks it reuses."""
    application = _editable(actor, application.pk)
    application.advance_lock(lock_version)
    application.title, application.amount_requested = title, amount_requested
    application.full_clean()
    set_reason(application, "funding.application.changed")
    application.save()
    if building_blocks is not None:
        application.building_blocks.set(list(building_blocks))
    return application


@transaction.atomic
def application_save_answers(
    *,
    actor: User,
    application: FundingApplication,
    lock_version: int,
    answers: dict[int, tuple[str, str]],
    upload=None,
    upload_criterion_id: int | None = None,
    upload_confidential: bool = False,
) -> FundingApplication:
    """Answers per criterion id: (answer, evidence). Empty answers are removed.

    With `upload`, a file is attached in the same step: a refused file saves nothing, so
    the form shows again with everything typed (the error at the file field)."""
    application = _editable(actor, application.pk)
    application.advance_lock(lock_version)
    if upload is not None:
        try:
            _attach(actor, application, upload, upload_criterion_id, upload_confidential)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
    criteria = {c.pk: c for c in criteria_of(application.scheme)}
    for criterion_id, (answer, evidence) in answers.items():
        if criterion_id not in criteria:
            continue
        existing = ApplicationAnswer.objects.filter(
            application=application, criterion_id=criterion_id
        ).first()
        if not answer.strip():
            if existing:
                set_reason(existing, "funding.answer.removed")
                existing.delete()
            continue
        row = existing or ApplicationAnswer(application=application, criterion_id=criterion_id)
        if (row.answer, row.evidence) != (answer, evidence):
            row.answer, row.evidence = answer, evidence
            set_reason(row, "funding.answer.saved")
            row.save()
    set_reason(application, "funding.application.answers_saved")
    application.save()
    return application


def _attach(
    actor: User,
    application: FundingApplication,
    upload,
    criterion_id: int | None,
    is_confidential: bool,
) -> Attachment:
    checked = check_upload(upload)
    if (
        criterion_id is not None
        and not criteria_of(application.scheme).filter(pk=criterion_id).exists()
    ):
        raise ValidationError(_("Choose a criterion of this application."))
    attachment = Attachment(
        application=application,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        is_confidential=is_confidential,
        uploaded_by=actor,
        criterion_id=criterion_id,
    )
    attachment.file.save("upload", upload, save=False)
    set_reason(attachment, "funding.attachment.added")
    attachment.save()
    return attachment


@transaction.atomic
def attachment_add(
    *,
    actor: User,
    application: FundingApplication,
    upload,
    criterion_id=None,
    is_confidential: bool = False,
) -> Attachment:
    application = _editable(actor, application.pk)
    return _attach(actor, application, upload, criterion_id, is_confidential)


@transaction.atomic
def application_save_answers_and_submit(
    *,
    actor: User,
    application: FundingApplication,
    lock_version: int,
    answers: dict[int, tuple[str, str]],
    upload=None,
    upload_criterion_id: int | None = None,
    upload_confidential: bool = False,
) -> FundingApplication:
    """Save the answers (and a file) and submit, as one step: nothing is saved if either
    is refused."""
    saved = application_save_answers(
        actor=actor,
        application=application,
        lock_version=lock_version,
        answers=answers,
        upload=upload,
        upload_criterion_id=upload_criterion_id,
        upload_confidential=upload_confidential,
    )
    return application_submit(actor=actor, application=saved)


@transaction.atomic
def application_submit(*, actor: User, application: FundingApplication) -> FundingApplication:
    """Submit: every criterion of the scheme's current version needs an answer.

    The row lock makes parallel submissions of one application queue up; all but the
    first find it submitted and are refused.
    """
    application = _editable(actor, application.pk)
    call = application.call
    if call is not None and timezone.now() > call.deadline:
        raise WorkflowError(
            _(
                "The deadline of “%(call)s” passed on %(day)s; applications submitted after "
                "it are refused."
            )
            % {"call": call.name, "day": date_format(timezone.localtime(call.deadline).date())}
        )
    criteria = list(criteria_of(application.scheme))
    answered = set(application.answers.values_list("criterion_id", flat=True))
    missing = [c for c in criteria if c.pk not in answered]
    if missing:
        raise ValidationError(
            _("Answer every criterion before submitting. Still open: %(codes)s.")
            % {"codes": ", ".join(c.code for c in missing)}
        )
    application.submit()
    application.criteria_version = application.scheme.current_version
    application.submitted_at, application.submitted_by = timezone.now(), actor
    application.lock_version += 1
    set_reason(application, "funding.application.submitted")
    application.save()
    hand_over(
        application,
        verb="funding.application.submitted",
        recipients=people_with_role(Role.PROGRAMME_MANAGER),
        actor=actor,
    )
    return application


def _assess(
    actor: User,
    application: FundingApplication,
    criterion: FundingCriterion,
    verdict: str,
    reasoning: str,
) -> CriterionAssessment:
    if (
        criterion.scheme_id != application.scheme_id
        or criterion.version != application.criteria_version
    ):
        raise ValidationError(
            _("This criterion is not part of the version the application was submitted under.")
        )
    if verdict not in CriterionAssessment.Verdict.values:
        raise ValidationError({f"verdict_{criterion.pk}": _("Choose a verdict.")})
    if not reasoning.strip():
        raise ValidationError({f"reasoning_{criterion.pk}": _("Give the reasoning.")})
    row = CriterionAssessment.objects.filter(application=application, criterion=criterion).first()
    row = row or CriterionAssessment(
        application=application, criterion=criterion, assessed_by=actor
    )
    if row.pk and (row.verdict, row.reasoning) == (verdict, reasoning.strip()):
        return row  # unchanged: no history record
    row.verdict, row.reasoning, row.assessed_by = verdict, reasoning.strip(), actor
    set_reason(row, "funding.criterion.assessed")
    row.save()
    return row


def _assessable(actor: User, application: FundingApplication) -> FundingApplication:
    require(actor, "regions.assess", application)
    application = FundingApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != FundingApplication.Status.SUBMITTED:
        raise WorkflowError(_("Only a submitted, undecided application can be assessed."))
    return application


@transaction.atomic
def application_assess(
    *,
    actor: User,
    application: FundingApplication,
    criterion: FundingCriterion,
    verdict: str,
    reasoning: str,
) -> CriterionAssessment:
    """Assess one criterion, always of the version in force when it was submitted."""
    application = _assessable(actor, application)
    return _assess(actor, application, criterion, verdict, reasoning)


@transaction.atomic
def application_assess_all(
    *,
    actor: User,
    application: FundingApplication,
    verdicts: dict[int, tuple[str, str]],
) -> list[CriterionAssessment]:
    """Assess the criteria in one go: (verdict, reasoning) per criterion id of the version
    the application was submitted under. Criteria left without a verdict and reasoning stay
    as they were; a verdict without reasoning (or the reverse) refuses the whole save, with
    a message at that criterion."""
    application = _assessable(actor, application)
    criteria = {c.pk: c for c in criteria_of(application.scheme, application.criteria_version)}
    errors: dict[str, list[str]] = {}
    saved = []
    for criterion_id, (verdict, reasoning) in verdicts.items():
        if criterion_id not in criteria or (not verdict and not reasoning.strip()):
            continue
        try:
            saved.append(_assess(actor, application, criteria[criterion_id], verdict, reasoning))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    if not saved:
        raise ValidationError(_("Give a verdict and reasoning for at least one criterion."))
    return saved


def unmet_criteria(application: FundingApplication) -> list[FundingCriterion]:
    """The criteria of the application's version assessed as not met (all are binding)."""
    return list(
        FundingCriterion.objects.filter(
            pk__in=application.assessments.filter(
                verdict=CriterionAssessment.Verdict.NOT_MET
            ).values("criterion_id")
        ).order_by("order")
    )


@transaction.atomic
def application_decide(
    *,
    actor: User,
    application: FundingApplication,
    status: str,
    rationale: str,
    amount_granted: Decimal | int | None = None,
    conditions: dict[int, tuple[str, dt.date | None]] | None = None,
) -> FundingApplication:
    """Decide a submitted application whose every criterion is assessed.

    The criteria are binding: a plain grant is refused while any is assessed as not met. A
    conditional grant names, for each criterion not met, the condition and the date by
    which it must be met (`conditions`: criterion id → (text, due)); those are followed up
    one by one (`condition_follow_up`). A grant records the amount granted, at most the
    amount requested."""
    require(actor, "regions.assess", application)
    application = (
        FundingApplication.objects.select_for_update()
        .select_related("scheme")
        .get(pk=application.pk)
    )
    if application.status != FundingApplication.Status.SUBMITTED:
        raise WorkflowError(_("Only a submitted, undecided application can be decided."))
    if status not in FundingApplication.DECIDED:
        raise ValidationError({"status": _("Choose a decision.")})
    expected = set(
        criteria_of(application.scheme, application.criteria_version).values_list("pk", flat=True)
    )
    assessed = set(application.assessments.values_list("criterion_id", flat=True))
    if expected - assessed:
        raise ValidationError(_("Assess every criterion before deciding."))
    errors: dict[str, list[str]] = {}
    if not rationale.strip():
        errors["rationale"] = [_("Give the rationale of the decision.")]
    unmet = unmet_criteria(application)
    granting = status != FundingApplication.Status.REFUSED
    if status == FundingApplication.Status.GRANTED and unmet:
        errors["status"] = [
            _(
                "The criteria are binding: %(codes)s not met. Refuse, or grant with a "
                "condition for each."
            )
            % {"codes": ", ".join(c.code for c in unmet)}
        ]
    if status == FundingApplication.Status.CONDITIONAL and not unmet:
        errors["status"] = [
            _("Every criterion is met: a grant with conditions names a criterion not met.")
        ]
    if granting:
        if amount_granted is None:
            errors["amount_granted"] = [_("Give the amount granted.")]
        elif not 0 < amount_granted <= application.amount_requested:
            errors["amount_granted"] = [
                _("The amount granted is more than nothing and at most %(max)s euro.")
                % {"max": application.amount_requested}
            ]
        else:
            # The scheme's row lock queues decisions on one scheme, so two grants cannot
            # both fit in the same remainder.
            scheme = FundingScheme.objects.select_for_update().get(pk=application.scheme_id)
            if scheme.budget is not None:
                remaining = scheme.budget - committed_of(scheme)
                if amount_granted > remaining:
                    errors["amount_granted"] = [
                        _(
                            "The scheme's budget ceiling leaves %(remaining)s euro; grant at "
                            "most that."
                        )
                        % {"remaining": max(remaining, Decimal(0))}
                    ]
    rows = []
    if status == FundingApplication.Status.CONDITIONAL:
        given = conditions or {}
        for criterion in unmet:
            text, due = given.get(criterion.pk, ("", None))
            if not text.strip():
                errors.setdefault(f"condition_{criterion.pk}", []).append(
                    _("State the condition for this criterion.")
                )
            if due is None or due <= timezone.localdate():
                errors.setdefault(f"due_{criterion.pk}", []).append(
                    _("Give a date after today by which the condition must be met.")
                )
            if due is not None:
                rows.append(
                    GrantCondition(
                        application=application, criterion=criterion, text=text.strip(), due=due
                    )
                )
    if errors:
        raise ValidationError(errors)
    decide = {
        FundingApplication.Status.GRANTED: application.grant,
        FundingApplication.Status.CONDITIONAL: application.grant_with_conditions,
        FundingApplication.Status.REFUSED: application.refuse,
    }[FundingApplication.Status(status)]
    decide()
    application.decision_rationale = rationale.strip()
    application.amount_granted = amount_granted if granting else None
    application.decided_at = timezone.now()
    application.lock_version += 1
    set_reason(application, f"funding.application.{status}")
    application.save()
    for row in rows:
        set_reason(row, "funding.condition.set")
        row.save()
    hand_over(
        application,
        verb=f"funding.application.{status}",
        recipients=applicants_of(application),
        actor=actor,
    )
    return application


def coordinators_of(region_id: int) -> QuerySet[User]:
    """The regional coordinators assigned to a region."""
    return people_with_role(Role.REGIONAL_COORDINATOR).filter(
        region_assignments__region_id=region_id
    )


def applicants_of(application: FundingApplication) -> QuerySet[User]:
    """Who applied: the person who submitted and the region's coordinators."""
    return coordinators_of(application.initiative.region_id) | User.objects.filter(
        pk=application.submitted_by_id or 0
    )


@transaction.atomic
def condition_follow_up(
    *, actor: User, condition: GrantCondition, status: str, note: str
) -> GrantCondition:
    """Record whether a condition of a grant was met (or not), with a note."""
    condition = (
        GrantCondition.objects.select_for_update()
        .select_related("application")
        .get(pk=condition.pk)
    )
    require(actor, "regions.assess", condition.application)
    if status not in (GrantCondition.Status.MET, GrantCondition.Status.NOT_MET):
        raise ValidationError({"status": _("Choose met or not met.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what the follow-up found.")})
    condition.status, condition.follow_up_note = status, note.strip()
    condition.followed_up_on = timezone.localdate()
    set_reason(condition, f"funding.condition.{status}")
    condition.save()
    return condition


# --- integrator clients bound to regions (portal/integrations) -------------------------


def bound_regions(account: User) -> QuerySet[Region]:
    """The regions an integrator client's account writes for."""
    return Region.objects.filter(assignments__user=account).order_by("name")


@transaction.atomic
def bind_regions(account: User, regions: list[Region]) -> None:
    """Make an integrator client's account the coordinator of exactly these regions (an
    administrator's step, checked by the integrations service that calls it)."""
    wanted = {region.pk for region in regions}
    for assignment in RegionAssignment.objects.filter(user=account).exclude(region_id__in=wanted):
        set_reason(assignment, "integrations.client.bound")
        assignment.delete()
    have = set(RegionAssignment.objects.filter(user=account).values_list("region_id", flat=True))
    for region_id in sorted(wanted - have):
        assignment = RegionAssignment(user=account, region_id=region_id)
        set_reason(assignment, "integrations.client.bound")
        assignment.save()
