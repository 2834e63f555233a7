"""What the minister promised parliament and what parliament asked: commitments
(toezeggingen) and motions (moties), each with its source, owner, due date and the letter
or document that fulfils it.

Overdue is not a stored state: an item that is not fulfilled and whose due date has
passed is overdue (`CommitmentQuerySet.overdue`, `Commitment.is_overdue`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from simple_history.models import HistoricalRecords

from parliament.querysets import CommitmentQuerySet
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
