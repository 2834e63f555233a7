"""Pilots, technical tests, field trials and hackathons, and what they proved."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import Agreement
from portal.core.models import LockVersioned
from roadmap import querysets as qs


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")


class Pilot(LockVersioned):
    class Kind(models.TextChoices):
        PILOT = "pilot", _("Pilot")
        TECHNICAL_TEST = "technical_test", _("Technical test")
        FIELD_TRIAL = "field_trial", _("Field trial (praktijkbeproeving)")
        HACKATHON = "hackathon", _("Hackathon")

    Status = PilotStatus

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    summary = models.TextField(_("what it tests"))
    generic_function = models.CharField(
        _("generic function"), max_length=30, blank=True, choices=Agreement.Topic.choices
    )
    participants = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="pilots", verbose_name=_("participants")
    )
    exchanges = models.ManyToManyField("roadmap.Exchange", blank=True, related_name="pilots")
    agreements = models.ManyToManyField("agreements.Agreement", blank=True, related_name="pilots")
    programme = models.ForeignKey(
        "roadmap.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pilots",
        verbose_name=_("programme"),
    )
    lessons = models.TextField(_("lessons"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    history = HistoricalRecords(m2m_fields=["participants"])

    objects = qs.PilotQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PilotStatus.values),
                name="pilot_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:pilot", args=[self.slug])


class OutcomeAssessment(LockVersioned):
    """Four comparable dimensions, each a score from 1 to 5 with an explanation."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="assessment")
    technical_feasibility = models.PositiveSmallIntegerField(_("technical feasibility"))
    technical_feasibility_explanation = models.TextField(_("on technical feasibility"))
    user_experience = models.PositiveSmallIntegerField(_("user experience"))
    user_experience_explanation = models.TextField(_("on user experience"))
    scalability = models.PositiveSmallIntegerField(_("scalability"))
    scalability_explanation = models.TextField(_("on scalability"))
    work_process_impact = models.PositiveSmallIntegerField(_("impact on work processes"))
    work_process_impact_explanation = models.TextField(_("on work-process impact"))
    assessed_on = models.DateField(_("assessed on"))

    history = HistoricalRecords()

    objects = qs.PilotPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome assessment")
        verbose_name_plural = _("outcome assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(technical_feasibility__range=(1, 5))
                & Q(user_experience__range=(1, 5))
                & Q(scalability__range=(1, 5))
                & Q(work_process_impact__range=(1, 5)),
                name="pilots_scores_in_range",
                violation_error_message=_("Scores run from 1 to 5."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.pilot_id}"

    def get_absolute_url(self) -> str:
        return self.pilot.get_absolute_url()


class Blueprint(LockVersioned):
    """A sector-wide blueprint (blauwdruk) that came out of a pilot."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="blueprints")
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"))
    url = models.URLField(_("link"), blank=True)

    history = HistoricalRecords()

    objects = qs.PilotPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("blueprint")
        verbose_name_plural = _("blueprints")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.pilot.get_absolute_url()
