"""Regions, their coordinators, regional initiatives, progress reports and CDS reviews.

Permissions everywhere depend on "coordinator of this region": a coordinator sees and
changes only the initiatives of the regions assigned to them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from simple_history.models import HistoricalRecords

from portal.core.fields import StateField
from portal.core.models import LockVersioned
from roadmap.querysets import ProgressReportQuerySet


class Region(models.Model):
    """A Dutch region. The portal uses the twelve provinces."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    code = models.CharField(_("code"), max_length=8, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionAssignment(models.Model):
    """A regional coordinator is responsible for this region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_assignments",
        verbose_name=_("coordinator"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("region")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region assignment")
        verbose_name_plural = _("region assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"],
                name="roadmap_regionassignment_unique",
                violation_error_message=_("This person coordinates this region already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.region}"


# --- regional initiatives, progress reports, alignment and funding ------------------------


class InitiativeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Initiative(LockVersioned):
    """A regional data-availability initiative, often funded from IZA transformation money."""

    Status = InitiativeStatus

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("region")
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    purpose = models.TextField(_("purpose"))
    care_domains = models.CharField(_("care domains"), max_length=250, blank=True)
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="initiatives",
        verbose_name=_("participating organisations"),
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    funding_amount = models.DecimalField(
        _("funding (euro)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="initiatives",
        verbose_name=_("national agreements and building blocks used"),
    )
    building_blocks = models.ManyToManyField(
        "roadmap.BuildingBlock",
        blank=True,
        related_name="initiatives",
        verbose_name=_("national building blocks it reuses"),
    )
    own_functions = models.JSONField(_("functions it builds itself"), default=list, blank=True)
    own_builds = models.TextField(_("what it builds itself"), blank=True)
    is_demo = models.BooleanField(_("fictional (demo data)"), default=False)

    history = HistoricalRecords(m2m_fields=["agreements"])

    class Meta:
        verbose_name = _("regional initiative")
        verbose_name_plural = _("regional initiatives")
        ordering = ["region__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InitiativeStatus.values),
                name="initiative_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("regions:initiative", args=[self.slug])


class ProgressReport(LockVersioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=20)
    due_date = models.DateField(_("due date"))
    status = StateField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    progress = models.TextField(_("progress"), blank=True)
    results = models.TextField(_("results"), blank=True)
    issues = models.TextField(_("issues and risks"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_before_on = models.DateField(null=True, blank=True, editable=False)
    reminded_after_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["reminded_before_on", "reminded_after_on"])
    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "period"],
                name="regions_one_report_per_period",
                violation_error_message=_("This initiative has a report for this period already."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="regions_submitted_report_has_time",
                violation_error_message=_("A submitted report has the time it was submitted."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.period}"

    # Transitions; called only from services, which check who may make them.
    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self) -> None:
        pass

    def is_late(self, today) -> bool:
        if self.status == self.Status.SUBMITTED:
            return self.submitted_at.date() > self.due_date
        return today > self.due_date


class AlignmentReview(models.Model):
    """The CDS team's review of an initiative against the national choices."""

    class Verdict(models.TextChoices):
        ALIGNED = "aligned", _("Aligned")
        PARTLY = "partly", _("Partly aligned")
        NOT_ALIGNED = "not_aligned", _("Not aligned")

    POINTS = ("architecture", "generic_functions", "agreements", "standards", "reuse")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alignment_reviews"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    architecture = models.CharField(
        _("architecture (GISA)"), max_length=12, choices=Verdict.choices
    )
    architecture_note = models.TextField(_("explanation and advice on architecture"))
    generic_functions = models.CharField(
        _("generic functions"), max_length=12, choices=Verdict.choices
    )
    generic_functions_note = models.TextField(_("explanation and advice on generic functions"))
    agreements = models.CharField(_("agreements"), max_length=12, choices=Verdict.choices)
    agreements_note = models.TextField(_("explanation and advice on agreements"))
    standards = models.CharField(_("standards"), max_length=12, choices=Verdict.choices)
    standards_note = models.TextField(_("explanation and advice on standards"))
    reuse = models.CharField(_("reuse of building blocks"), max_length=12, choices=Verdict.choices)
    reuse_note = models.TextField(_("explanation and advice on reuse"))
    building_blocks = models.ManyToManyField(
        "roadmap.BuildingBlock",
        blank=True,
        related_name="reviews",
        verbose_name=_("building blocks the review points to"),
    )
    response = models.TextField(_("response of the coordinator"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alignment review")
        verbose_name_plural = _("alignment reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.reviewed_on}"

    @property
    def overall(self) -> str:
        verdicts = {getattr(self, p) for p in self.POINTS}
        if verdicts == {self.Verdict.ALIGNED}:
            return self.Verdict.ALIGNED
        if self.Verdict.NOT_ALIGNED in verdicts:
            return self.Verdict.NOT_ALIGNED
        return self.Verdict.PARTLY
