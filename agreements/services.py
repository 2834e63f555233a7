"""Every write to the catalogue. Views, the API, the admin and commands call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q, TextField, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from agreements.models import (
    Agreement,
    AgreementSystem,
    AgreementVersion,
    ComplianceRecord,
    Harmonisation,
    Reassessment,
    Release,
    ReleaseItem,
    Review,
    Standard,
)
from agreements.rules import validating_organisations
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from portal.accounts.selectors import people_with_role
from portal.core.exceptions import WorkflowError
from portal.core.services import known_fields, require, set_reason
from portal.notifications.services import hand_over


class AgreementFields(TypedDict, total=False):
    """What a manager edits of an agreement (its code and text have services of their own)."""

    title: str
    system: AgreementSystem
    layer: str
    topic: str
    plateau: str
    is_temporary: bool
    valid_from: dt.date | None
    valid_until: dt.date | None
    reassessment_date: dt.date | None
    replacement_note: str


AGREEMENT_FIELDS = tuple(AgreementFields.__annotations__)


def refresh_search_vectors(agreement_ids: Iterable[int]) -> None:
    """Code and title weigh most, then the text of the current version (Dutch stemming)."""
    ids = list(agreement_ids)
    if not ids or connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    current_text = Subquery(
        AgreementVersion.objects.filter(agreement=OuterRef("pk"), is_current=True).values("text")[
            :1
        ]
    )
    latest_text = Subquery(
        AgreementVersion.objects.filter(agreement=OuterRef("pk"))
        .order_by("-number")
        .values("text")[:1]
    )
    Agreement.objects.filter(pk__in=ids).update(
        search_vector=SearchVector("code", weight="A", config="dutch")
        + SearchVector("title", weight="A", config="dutch")
        + SearchVector(
            Coalesce(current_text, latest_text, Value(""), output_field=TextField()),
            weight="B",
            config="dutch",
        )
    )


def _validate_temporary(agreement: Agreement) -> None:
    errors: dict[str, str] = {}
    if agreement.is_temporary:
        if not agreement.valid_until:
            errors["valid_until"] = _("A temporary agreement needs an end of its validity.")
        if not agreement.reassessment_date:
            errors["reassessment_date"] = _("A temporary agreement needs a re-assessment date.")
    if (
        agreement.valid_from
        and agreement.valid_until
        and agreement.valid_until < agreement.valid_from
    ):
        errors["valid_until"] = _("The end of validity must be on or after its start.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    code: str,
    text: str,
    standards: Iterable[Standard] = (),
    **fields: Unpack[AgreementFields],
) -> Agreement:
    """A new draft agreement with its first version (not in force until a release)."""
    require(actor, "agreements.manage")
    if Agreement.objects.filter(code=code).exists():
        raise ValidationError({"code": _("An agreement with this code exists already.")})
    agreement = Agreement(
        code=code,
        status=Agreement.Status.DRAFT,
        **known_fields(fields, AgreementFields),
    )
    _validate_temporary(agreement)
    set_reason(agreement, "agreements.agreement.created")
    agreement.save()
    agreement.standards.set(list(standards))
    version = AgreementVersion(
        agreement=agreement, number=1, text=text, created_by=actor, change_note=_("First version")
    )
    set_reason(version, "agreements.version.created")
    version.save()
    transaction.on_commit(lambda: refresh_search_vectors([agreement.pk]))
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: User,
    agreement: Agreement,
    lock_version: int,
    standards: Iterable[Standard] | None = None,
    **fields: Unpack[AgreementFields],
) -> Agreement:
    """Change an agreement's metadata; refuses to overwrite a save made in the meantime."""
    require(actor, "agreements.manage", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement.advance_lock(lock_version)
    if agreement.status == Agreement.Status.WITHDRAWN:
        raise WorkflowError(_("A withdrawn agreement cannot be changed."))
    old_reassessment = agreement.reassessment_date
    for key, value in known_fields(fields, AgreementFields).items():
        setattr(agreement, key, value)
    _validate_temporary(agreement)
    if agreement.reassessment_date != old_reassessment:
        agreement.reassessment_flagged_on = None  # a new date may be flagged again
    set_reason(agreement, "agreements.agreement.changed")
    agreement.save()
    if standards is not None:
        agreement.standards.set(list(standards))
    transaction.on_commit(lambda: refresh_search_vectors([agreement.pk]))
    return agreement


@transaction.atomic
def version_create(
    *, actor: User, agreement: Agreement, text: str, change_note: str, lock_version: int
) -> AgreementVersion:
    """A new wording; it takes effect when a published release carries it."""
    require(actor, "agreements.manage", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement.advance_lock(lock_version)
    if agreement.status == Agreement.Status.WITHDRAWN:
        raise WorkflowError(_("A withdrawn agreement gets no new versions."))
    latest = agreement.versions.aggregate(n=Max("number"))["n"] or 0
    version = AgreementVersion(
        agreement=agreement, number=latest + 1, text=text, change_note=change_note, created_by=actor
    )
    set_reason(version, "agreements.version.created")
    version.save()
    set_reason(agreement, "agreements.agreement.version_added")
    agreement.save(update_fields=["lock_version", "updated_at"])
    return version


def _end_current(agreement: Agreement, day: dt.date, reason: str) -> None:
    current = agreement.versions.filter(is_current=True).first()
    if current is not None:
        current.is_current = False
        current.effective_until = day
        set_reason(current, reason)
        current.save()


@transaction.atomic
def agreement_withdraw(
    *, actor: User, agreement: Agreement, reason: str, lock_version: int, on: dt.date | None = None
) -> Agreement:
    """Withdraw an agreement now: its current version stops being in force today."""
    require(actor, "agreements.manage", agreement)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement.advance_lock(lock_version)
    if agreement.status == Agreement.Status.WITHDRAWN:
        raise WorkflowError(_("This agreement has been withdrawn already."))
    day = on or timezone.localdate()
    _end_current(agreement, day, "agreements.version.ended")
    agreement.withdraw()
    agreement.withdrawal_reason = reason.strip()
    set_reason(agreement, "agreements.agreement.withdrawn")
    agreement.save()
    return agreement


@transaction.atomic
def harmonisation_set(
    *,
    actor: User,
    agreement: Agreement,
    system: AgreementSystem,
    relation: str,
    note: str = "",
    since: dt.date | None = None,
) -> Harmonisation:
    """Record how another agreement system relates to this agreement (one row per system)."""
    require(actor, "agreements.manage", agreement)
    if system.is_national:
        raise ValidationError({"system": _("Pick another agreement system than the national one.")})
    item = (
        Harmonisation.objects.select_for_update().filter(agreement=agreement, system=system).first()
    )
    created = item is None
    item = item or Harmonisation(agreement=agreement, system=system)
    item.relation, item.note, item.since = relation, note, since
    set_reason(
        item, "agreements.harmonisation.created" if created else "agreements.harmonisation.changed"
    )
    item.full_clean(exclude=["agreement", "system"])
    item.save()
    return item


@transaction.atomic
def harmonisation_remove(*, actor: User, harmonisation: Harmonisation) -> None:
    require(actor, "agreements.manage", harmonisation.agreement)
    set_reason(harmonisation, "agreements.harmonisation.removed")
    harmonisation.delete()


# --- releases -------------------------------------------------------------------------


@transaction.atomic
def release_create(*, actor: User, number: str, title: str, notes: str = "") -> Release:
    require(actor, "agreements.manage")
    if Release.objects.filter(number=number.strip()).exists():
        raise ValidationError({"number": _("A release with this number exists already.")})
    release = Release(number=number.strip(), title=title.strip(), notes=notes)
    set_reason(release, "agreements.release.created")
    release.save()
    return release


def _check_items(items: list[tuple[AgreementVersion, str]]) -> None:
    seen: set[int] = set()
    for version, change_type in items:
        if version.agreement_id in seen:
            raise ValidationError(
                _("%(code)s appears more than once in this release.")
                % {"code": version.agreement.code}
            )
        seen.add(version.agreement_id)
        if (
            change_type in (ReleaseItem.ChangeType.ADDED, ReleaseItem.ChangeType.CHANGED)
            and version.effective_from is not None
        ):
            raise ValidationError(
                _("%(version)s has been in force already; pick a newer version.")
                % {"version": version}
            )
        if (
            change_type == ReleaseItem.ChangeType.ADDED
            and version.agreement.status != Agreement.Status.DRAFT
        ):
            raise ValidationError(
                _("%(code)s is in the catalogue already: mark it as changed, not added.")
                % {"code": version.agreement.code}
            )
        if (
            change_type == ReleaseItem.ChangeType.CHANGED
            and version.agreement.status != Agreement.Status.ADOPTED
        ):
            raise ValidationError(
                _("%(code)s is not in force yet: mark it as added.")
                % {"code": version.agreement.code}
            )
        if change_type == ReleaseItem.ChangeType.WITHDRAWN and not version.is_current:
            raise ValidationError(
                _("To withdraw %(code)s, pick its current version.")
                % {"code": version.agreement.code}
            )


@transaction.atomic
def release_update(
    *,
    actor: User,
    release: Release,
    lock_version: int,
    title: str,
    notes: str,
    items: list[tuple[AgreementVersion, str]],
) -> Release:
    """Change a draft or returned release: its title, notes and the versions it carries."""
    release = Release.objects.select_for_update().get(pk=release.pk)
    require(actor, "agreements.edit_release", release)
    release.advance_lock(lock_version)
    _check_items(items)
    release.title, release.notes = title.strip(), notes
    set_reason(release, "agreements.release.changed")
    release.save()
    wanted = {(v.pk, t) for v, t in items}
    for item in release.items.all():
        if (item.version_id, item.change_type) not in wanted:
            set_reason(item, "agreements.release.item_removed")
            item.delete()
    have = set(release.items.values_list("version_id", "change_type"))
    for version, change_type in items:
        if (version.pk, change_type) not in have:
            item = ReleaseItem(release=release, version=version, change_type=change_type)
            _check_one_open_release(item)
            set_reason(item, "agreements.release.item_added")
            try:
                with transaction.atomic():
                    item.save()
            except IntegrityError:  # another release took the version meanwhile
                _check_one_open_release(item)
                raise
    return release


def _check_one_open_release(item: ReleaseItem) -> None:
    """A version is carried by at most one release that is not published yet."""
    other = (
        ReleaseItem.objects.filter(version=item.version, is_open=True)
        .exclude(release=item.release)
        .select_related("release")
        .first()
    )
    if other:
        raise ValidationError(
            _(
                "%(version)s is in release %(number)s, which is not published yet; take it "
                "out of that release first."
            )
            % {"version": item.version, "number": other.release.number}
        )


def _transition(release: Release, method: str, reason: str) -> None:
    try:
        getattr(release, method)()
    except TransitionNotAllowed:
        raise WorkflowError(
            _("This step is not possible while the release is %(status)s.")
            % {"status": release.get_status_display().lower()}
        ) from None
    set_reason(release, reason)
    release.lock_version += 1
    release.save()


@transaction.atomic
def release_submit(*, actor: User, release: Release) -> Release:
    """Send a release to the architecture board for review (toetsing)."""
    release = Release.objects.select_for_update().get(pk=release.pk)
    require(actor, "agreements.manage", release)
    if not release.items.exists():
        raise WorkflowError(_("A release without agreements cannot be reviewed."))
    _transition(release, "submit", "agreements.release.submitted")
    hand_over(
        release,
        verb="agreements.release.submitted",
        recipients=people_with_role(Role.ARCHITECTURE_BOARD),
        actor=actor,
    )
    return release


def _submitter_of(release: Release) -> int | None:
    """Who sent the release for review, as the history of the release records it."""
    return (
        release.history.filter(history_change_reason="agreements.release.submitted")
        .order_by("-history_date")
        .values_list("history_user_id", flat=True)
        .first()
    )


@transaction.atomic
def release_review(
    *,
    actor: User,
    release: Release,
    consistency: str,
    consistency_explanation: str,
    coherence: str,
    coherence_explanation: str,
    legal: str,
    legal_explanation: str,
    outcome: str,
    reasons: str = "",
) -> Review:
    """The board's review: three separate verdicts, then approve or send back with reasons."""
    require(actor, "agreements.review_release", release)
    release = Release.objects.select_for_update().get(pk=release.pk)
    verdicts = (consistency, coherence, legal)
    if outcome == Review.Outcome.APPROVED and any(v != Review.Verdict.SUFFICIENT for v in verdicts):
        raise ValidationError(
            {"outcome": _("Only a release that is sufficient on all three points can be approved.")}
        )
    if outcome == Review.Outcome.RETURNED and not reasons.strip():
        raise ValidationError({"reasons": _("Say why the release is sent back.")})
    if release.status != Release.Status.IN_REVIEW:
        raise WorkflowError(_("Only a release in review can be reviewed."))
    review = Review(
        release=release,
        reviewer=actor,
        consistency=consistency,
        consistency_explanation=consistency_explanation,
        coherence=coherence,
        coherence_explanation=coherence_explanation,
        legal=legal,
        legal_explanation=legal_explanation,
        outcome=outcome,
        reasons=reasons,
    )
    set_reason(review, "agreements.review.recorded")
    review.full_clean(exclude=["release", "reviewer"])
    review.save()
    if outcome == Review.Outcome.APPROVED:
        verb = "agreements.release.approved"
        _transition(release, "approve", verb)
    else:
        verb = "agreements.release.returned"
        _transition(release, "send_back", verb)
    submitter = _submitter_of(release)
    hand_over(
        release,
        verb=verb,
        recipients=people_with_role(Role.PROGRAMME_MANAGER)
        | User.objects.filter(pk=submitter or 0),
        actor=actor,
    )
    return review


@transaction.atomic
def release_publish(
    *,
    actor: User,
    release: Release,
    effective_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Release:
    """Adopt and publish an approved release. Its versions come into force on
    `effective_on`: today, or a later day (the release is then planned, public at once, and
    `releases_take_effect` brings it into force on that day). Never before the day of
    publication: the catalogue's past is not rewritten. `today` is the day of publication
    (the demo builds past history with it; pages never pass it)."""
    require(actor, "agreements.publish_release", release)
    release = Release.objects.select_for_update().get(pk=release.pk)
    today = today or timezone.localdate()
    day = effective_on or today
    if release.status != Release.Status.APPROVED:
        raise WorkflowError(_("Only an approved release can be published."))
    if day < today:
        raise ValidationError(
            {"effective_on": _("A release comes into force on the day it is published or later.")}
        )
    items = list(release.items.select_related("version__agreement"))
    for item in items:
        if item.change_type == ReleaseItem.ChangeType.WITHDRAWN:
            continue
        # Announced now: the as-of catalogue shows the version from its day on.
        version = AgreementVersion.objects.select_for_update().get(pk=item.version_id)
        version.effective_from = day
        set_reason(version, "agreements.version.scheduled")
        version.save()
        current = (
            AgreementVersion.objects.select_for_update()
            .filter(agreement_id=version.agreement_id, is_current=True)
            .first()
        )
        if current is not None:
            current.effective_until = day
            set_reason(current, "agreements.version.end_scheduled")
            current.save()
    for item in items:
        if item.change_type == ReleaseItem.ChangeType.WITHDRAWN:
            version = AgreementVersion.objects.select_for_update().get(pk=item.version_id)
            version.effective_until = day
            set_reason(version, "agreements.version.end_scheduled")
            version.save()
    release.published_on, release.effective_on = today, day
    in_force_now = day <= timezone.localdate()
    touched = _versions_take_effect(release, day) if in_force_now else []
    release.took_effect = in_force_now
    _transition(release, "publish", "agreements.release.published")
    # Bookkeeping of the constraint "one open release per version"; the release's own
    # history records the publication.
    release.items.update(is_open=False)
    transaction.on_commit(lambda: refresh_search_vectors(touched))
    return release


def _take_effect(release: Release) -> None:
    """A planned release comes into force: its versions, then the release itself."""
    touched = _versions_take_effect(release, release.effective_on or timezone.localdate())
    release.took_effect = True
    release.lock_version += 1
    set_reason(release, "agreements.release.took_effect")
    release.save()
    transaction.on_commit(lambda: refresh_search_vectors(touched))


def _versions_take_effect(release: Release, day: dt.date) -> list[int]:
    """The versions of `release` come into force on `day`; returns the agreements touched."""
    touched = []
    for item in release.items.select_related("version__agreement"):
        agreement = Agreement.objects.select_for_update().get(pk=item.version.agreement_id)
        touched.append(agreement.pk)
        if item.change_type == ReleaseItem.ChangeType.WITHDRAWN:
            _end_current(agreement, day, "agreements.version.ended")
            agreement.withdraw()
            agreement.withdrawal_reason = agreement.withdrawal_reason or _(
                "Withdrawn in release %(number)s."
            ) % {"number": release.number}
        else:
            _end_current(agreement, day, "agreements.version.replaced")
            version = AgreementVersion.objects.get(pk=item.version_id)
            version.is_current, version.effective_from = True, day
            set_reason(version, "agreements.version.took_effect")
            version.save()
            agreement.adopt()
        agreement.lock_version += 1
        set_reason(agreement, "agreements.agreement.released")
        agreement.save()
    return touched


def releases_take_effect(today: dt.date | None = None) -> int:
    """Bring into force every published release whose day has come (daily task; safe to
    run twice: each release is locked and checked)."""
    day = today or timezone.localdate()
    due = Release.objects.filter(
        status=Release.Status.PUBLISHED, took_effect=False, effective_on__lte=day
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            release = Release.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if release is None or release.took_effect:
                continue
            _take_effect(release)
            count += 1
    return count


def agreements_due_for_reassessment(today: dt.date, within_days: int = 60):
    return (
        Agreement.objects.filter(
            is_temporary=True, reassessment_date__lte=today + dt.timedelta(days=within_days)
        )
        .exclude(status=Agreement.Status.WITHDRAWN)
        .filter(Q(reassessment_flagged_on__isnull=True))
    )


# --- compliance (NTV) -----------------------------------------------------------------


def _compliance_checks(version: AgreementVersion, tested_on: dt.date, valid_until) -> None:
    errors: dict[str, str] = {}
    if tested_on > timezone.localdate():
        errors["tested_on"] = _("A test is recorded once it has taken place.")
    if version.effective_from and tested_on < version.effective_from:
        errors["tested_on"] = _("This version was not in force yet on that day.")
    if valid_until is not None and valid_until <= tested_on:
        errors["valid_until"] = _("The validity ends after the test date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def compliance_record(
    *,
    actor: User,
    organisation: Organisation,
    code: str,
    version_number: int | None,
    result: str,
    tested_on: dt.date,
    valid_until: dt.date | None = None,
) -> ComplianceRecord:
    """Record an NTV validation result of a party against an agreement version that is or
    was in force (the current one when no number is given)."""
    require(actor, "agreements.record_compliance")
    agreement = Agreement.objects.filter(code=code.strip().upper()).first()
    if agreement is None:
        raise ValidationError({"code": _("No agreement has this code.")})
    versions = agreement.versions.filter(effective_from__isnull=False)
    version = (
        versions.filter(number=version_number).first()
        if version_number
        else versions.filter(is_current=True).first()
    )
    if version is None:
        raise ValidationError(
            {"version_number": _("Pick a version of this agreement that is or was in force.")}
        )
    _compliance_checks(version, tested_on, valid_until)
    own = sorted(validating_organisations(actor))
    record = ComplianceRecord(
        organisation=organisation,
        version=version,
        result=result,
        tested_on=tested_on,
        valid_until=valid_until,
        recorded_by_id=own[0] if own else None,
    )
    record.full_clean()
    set_reason(record, "agreements.compliance.recorded")
    record.save()
    return record


class ComplianceFields(TypedDict, total=False):
    """What may be corrected of a recorded validation result."""

    result: str
    tested_on: dt.date
    valid_until: dt.date | None


@transaction.atomic
def compliance_update(
    *,
    actor: User,
    record: ComplianceRecord,
    lock_version: int,
    **fields: Unpack[ComplianceFields],
) -> ComplianceRecord:
    """Correct a recorded validation result (its result, test date or validity)."""
    record = (
        ComplianceRecord.objects.select_for_update().select_related("version").get(pk=record.pk)
    )
    require(actor, "agreements.change_compliance", record)
    record.advance_lock(lock_version)
    for key, value in known_fields(fields, ComplianceFields).items():
        setattr(record, key, value)
    _compliance_checks(record.version, record.tested_on, record.valid_until)
    record.full_clean()
    set_reason(record, "agreements.compliance.corrected")
    record.save()
    return record


# --- re-assessing a temporary agreement -----------------------------------------------


@transaction.atomic
def agreement_reassess(
    *,
    actor: User,
    agreement: Agreement,
    lock_version: int,
    outcome: str,
    decided_on: dt.date,
    reasoning: str,
    extended_until: dt.date | None = None,
    next_reassessment: dt.date | None = None,
    replaced_by_code: str = "",
    supporters: Iterable[Organisation] = (),
    release: Release | None = None,
) -> Reassessment:
    """Record the outcome of re-assessing a temporary agreement.

    Extended: the validity runs to `extended_until` and the next re-assessment is set.
    Replaced: the agreement that replaces it is named. Withdrawn: the release that
    withdraws it is named. A release named for any outcome must carry the agreement or its
    replacement."""
    require(actor, "agreements.manage")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not agreement.is_temporary:
        raise WorkflowError(_("Only a temporary agreement is re-assessed."))
    if agreement.status == Agreement.Status.WITHDRAWN:
        raise WorkflowError(_("This agreement has been withdrawn."))
    agreement.advance_lock(lock_version)
    errors: dict[str, str] = {}
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("Record a re-assessment once it has been decided.")
    if not reasoning.strip():
        errors["reasoning"] = _("Give the reasoning; the field reads it.")
    replaced_by = None
    if outcome == Reassessment.Outcome.EXTENDED:
        if extended_until is None:
            errors["extended_until"] = _("Give the new end of the validity.")
        elif agreement.valid_until and extended_until <= agreement.valid_until:
            errors["extended_until"] = _("An extension ends after %(day)s.") % {
                "day": date_format(agreement.valid_until, "DATE_FORMAT")
            }
        if next_reassessment is None:
            errors["next_reassessment"] = _("Give the date of the next re-assessment.")
        elif next_reassessment <= decided_on or (
            extended_until and next_reassessment > extended_until
        ):
            errors["next_reassessment"] = _(
                "The next re-assessment lies after the decision and before the new end."
            )
    if outcome == Reassessment.Outcome.REPLACED:
        replaced_by = (
            Agreement.objects.filter(code=replaced_by_code.strip().upper())
            .exclude(pk=agreement.pk)
            .first()
        )
        if replaced_by is None:
            errors["replaced_by_code"] = _("Name the agreement that replaces it, by its code.")
    if outcome == Reassessment.Outcome.WITHDRAWN and release is None:
        errors["release"] = _("Name the release that withdraws the agreement.")
    if release is not None:
        carried = [agreement.pk] + ([replaced_by.pk] if replaced_by else [])
        if not release.items.filter(version__agreement__in=carried).exists():
            errors["release"] = _(
                "This release carries neither this agreement nor its replacement."
            )
    if errors:
        raise ValidationError(errors)
    reassessment = Reassessment(
        agreement=agreement,
        decided_on=decided_on,
        outcome=outcome,
        extended_until=extended_until if outcome == Reassessment.Outcome.EXTENDED else None,
        next_reassessment=next_reassessment if outcome == Reassessment.Outcome.EXTENDED else None,
        replaced_by=replaced_by,
        release=release,
        reasoning=reasoning.strip(),
        decided_by=actor,
    )
    reassessment.full_clean(exclude=["decided_by"])
    set_reason(reassessment, "agreements.agreement.reassessed")
    reassessment.save()
    reassessment.supporters.set(list(supporters))
    if outcome == Reassessment.Outcome.EXTENDED:
        agreement.valid_until, agreement.reassessment_date = extended_until, next_reassessment
        agreement.reassessment_flagged_on = None
    elif replaced_by is not None:
        agreement.replacement_note = agreement.replacement_note or _("Replaced by %(code)s.") % {
            "code": replaced_by.code
        }
    set_reason(agreement, "agreements.agreement.reassessed")
    agreement.save()
    return reassessment
