"""What the minister promised parliament and what parliament asked: commitments
(toezeggingen) and motions (moties), each with its source, owner, due date and the letter
or document that fulfils it.

Overdue is not a stored state: an item that is not fulfilled and whose due date has
passed is overdue (`CommitmentQuerySet.overdue`, `Commitment.is_overdue`).

Also here: legislative tracks with their procedure steps, and advisory reports (the ICT
review board's and others) with their conclusions and recommendations, each with the
ministry's disposition and the follow-up of it.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from simple_history.models import HistoricalRecords

from parliament.querysets import (
    AdviceItemQuerySet,
    AdvisoryReportQuerySet,
    CommitmentQuerySet,
    LegislativeTrackQuerySet,
    ProcedureStepQuerySet,
)
from portal.core.fields import StateField
from portal.core.models import LockVersioned


class CommitmentKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment (toezegging)")
    MOTION = "motion", _("Motion (motie)")


class CommitmentSource(models.TextChoices):
    LETTER = "letter", _("Letter to parliament")
    DEBATE = "debate", _("Debate")
    MOTION = "motion", _("Motion adopted by the House")
    QUESTIONS = "questions", _("Written questions")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")


class Commitment(LockVersioned):
    Kind = CommitmentKind
    Source = CommitmentSource
    Status = CommitmentStatus

    kind = models.CharField(_("kind"), max_length=12, choices=CommitmentKind.choices)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(
        _("summary"), help_text=_("What was promised or asked, in our own words.")
    )
    source = models.CharField(_("source"), max_length=12, choices=CommitmentSource.choices)
    source_title = models.CharField(
        _("source document or debate"),
        max_length=250,
        help_text=_("For example the letter's title or the debate's name."),
    )
    kamerstuk = models.CharField(
        _("Kamerstuk number"),
        max_length=40,
        blank=True,
        help_text=_("For example 27529-331 (dossier and number)."),
    )
    source_date = models.DateField(_("date of the source"))
    submitters = models.CharField(
        _("submitted by"),
        max_length=200,
        blank=True,
        help_text=_("For a motion: its first signatories, e.g. “De Vries c.s.”."),
    )
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("The directorate or programme that answers it.")
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = StateField(
        _("status"), max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    fulfilled_by = models.CharField(
        _("fulfilled by"),
        max_length=300,
        blank=True,
        help_text=_("The letter or document that fulfils it."),
    )
    fulfilled_url = models.URLField(_("link to that document"), blank=True)
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    programmes = models.ManyToManyField(
        "roadmap.Programme", blank=True, related_name="commitments", verbose_name=_("programmes")
    )
    exchanges = models.ManyToManyField(
        "roadmap.Exchange", blank=True, related_name="commitments", verbose_name=_("exchanges")
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="commitments",
        verbose_name=_("agreements"),
    )
    milestones = models.ManyToManyField(
        "roadmap.Milestone", blank=True, related_name="commitments", verbose_name=_("milestones")
    )

    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment or motion")
        verbose_name_plural = _("commitments and motions")
        ordering = ["due", "-source_date", "pk"]
        indexes = [models.Index(fields=["status", "due"], name="parliament_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CommitmentKind.values),
                name="parliament_commitment_kind_is_known",
                violation_error_message=_("Choose a kind from the list."),
            ),
            models.CheckConstraint(
                condition=Q(source__in=CommitmentSource.values),
                name="parliament_commitment_source_is_known",
                violation_error_message=_("Choose a source from the list."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=CommitmentStatus.values),
                name="parliament_commitment_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(status=CommitmentStatus.FULFILLED)
                | (Q(fulfilled_on__isnull=False) & ~Q(fulfilled_by="")),
                name="parliament_fulfilled_names_its_document",
                violation_error_message=_(
                    "A fulfilled item names the letter or document that fulfils it, and its date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("parliament:commitment", args=[self.pk])

    @property
    def reference(self) -> str:
        """How the item is cited: its Kamerstuk number, else its source and date."""
        return self.kamerstuk or f"{self.source_title}, {self.source_date:%d-%m-%Y}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status != self.Status.FULFILLED and self.due is not None and self.due < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def is_fulfilled(self) -> bool:
        return self.status == self.Status.FULFILLED

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    # Transitions; called only from services, which check who may make them.
    @transition(field=status, source=CommitmentStatus.OPEN, target=CommitmentStatus.IN_PROGRESS)
    def start(self) -> None:
        pass

    @transition(
        field=status,
        source=[CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS],
        target=CommitmentStatus.FULFILLED,
    )
    def fulfil(self, *, on: dt.date, by: str, url: str = "") -> None:
        self.fulfilled_on, self.fulfilled_by, self.fulfilled_url = on, by, url

    @transition(
        field=status, source=CommitmentStatus.FULFILLED, target=CommitmentStatus.IN_PROGRESS
    )
    def reopen(self) -> None:
        self.fulfilled_on, self.fulfilled_by, self.fulfilled_url = None, "", ""


class TrackKind(models.TextChoices):
    ACT = "act", _("Act (wet)")
    ORDER = "order", _("Order in council (AMvB)")
    REGULATION = "regulation", _("Ministerial regulation")


class Stage(models.TextChoices):
    """The procedure of a law or order in council, in order."""

    DRAFT = "draft", _("Draft")
    INTERNET_CONSULTATION = "internet_consultation", _("Internet consultation")
    COUNCIL_OF_STATE = "council_of_state", _("Advice of the Council of State")
    PRE_SCRUTINY = "pre_scrutiny", _("Pre-scrutiny by parliament (voorhang)")
    PARLIAMENT = "parliament", _("Debate in parliament")
    ADOPTION = "adoption", _("Adoption")
    PUBLICATION = "publication", _("Publication")
    ENTRY_INTO_FORCE = "entry_into_force", _("Entry into force")


STAGE_ORDER = {stage: i for i, stage in enumerate(Stage.values)}


class LegislativeTrack(LockVersioned):
    """A law, order in council (AMvB) or regulation on its way, with its procedure steps."""

    Kind = TrackKind

    kind = models.CharField(_("kind"), max_length=12, choices=TrackKind.choices)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), help_text=_("What it regulates, in our own words."))
    owner = models.CharField(_("owner"), max_length=200)
    dossier = models.CharField(
        _("Kamerstuk dossier"), max_length=40, blank=True, help_text=_("For example 36702.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("under the act"),
        help_text=_("For an order in council: the act it works out."),
    )
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    exchanges = models.ManyToManyField(
        "roadmap.Exchange",
        blank=True,
        related_name="legislative_tracks",
        verbose_name=_("Wegiz exchanges it designates"),
    )
    programmes = models.ManyToManyField(
        "roadmap.Programme",
        blank=True,
        related_name="legislative_tracks",
        verbose_name=_("programmes"),
    )
    commitments = models.ManyToManyField(
        Commitment,
        blank=True,
        related_name="legislative_tracks",
        verbose_name=_("commitments and motions"),
    )
    consultations = models.ManyToManyField(
        "consultations.Consultation",
        blank=True,
        related_name="legislative_tracks",
        verbose_name=_("consultations about it"),
    )

    history = HistoricalRecords()

    objects = LegislativeTrackQuerySet.as_manager()

    class Meta:
        verbose_name = _("legislative track")
        verbose_name_plural = _("legislative tracks")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TrackKind.values),
                name="parliament_track_kind_is_known",
                violation_error_message=_("Choose a kind from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("parliament:track", args=[self.slug])


class ProcedureStep(LockVersioned):
    """One stage of a track's procedure with its planned and actual date."""

    track = models.ForeignKey(LegislativeTrack, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices)
    planned = models.DateField(_("planned"), null=True, blank=True)
    actual = models.DateField(_("actual"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    objects = ProcedureStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["track", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "stage"],
                name="parliament_one_step_per_stage",
                violation_error_message=_("This track has this stage already."),
            ),
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values),
                name="parliament_step_stage_is_known",
                violation_error_message=_("Choose a stage from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.track_id} {self.stage}"

    @property
    def order(self) -> int:
        return STAGE_ORDER[self.stage]

    @property
    def is_done(self) -> bool:
        return self.actual is not None

    def is_late(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.planned is None:
            return False
        return (self.actual or today) > self.planned


class AdvisoryReport(LockVersioned):
    """An advice given to the ministry (e.g. by the ICT review board, AcICT), with the
    ministry's response; its conclusions and recommendations are `AdviceItem`s."""

    advisor = models.CharField(
        _("advisor"), max_length=200, help_text=_("For example “Adviescollege ICT-toetsing”.")
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("In our own words."))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    response_on = models.DateField(_("response sent on"), null=True, blank=True)
    response_reference = models.CharField(
        _("Kamerstuk of the response"),
        max_length=40,
        blank=True,
        help_text=_("For example 27529-362 (dossier and number)."),
    )
    url = models.URLField(_("link to the report"), blank=True)
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    programmes = models.ManyToManyField(
        "roadmap.Programme",
        blank=True,
        related_name="advisory_reports",
        verbose_name=_("programmes it is about"),
    )

    history = HistoricalRecords()

    objects = AdvisoryReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("advisory report")
        verbose_name_plural = _("advisory reports")
        ordering = ["-received_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_on__isnull=True)
                | Q(received_on__isnull=True)
                | Q(response_on__gte=F("received_on")),
                name="parliament_response_after_receipt",
                violation_error_message=_("The response cannot be sent before the report came."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("parliament:advice", args=[self.slug])


class AdviceItemKind(models.TextChoices):
    CONCLUSION = "conclusion", _("Conclusion")
    RECOMMENDATION = "recommendation", _("Recommendation")


class Disposition(models.TextChoices):
    """The ministry's position on a conclusion or recommendation."""

    PENDING = "pending", _("Not yet given")
    AGREED = "agreed", _("Agreed")
    PARTLY = "partly", _("Partly agreed")
    NOT_AGREED = "not_agreed", _("Not agreed")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class AdviceItem(LockVersioned):
    """One conclusion or recommendation of an advisory report, with the ministry's
    disposition and reasoning, who follows it up by when, and how far that has come."""

    Kind = AdviceItemKind
    Disposition = Disposition
    Status = FollowUpStatus

    report = models.ForeignKey(
        AdvisoryReport, on_delete=models.CASCADE, related_name="items", verbose_name=_("report")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AdviceItemKind.choices)
    label = models.CharField(
        _("label"), max_length=8, help_text=_("As the report numbers it: “A” or “1”.")
    )
    title = models.CharField(_("title"), max_length=300)
    disposition = models.CharField(
        _("the ministry's disposition"),
        max_length=12,
        choices=Disposition.choices,
        default=Disposition.PENDING,
    )
    reasoning = models.TextField(_("reasoning"), blank=True)
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("Who follows it up.")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    status = StateField(
        _("follow-up status"),
        max_length=12,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
    )
    decisions = models.ManyToManyField(
        "roadmap.Decision", blank=True, related_name="advice_items", verbose_name=_("decisions")
    )
    programmes = models.ManyToManyField(
        "roadmap.Programme",
        blank=True,
        related_name="advice_items",
        verbose_name=_("programmes"),
    )
    milestones = models.ManyToManyField(
        "roadmap.Milestone",
        blank=True,
        related_name="advice_items",
        verbose_name=_("milestones"),
    )

    history = HistoricalRecords()

    objects = AdviceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("conclusion or recommendation")
        verbose_name_plural = _("conclusions and recommendations")
        ordering = ["report", "kind", "label"]
        indexes = [models.Index(fields=["status", "deadline"], name="parliament_advice_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "label"],
                name="parliament_one_item_per_label",
                violation_error_message=_(
                    "This report has a conclusion or recommendation with this label already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AdviceItemKind.values),
                name="parliament_adviceitem_kind_is_known",
                violation_error_message=_("Choose a kind from the list."),
            ),
            models.CheckConstraint(
                condition=Q(disposition__in=Disposition.values),
                name="parliament_adviceitem_disposition_is_known",
                violation_error_message=_("Choose a disposition from the list."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values),
                name="parliament_adviceitem_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("parliament:advice", args=[self.report.slug]) + f"#punt-{self.pk}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status != FollowUpStatus.DONE
            and self.deadline is not None
            and self.deadline < today
        )

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def is_done(self) -> bool:
        return self.status == FollowUpStatus.DONE

    # Transitions; called only from services, which check who may make them.
    @transition(field=status, source=FollowUpStatus.OPEN, target=FollowUpStatus.IN_PROGRESS)
    def start(self) -> None:
        pass

    @transition(
        field=status,
        source=[FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS],
        target=FollowUpStatus.DONE,
    )
    def complete(self) -> None:
        pass

    @transition(field=status, source=FollowUpStatus.DONE, target=FollowUpStatus.IN_PROGRESS)
    def reopen(self) -> None:
        pass
