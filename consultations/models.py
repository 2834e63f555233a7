"""Consultations: a draft out for comment, comments on behalf of organisations, an answer
to every comment, and the published report.

Comments point at the section of the draft version they were made on; a new version does
not move them. Comments are never deleted: they are withdrawn by their author or hidden by
a moderator with a reason.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import transition
from simple_history.models import HistoricalRecords

from consultations import querysets as qs
from portal.core.fields import StateField
from portal.core.models import LockVersioned

# How a comment of someone without an organisation is attributed.
PRIVATE_PERSON = _("A private person")


class Consultation(LockVersioned, models.Model):
    class Subject(models.TextChoices):
        GISA = "gisa", _("GISA architecture document")
        AGREEMENT = "agreement", _("Agreement or release")
        AMVB = "amvb", _("Order in council (AMvB)")
        FUNDING = "funding", _("Funding scheme")
        DOCUMENT = "document", _("Other document")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        REPORTED = "reported", _("Report published")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    subject = models.CharField(_("subject"), max_length=12, choices=Subject.choices)
    # A draft may lack these; scheduling requires them (`consultation_schedule`), and a
    # constraint keeps a consultation that is not a draft from lacking its dates.
    introduction = models.TextField(_("introduction (Markdown)"), blank=True)
    # What internetconsultatie.nl asks of every consultation; scheduling requires them.
    purpose = models.TextField(_("purpose of the consultation"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    expected_effects = models.TextField(_("expected effects"), blank=True)
    regulatory_burden = models.TextField(
        _("regulatory burden"),
        blank=True,
        help_text=_("What it asks of care providers, vendors and others: effort and costs."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=250,
        blank=True,
        help_text=_("Who answers questions about the consultation: name and e-mail address."),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    status = StateField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    report_summary = models.TextField(_("summary of the report (Markdown)"), blank=True)
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    # The report's table (counts per section, question and disposition), computed when the
    # report is published and again after moderation, so its page never counts per request.
    report_counts = models.JSONField(_("report counts"), null=True, blank=True, editable=False)
    # Active comments, kept by Comment.save (recount) for the dashboards' chart.
    n_comments = models.PositiveIntegerField(default=0, editable=False)
    release = models.ForeignKey(
        "agreements.Release",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
    )
    scheme = models.ForeignKey(
        "roadmap.FundingScheme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_notice_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["opened_notice_at", "n_comments"])

    objects = qs.ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="consultations_closes_after_opening",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(opens_at__isnull=False, closes_at__isnull=False),
                name="consultations_dated_unless_draft",
                violation_error_message=_(
                    "A consultation needs an opening and a closing time before it is scheduled."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.slug])

    # Transitions; called only from services, which check who may make them.
    @transition(field=status, source=Status.DRAFT, target=Status.SCHEDULED)
    def schedule(self) -> None:
        pass

    @transition(field=status, source=Status.SCHEDULED, target=Status.REPORTED)
    def publish_report(self) -> None:
        pass

    class Phase(models.TextChoices):
        """Where a round stands: its status, and within a scheduled one, the clock."""

        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Coming")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        REPORTED = "reported", _("Report published")

    def phase(self, now=None) -> Consultation.Phase:
        """draft, scheduled (not yet open), open, closed (awaiting report) or reported."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return self.Phase.DRAFT
        if self.status == self.Status.REPORTED:
            return self.Phase.REPORTED
        if self.opens_at is None or self.closes_at is None:  # only a draft (constraint)
            return self.Phase.DRAFT
        if now < self.opens_at:
            return self.Phase.SCHEDULED
        if now < self.closes_at:
            return self.Phase.OPEN
        return self.Phase.CLOSED

    def is_open(self, now=None) -> bool:
        return self.phase(now) == self.Phase.OPEN


class DraftVersion(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["consultation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"],
                name="consultations_version_unique",
                violation_error_message=_(
                    "This consultation has a draft version with this number already."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} v{self.number}"


class DocumentKind(models.TextChoices):
    DRAFT = "draft", _("Draft text")
    EXPLANATORY = "explanatory", _("Explanatory memorandum")
    OTHER = "other", _("Other document")


def _document_path(instance: ConsultationDocument, filename: str) -> str:
    # Never the uploader's file name: a random name in a folder per consultation.
    return f"consultations/{instance.version.consultation_id}/documents/{uuid.uuid4().hex}.pdf"


class ConsultationDocument(models.Model):
    """A PDF that goes with a draft version: the draft as a document, its explanatory
    memorandum, or another paper; public with the consultation, downloadable."""

    Kind = DocumentKind
    content_type = "application/pdf"  # only PDFs are taken (checked by content)

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(upload_to=_document_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = qs.VersionPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values),
                name="consultations_document_kind_known",
                violation_error_message=_("Choose a kind of document from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:document", args=[self.version.consultation.slug, self.pk])

    @property
    def consultation(self) -> Consultation:
        return self.version.consultation


class Section(models.Model):
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=250)
    text = models.TextField(_("text (Markdown)"), blank=True)
    # Active comments on the section, and those of them that may be published: kept by
    # Comment.save (recount), so the consultation page never counts every comment.
    n_comments = models.PositiveIntegerField(default=0, editable=False)
    n_public = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["n_comments", "n_public"])

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"],
                name="consultations_section_unique",
                violation_error_message=_("This draft has a section with this number already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField()
    text = models.TextField(_("question"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["consultation", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:60]}"


class Comment(LockVersioned):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn by its author")
        HIDDEN = "hidden", _("Hidden by the moderator")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("section"),
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("question"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultation_comments"
    )
    # None: the person comments as a private person (anyone may register to respond).
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_comments",
        verbose_name=_("on behalf of"),
    )
    text = models.TextField(_("comment"))
    may_publish = models.BooleanField(
        _("may be published with the organisation's name"), default=True
    )
    status = StateField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # When the e-mail receipt with a copy went to the author (bookkeeping, not history).
    receipt_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["receipt_sent_at"])

    objects = qs.CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["consultation", "section", "status"]),
            models.Index(fields=["author", "created_at"]),
            # The public comments of a consultation in id order: the API's cursor pages.
            models.Index(
                fields=["consultation", "id"],
                name="comment_public_by_id",
                condition=Q(status="active", may_publish=True),
            ),
            # A section's comments in the order its page lists them: a page reads its
            # fifty rows in index order instead of sorting all of the section's.
            models.Index(fields=["section", "created_at", "id"], name="comment_section_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__isnull=False) | Q(question__isnull=False),
                name="consultations_comment_has_target",
                violation_error_message=_("Choose a section or a question to react to."),
            ),
        ]

    @property
    def attribution(self) -> str:
        """Who the comment is from, as published: the organisation or a private person."""
        if self.organisation_id is None:
            return str(PRIVATE_PERSON)
        return self.organisation.name

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.text[:40]}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.section_id is not None:
            recount_sections([self.section_id])
        recount_consultation(self.consultation_id)

    # Transitions; called only from services, which check who may make them.
    @transition(field=status, source=Status.ACTIVE, target=Status.WITHDRAWN)
    def withdraw(self) -> None:
        pass

    @transition(field=status, source="*", target=Status.HIDDEN)
    def hide(self) -> None:
        """Moderation may hide a comment in any state; it is kept, never deleted."""

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.ACTIVE and self.may_publish

    def is_changeable(self) -> bool:
        """Its author may still change or withdraw it: active, while the round is open."""
        return (
            self.status == self.Status.ACTIVE
            and self.consultation.phase() == self.consultation.Phase.OPEN
        )


def recount_sections(section_ids) -> None:
    """Count a section's active and publishable comments again (an aggregate over the
    section's comments by index, and one UPDATE); called whenever a comment is saved."""
    active = Q(status=Comment.Status.ACTIVE)
    for section_id in section_ids:
        counts = Comment.objects.filter(section_id=section_id).aggregate(
            n_comments=models.Count("id", filter=active),
            n_public=models.Count("id", filter=active & Q(may_publish=True)),
        )
        Section.objects.filter(pk=section_id).update(**counts)


def recount_consultation(consultation_id: int) -> None:
    """Count a consultation's active comments again (by index); on every comment save."""
    Consultation.objects.filter(pk=consultation_id).update(
        n_comments=Comment.objects.filter(
            consultation_id=consultation_id, status=Comment.Status.ACTIVE
        ).count()
    )


class Answer(models.Model):
    """The ministry's answer to one comment."""

    class Disposition(models.TextChoices):
        ADOPTED = "adopted", pgettext_lazy("disposition of a comment", "Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        NOTED = "noted", _("Noted")

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="answer")
    disposition = models.CharField(_("disposition"), max_length=12, choices=Disposition.choices)
    reason = models.TextField(_("reason"))
    changed_section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed section"),
    )
    agreement_version = models.ForeignKey(
        "agreements.AgreementVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    release = models.ForeignKey(
        "agreements.Release", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = qs.CommentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.disposition}"


def _attachment_path(instance: CommentAttachment, filename: str) -> str:
    # Never the user's file name: a random name in a folder per consultation.
    return f"consultations/{instance.comment.consultation_id}/{uuid.uuid4().hex}"


class CommentAttachment(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = qs.CommentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ConsultationSession(LockVersioned):
    """A meeting with the field during a consultation (on site or online), with a number of
    places; field parties register, the manager records who attended and the notes, which
    the report carries."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(
        _("notes of the session"),
        blank=True,
        help_text=_("What was said; published with the report of the consultation."),
    )

    history = HistoricalRecords()

    objects = qs.SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation session")
        verbose_name_plural = _("consultation sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="consultations_session_ends_after_start",
                violation_error_message=_("A session ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="consultations_session_has_places",
                violation_error_message=_("A session has at least one place."),
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""),
                name="consultations_session_has_a_place",
                violation_error_message=_("Give a place, an online link, or both."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:session", args=[self.consultation.slug, self.pk])


class SessionRegistration(models.Model):
    """One person's place at a session, on behalf of an organisation (or as a private
    person); whether they attended is recorded after the session."""

    session = models.ForeignKey(
        ConsultationSession, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                name="consultations_one_registration_per_person",
                violation_error_message=_("You are already registered for this session."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.user_id}"


def _report_path(instance: ReportFile, filename: str) -> str:
    return f"consultations/reports/{instance.consultation.slug}-{uuid.uuid4().hex[:12]}.pdf"


class ReportFile(models.Model):
    """The report of a consultation as PDF, generated by a background task.

    With tens of thousands of comments the PDF takes minutes to lay out: it is made once
    when the report is published (or again on request), in parts, with its progress kept
    here so the manager can follow it; everyone downloads the stored file.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="report_files"
    )
    status = StateField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    done_comments = models.PositiveIntegerField(default=0)
    total_comments = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=_report_path, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Moved on with every part laid out: a running job whose heartbeat stopped lost its
    # worker, and a redelivered task may take it over.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    # Status changes are saved (and so kept in the history); the progress counter is
    # updated in place, as it moves many times a minute.
    history = HistoricalRecords(excluded_fields=["done_comments", "heartbeat_at"])

    class Meta:
        verbose_name = _("report PDF")
        verbose_name_plural = _("report PDFs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.status}"

    # Transitions; the report task makes them (see consultations.tasks).
    @transition(
        field=status, source=[Status.QUEUED, Status.RUNNING, Status.FAILED], target=Status.RUNNING
    )
    def start(self) -> None:
        """Begin, or take over a run whose worker stopped, or try again after a failure."""

    @transition(
        field=status, source=[Status.QUEUED, Status.RUNNING, Status.FAILED], target=Status.FAILED
    )
    def fail(self) -> None:
        pass

    @transition(field=status, source=Status.RUNNING, target=Status.DONE)
    def finish(self) -> None:
        pass

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_comments:
            return 0
        return min(99, int(100 * self.done_comments / self.total_comments))
