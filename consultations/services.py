"""Every write for consultations."""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import selectors
from consultations.models import (
    Answer,
    Comment,
    CommentAttachment,
    Consultation,
    ConsultationDocument,
    ConsultationSession,
    DraftVersion,
    Question,
    ReportFile,
    Section,
    SessionRegistration,
)
from portal.accounts.models import User
from portal.core.exceptions import WorkflowError
from portal.core.services import known_fields, require, set_reason
from portal.notifications.services import hand_over

if TYPE_CHECKING:
    from agreements.models import Agreement, AgreementVersion, Release
    from roadmap.models import FundingScheme

log = logging.getLogger(__name__)

HEADING = re.compile(r"^##\s+(.+?)\s*$")

# The standard fields of a consultation, as internetconsultatie.nl shows them.
STANDARD_FIELDS = ("purpose", "target_group", "expected_effects", "regulatory_burden", "contact")


def parse_sections(text: str) -> list[tuple[str, str]]:
    """Split a Markdown draft into numbered sections at its level-2 headings."""
    sections: list[tuple[str, list[str]]] = []
    for line in (text or "").splitlines():
        match = HEADING.match(line)
        if match:
            sections.append((match.group(1), []))
        elif sections:
            sections[-1][1].append(line)
        elif line.strip():
            sections.append((_("Introduction"), [line]))
    return [(title, "\n".join(body).strip()) for title, body in sections]


def _add_version(consultation: Consultation, text: str, note: str) -> DraftVersion:
    sections = parse_sections(text)
    if not sections:
        raise ValidationError(
            {"draft": _("The draft needs at least one section: start each with a line '## Title'.")}
        )
    number = (consultation.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DraftVersion(consultation=consultation, number=number, note=note)
    set_reason(version, "consultations.version.published")
    version.save()
    for order, (title, body) in enumerate(sections, start=1):
        section = Section(
            version=version, order=order, number=str(order), title=title[:250], text=body
        )
        set_reason(section, "consultations.section.published")
        section.save()
    return version


def _check_dates(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})


def _set_questions(consultation: Consultation, questions: Sequence[str]) -> None:
    for order, text in enumerate([q for q in questions if q.strip()], start=1):
        question = Question(consultation=consultation, order=order, text=text.strip())
        set_reason(question, "consultations.question.added")
        question.save()


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    title: str,
    slug: str,
    subject: str = Consultation.Subject.DOCUMENT,
    introduction: str = "",
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    draft: str = "",
    questions: Sequence[str] = (),
    release: Release | None = None,
    agreement: Agreement | None = None,
    scheme: FundingScheme | None = None,
    purpose: str = "",
    target_group: str = "",
    expected_effects: str = "",
    regulatory_burden: str = "",
    contact: str = "",
) -> Consultation:
    """A draft consultation; only its title and short name are needed until it is
    scheduled (`consultation_schedule` checks that the rest is there)."""
    require(actor, "consultations.run")
    if Consultation.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is taken.")})
    _check_dates(opens_at, closes_at)
    consultation = Consultation(
        title=title,
        slug=slug,
        subject=subject,
        introduction=introduction,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
        release=release,
        agreement=agreement,
        scheme=scheme,
        purpose=purpose,
        target_group=target_group,
        expected_effects=expected_effects,
        regulatory_burden=regulatory_burden,
        contact=contact,
    )
    consultation.full_clean()
    set_reason(consultation, "consultations.consultation.created")
    consultation.save()
    if draft.strip():
        _add_version(consultation, draft, _("First version"))
    _set_questions(consultation, questions)
    return consultation


@transaction.atomic
def consultation_update(
    *,
    actor: User,
    consultation: Consultation,
    lock_version: int,
    title: str,
    subject: str,
    introduction: str,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    draft: str,
    questions: Sequence[str],
    **standard: str,
) -> Consultation:
    """Change a draft consultation: its fields, its draft text and its questions
    (`standard`: any of STANDARD_FIELDS; those not given stay as they are).

    Only a draft: once scheduled, the field may have read it, and a new text is a new
    version (`version_publish`). The draft text replaces the first version's sections
    (nobody can have commented on a draft)."""
    require(actor, "consultations.run", consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Consultation.Status.DRAFT:
        raise WorkflowError(
            _("Only a draft consultation can be changed; publish a new draft version instead.")
        )
    consultation.advance_lock(lock_version)
    _check_dates(opens_at, closes_at)
    consultation.title = title
    consultation.subject = subject
    consultation.introduction = introduction
    consultation.opens_at = opens_at
    consultation.closes_at = closes_at
    unknown = set(standard) - set(STANDARD_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    for name, value in standard.items():
        setattr(consultation, name, value)
    consultation.full_clean()
    set_reason(consultation, "consultations.consultation.changed")
    consultation.save()
    if draft.strip() != draft_text(consultation).strip():
        for version in consultation.versions.all():
            for section in version.sections.all():
                set_reason(section, "consultations.section.replaced")
                section.delete()
            set_reason(version, "consultations.version.replaced")
            version.delete()
        if draft.strip():
            _add_version(consultation, draft, _("First version"))
    wanted = [q.strip() for q in questions if q.strip()]
    if wanted != [q.text for q in consultation.questions.order_by("order")]:
        for question in consultation.questions.all():
            set_reason(question, "consultations.question.replaced")
            question.delete()
        _set_questions(consultation, wanted)
    return consultation


def draft_text(consultation: Consultation) -> str:
    """The current version's sections as the Markdown they were written in."""
    version = current_version(consultation)
    if version is None:
        return ""
    return "\n\n".join(
        f"## {section.title}\n\n{section.text}".rstrip() for section in version.sections.all()
    )


def missing_for_schedule(consultation: Consultation) -> list[str]:
    """What a draft still lacks before it can be scheduled, in the user's words."""
    missing = []
    if not consultation.introduction.strip():
        missing.append(_("an introduction"))
    labels = {
        "purpose": _("its purpose"),
        "target_group": _("its target group"),
        "expected_effects": _("its expected effects"),
        "regulatory_burden": _("its regulatory burden"),
        "contact": _("a contact"),
    }
    for name in STANDARD_FIELDS:
        if not getattr(consultation, name).strip():
            missing.append(labels[name])
    if consultation.opens_at is None:
        missing.append(_("an opening time"))
    if consultation.closes_at is None:
        missing.append(_("a closing time"))
    version = current_version(consultation)
    if version is None or not version.sections.exists():
        missing.append(_("the draft text with at least one section"))
    return missing


@transaction.atomic
def consultation_schedule(*, actor: User, consultation: Consultation) -> Consultation:
    """Put a draft consultation on the calendar: it opens and closes by itself."""
    require(actor, "consultations.run", consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Consultation.Status.DRAFT:
        raise WorkflowError(_("Only a draft consultation can be scheduled."))
    missing = missing_for_schedule(consultation)
    if missing:
        raise WorkflowError(
            _("Before it can be scheduled, this consultation needs: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    consultation.schedule()
    set_reason(consultation, "consultations.consultation.scheduled")
    consultation.save()
    return consultation


@transaction.atomic
def version_publish(
    *, actor: User, consultation: Consultation, draft: str, note: str
) -> DraftVersion:
    """A new draft version during the round; earlier comments keep pointing at their section."""
    require(actor, "consultations.run", consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.phase() not in (Consultation.Phase.SCHEDULED, Consultation.Phase.OPEN):
        raise WorkflowError(
            _("A new draft version can be published only before or during the round.")
        )
    version = _add_version(consultation, draft, note)
    return version


def current_version(consultation: Consultation) -> DraftVersion | None:
    return consultation.versions.order_by("-number").first()


def _check_open(consultation: Consultation, now: dt.datetime) -> None:
    if not consultation.is_open(now):
        raise WorkflowError(
            _(
                "This consultation is not open: comments can be given and changed "
                "only between its opening and closing time."
            )
        )


@transaction.atomic
def comment_submit(
    *,
    actor: User,
    consultation: Consultation,
    organisation: Any,
    text: str,
    may_publish: bool,
    section: Section | None = None,
    question: Question | None = None,
    idempotency_key: uuid.UUID | None = None,
    upload=None,
) -> Comment:
    """Comment on a section or answer a question, on behalf of one's organisation (or, with
    `organisation` None, as a private person), with an optional file: one step, so a
    refused file saves nothing (the error at `attachment`).

    The same idempotency key sent twice with the same comment (a double click, a retry, 20
    parallel posts) yields one comment; the same key with another text or target is a form
    sent again after it was received, and is refused rather than silently answered with
    the first comment.
    """
    require(actor, "consultations.comment", consultation)
    consultation = Consultation.objects.get(pk=consultation.pk)
    now = timezone.now()
    _check_open(consultation, now)
    acts_for = actor.memberships.filter(organisation=organisation)
    if organisation is not None and not acts_for.exists():
        raise PermissionDenied
    if (section is None) == (question is None):
        raise ValidationError(_("Choose a section or a question to react to."))
    version = current_version(consultation)
    if version is None:
        raise WorkflowError(_("This consultation has no draft to comment on yet."))
    if section is not None and section.version_id != version.pk:
        raise ValidationError(_("Comment on the current draft version."))
    if question is not None and question.consultation_id != consultation.pk:
        raise ValidationError(_("This question belongs to another consultation."))
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    key = idempotency_key or uuid.uuid4()
    existing = Comment.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _same_comment(existing, text, section, question)
    comment = Comment(
        consultation=consultation,
        section=section,
        question=question,
        author=actor,
        organisation=organisation,
        text=text.strip(),
        may_publish=may_publish,
        idempotency_key=key,
    )
    set_reason(comment, "consultations.comment.submitted")
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # Another request with the same key won the race: that one is the comment.
        return _same_comment(Comment.objects.get(idempotency_key=key), text, section, question)
    if upload is not None:
        try:
            _attach(comment, upload)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
    transaction.on_commit(lambda: _send_receipt(comment.pk))
    return comment


def _send_receipt(comment_id: int) -> None:
    """Hand the e-mail receipt to a worker. If the broker is down, the beat's sweep
    (consultations.send_pending_receipts) sends it later."""
    from consultations.tasks import send_comment_receipt

    try:
        send_comment_receipt.delay(comment_id)
    except Exception as error:
        log.warning("consultations: receipt of comment %s waits (%r)", comment_id, error)


def _same_comment(
    existing: Comment, text: str, section: Section | None, question: Question | None
) -> Comment:
    """The comment a repeated send of one form made, if it says the same."""
    same = (
        existing.text == text.strip()
        and existing.section_id == (section.pk if section else None)
        and existing.question_id == (question.pk if question else None)
    )
    if not same:
        raise ValidationError(
            _(
                "This form was sent already and your comment was received. To add another "
                "comment, open the consultation again; to change this one, use “change”."
            )
        )
    return existing


def _own_open_comment(actor: User, comment_id: int) -> Comment:
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment_id)
    if comment.author_id != actor.pk:
        raise PermissionDenied
    _check_open(comment.consultation, timezone.now())
    if comment.status != Comment.Status.ACTIVE:
        raise WorkflowError(_("This comment can no longer be changed."))
    return comment


@transaction.atomic
def comment_update(
    *, actor: User, comment: Comment, text: str, may_publish: bool, lock_version: int
) -> Comment:
    comment = _own_open_comment(actor, comment.pk)
    comment.advance_lock(lock_version)
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    comment.text, comment.may_publish = text.strip(), may_publish
    set_reason(comment, "consultations.comment.changed")
    comment.save()
    return comment


@transaction.atomic
def comment_attach(*, actor: User, comment: Comment, upload) -> CommentAttachment:
    """Attach a file to one's own comment while the round is open (checked by content)."""

    comment = _own_open_comment(actor, comment.pk)
    return _attach(comment, upload)


def _attach(comment: Comment, upload) -> CommentAttachment:
    from portal.core.uploads import check_upload

    checked = check_upload(upload)
    attachment = CommentAttachment(
        comment=comment,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
    )
    attachment.file.save("upload", upload, save=False)
    set_reason(attachment, "consultations.attachment.added")
    attachment.save()
    return attachment


@transaction.atomic
def comment_withdraw(*, actor: User, comment: Comment) -> Comment:
    comment = _own_open_comment(actor, comment.pk)
    comment.withdraw()
    set_reason(comment, "consultations.comment.withdrawn")
    comment.save()
    return comment


@transaction.atomic
def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    """Moderation: the comment is kept, never deleted; its author sees the reason."""
    require(actor, "consultations.run", comment.consultation)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the author reads it.")})
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.hide()
    comment.hidden_reason = reason.strip()
    set_reason(comment, "consultations.comment.hidden")
    comment.save()
    consultation = comment.consultation
    if consultation.status == Consultation.Status.REPORTED:
        # The published report's table counts active comments only: count it again now.
        consultation.report_counts = selectors.report_rows(consultation)
        set_reason(consultation, "consultations.comment.hidden")
        consultation.save(update_fields=["report_counts"])
    return comment


@transaction.atomic
def answer_comments(
    *,
    actor: User,
    consultation: Consultation,
    comments: list[Comment],
    disposition: str,
    reason: str,
    changed_section: Section | None = None,
    agreement_version: AgreementVersion | None = None,
    release: Release | None = None,
) -> int:
    """One answer for each of several comments that say the same (after closing)."""
    require(actor, "consultations.run", consultation)
    consultation = Consultation.objects.get(pk=consultation.pk)
    if consultation.phase() != Consultation.Phase.CLOSED:
        raise WorkflowError(
            _(
                "Comments are answered after the round has closed and before the "
                "report is published."
            )
        )
    if disposition not in Answer.Disposition.values:
        raise ValidationError({"disposition": _("Choose a disposition.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    count = 0
    for comment in comments:
        if comment.consultation_id != consultation.pk:
            raise PermissionDenied
        answer = Answer.objects.filter(comment=comment).first() or Answer(
            comment=comment, answered_by=actor
        )
        answer.disposition, answer.reason, answer.answered_by = disposition, reason.strip(), actor
        answer.changed_section = changed_section
        answer.agreement_version = agreement_version
        answer.release = release
        set_reason(answer, "consultations.comment.answered")
        answer.save()
        count += 1
    return count


def unanswered(consultation: Consultation):
    return Comment.objects.filter(
        consultation=consultation, status=Comment.Status.ACTIVE, answer__isnull=True
    )


@transaction.atomic
def report_publish(*, actor: User, consultation: Consultation, summary: str) -> Consultation:
    require(actor, "consultations.run", consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.phase() != Consultation.Phase.CLOSED:
        raise WorkflowError(_("The report is published after the round has closed."))
    open_count = unanswered(consultation).count()
    if open_count:
        raise ValidationError(
            _("%(n)s comments have no answer yet; answer every comment first.") % {"n": open_count}
        )
    consultation.publish_report()
    consultation.report_summary, consultation.report_published_at = summary, timezone.now()
    consultation.report_counts = selectors.report_rows(consultation)
    set_reason(consultation, "consultations.report.published")
    consultation.save()
    hand_over(
        consultation,
        verb="consultations.report.answered",
        recipients=User.objects.filter(
            consultation_comments__consultation=consultation,
            consultation_comments__status=Comment.Status.ACTIVE,
        ),
        actor=actor,
        replaces="consultations.report.published",
    )
    _queue_report_pdf(consultation, actor)
    return consultation


def _queue_report_pdf(consultation: Consultation, actor: User) -> ReportFile:
    job = ReportFile(consultation=consultation, requested_by=actor)
    set_reason(job, "consultations.report_pdf.requested")
    job.save()
    transaction.on_commit(lambda: _start_report_pdf(job.pk))
    return job


def _start_report_pdf(job_id: int) -> None:
    """Hand the job to a worker. If the broker is down, the job waits as `queued` and the
    beat's sweep (consultations.generate_pending_reports) starts it later."""
    from consultations.tasks import generate_report_pdf

    try:
        generate_report_pdf.delay(job_id)
    except Exception as error:
        log.warning("consultations: report PDF %s waits (%r)", job_id, error)


@transaction.atomic
def request_report_pdf(*, actor: User, consultation: Consultation) -> ReportFile:
    """Generate the PDF again (after a failure, or to include later changes)."""
    require(actor, "consultations.run", consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Consultation.Status.REPORTED:
        raise WorkflowError(_("The PDF is made of a published report."))
    pending = consultation.report_files.filter(
        status__in=[ReportFile.Status.QUEUED, ReportFile.Status.RUNNING]
    ).first()
    if pending:
        return pending
    return _queue_report_pdf(consultation, actor)


# --- the report PDF job: its steps, which the worker's task orchestrates --------------------


class ReportJobBusy(Exception):
    """Another worker is laying the job out and its heartbeat is still fresh."""


@transaction.atomic
def report_pdf_claim(*, job_id: int, stale_before: dt.datetime) -> ReportFile | None:
    """Claim a queued (or failed) job for this worker, or take over one whose worker died
    (heartbeat before `stale_before`). Returns None when there is nothing to do (done, failed
    for a reason of its own, gone, or locked by a worker right now); raises `ReportJobBusy`
    while another worker is at it."""
    job = (
        ReportFile.objects.select_for_update(skip_locked=True)
        .select_related("consultation")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.status in (ReportFile.Status.DONE, ReportFile.Status.FAILED):
        return None
    if (
        job.status == ReportFile.Status.RUNNING
        and job.heartbeat_at
        and job.heartbeat_at > stale_before
    ):
        raise ReportJobBusy
    taken_over = job.status == ReportFile.Status.RUNNING
    job.start()
    job.started_at = job.heartbeat_at = timezone.now()
    job.total_comments = report_pdf_comments(job).count()
    job.done_comments = 0
    set_reason(
        job,
        "consultations.report_pdf.taken_over" if taken_over else "consultations.report_pdf.started",
    )
    job.save()
    return job


def report_pdf_comments(job: ReportFile):
    """The comments the report PDF lays out: the published ones of its consultation."""
    return Comment.objects.published().filter(consultation_id=job.consultation_id)


def report_pdf_progress(*, job: ReportFile, laid_out: int) -> None:
    """Count `laid_out` more comments done and show the job alive (its heartbeat)."""
    ReportFile.objects.filter(pk=job.pk).update(
        done_comments=F("done_comments") + laid_out, heartbeat_at=timezone.now()
    )


@transaction.atomic
def report_pdf_finish(*, job: ReportFile, name: str, content: File, pages: int) -> ReportFile:
    """Keep the laid-out file on the job and mark it done."""
    job = ReportFile.objects.select_for_update().get(pk=job.pk)
    job.file.save(name, content, save=False)
    job.size = job.file.size
    job.finish()
    job.pages = pages
    job.finished_at = timezone.now()
    set_reason(job, "consultations.report_pdf.done")
    job.save()
    return job


@transaction.atomic
def report_pdf_fail(*, job: ReportFile, error: str) -> bool:
    """Record why the job failed (a manager may ask for it again). False when another
    worker took the job over and finished it meanwhile: then nothing changes."""
    job = ReportFile.objects.select_for_update().get(pk=job.pk)
    if job.status == ReportFile.Status.DONE:
        return False
    job.fail()
    job.error = error[:2000]
    job.finished_at = timezone.now()
    set_reason(job, "consultations.report_pdf.failed")
    job.save()
    return True


# --- documents per draft version -------------------------------------------------------


@transaction.atomic
def document_add(
    *, actor: User, consultation: Consultation, kind: str, title: str, upload
) -> ConsultationDocument:
    """Add a PDF to the current draft version (the draft as a document, its explanatory
    memorandum, …); checked by content, stored under a random name."""
    from portal.core.uploads import check_upload

    require(actor, "consultations.run", consultation)
    version = current_version(consultation)
    if version is None:
        raise WorkflowError(_("Add the draft text first: a document goes with a draft version."))
    checked = check_upload(upload)
    if checked.content_type != "application/pdf":
        raise ValidationError({"file": _("Upload the document as a PDF.")})
    document = ConsultationDocument(
        version=version,
        kind=kind,
        title=title.strip(),
        original_name=checked.name,
        size=checked.size,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    document.file.save("document.pdf", upload, save=False)
    set_reason(document, "consultations.document.added")
    document.save()
    return document


@transaction.atomic
def document_remove(*, actor: User, document: ConsultationDocument) -> None:
    """Take a document off before the round opens; once the field may have read it, it
    stays (a new version carries a corrected one)."""
    consultation = document.version.consultation
    require(actor, "consultations.run", consultation)
    if consultation.phase() not in (Consultation.Phase.DRAFT, Consultation.Phase.SCHEDULED):
        raise WorkflowError(
            _("Once the round has opened a document stays; add a corrected one instead.")
        )
    set_reason(document, "consultations.document.removed")
    document.delete()


# --- sessions with the field ------------------------------------------------------------


class SessionFields(TypedDict, total=False):
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_url: str
    capacity: int
    description: str


SESSION_FIELDS = tuple(SessionFields.__annotations__)


def _check_session(consultation: Consultation, session: ConsultationSession) -> None:
    if consultation.status == Consultation.Status.REPORTED:
        raise WorkflowError(_("The report is published: its sessions can no longer change."))
    session.full_clean()


@transaction.atomic
def session_create(
    *, actor: User, consultation: Consultation, **fields: Unpack[SessionFields]
) -> ConsultationSession:
    require(actor, "consultations.run", consultation)
    session = ConsultationSession(consultation=consultation, **known_fields(fields, SessionFields))
    _check_session(consultation, session)
    set_reason(session, "consultations.session.created")
    session.save()
    return session


def _locked_session(session: ConsultationSession, lock_version: int) -> ConsultationSession:
    locked = (
        ConsultationSession.objects.select_for_update()
        .select_related("consultation")
        .get(pk=session.pk)
    )
    locked.advance_lock(lock_version)
    return locked


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: ConsultationSession,
    lock_version: int,
    **fields: Unpack[SessionFields],
) -> ConsultationSession:
    require(actor, "consultations.run", session.consultation)
    locked = _locked_session(session, lock_version)
    for name, value in known_fields(fields, SessionFields).items():
        setattr(locked, name, value)
    if locked.capacity < locked.registrations.count():
        raise ValidationError(
            {"capacity": _("More people have registered than that; give at least as many places.")}
        )
    _check_session(locked.consultation, locked)
    set_reason(locked, "consultations.session.changed")
    locked.save()
    return locked


@transaction.atomic
def session_register(
    *, actor: User, session: ConsultationSession, organisation: Any = None
) -> SessionRegistration:
    """A place at a session, on behalf of one's organisation (or as a private person),
    while it has not started and has places left. The session's row lock queues parallel
    registrations, so the last place goes to one person."""
    require(actor, "consultations.register", session.consultation)
    locked = ConsultationSession.objects.select_for_update().get(pk=session.pk)
    if timezone.now() >= locked.starts_at:
        raise WorkflowError(_("This session has started: registration is closed."))
    if (
        organisation is not None
        and not actor.memberships.filter(organisation=organisation).exists()
    ):
        raise PermissionDenied
    if locked.registrations.filter(user=actor).exists():
        raise WorkflowError(_("You are already registered for this session."))
    if locked.registrations.count() >= locked.capacity:
        raise WorkflowError(_("This session is full."))
    registration = SessionRegistration(session=locked, user=actor, organisation=organisation)
    set_reason(registration, "consultations.session.registered")
    registration.save()
    return registration


@transaction.atomic
def session_unregister(*, actor: User, session: ConsultationSession) -> None:
    """Give one's place back before the session starts."""
    require(actor, "consultations.register", session.consultation)
    locked = ConsultationSession.objects.select_for_update().get(pk=session.pk)
    if timezone.now() >= locked.starts_at:
        raise WorkflowError(_("This session has started: registration is closed."))
    registration = locked.registrations.filter(user=actor).first()
    if registration is None:
        raise WorkflowError(_("You are not registered for this session."))
    set_reason(registration, "consultations.session.unregistered")
    registration.delete()


@transaction.atomic
def session_record(
    *,
    actor: User,
    session: ConsultationSession,
    lock_version: int,
    attended: set[int],
    notes: str,
) -> ConsultationSession:
    """After the session: who attended (registration ids) and the notes, which the report
    of the consultation carries."""
    require(actor, "consultations.run", session.consultation)
    locked = _locked_session(session, lock_version)
    if timezone.now() < locked.starts_at:
        raise WorkflowError(_("Attendance is recorded once the session has started."))
    if locked.consultation.status == Consultation.Status.REPORTED:
        raise WorkflowError(_("The report is published: its sessions can no longer change."))
    for registration in locked.registrations.all():
        present = registration.pk in attended
        if registration.attended != present:
            registration.attended = present
            set_reason(registration, "consultations.session.attendance")
            registration.save()
    locked.notes = notes.strip()
    set_reason(locked, "consultations.session.recorded")
    locked.save()
    return locked
