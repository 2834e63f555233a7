"""Funding schemes with binding, versioned criteria, and applications against them.

Criteria change by version: editing a scheme's criteria creates a new version, and an
application is assessed against the version in force when it was submitted.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from simple_history.models import HistoricalRecords

from portal.core.fields import StateField
from portal.core.models import LockVersioned
from roadmap import querysets as qs


class FundingScheme(LockVersioned):
    """A scheme with a budget ceiling; it takes applications while a manager keeps it open
    and, when it has calls, only during a call (see `FundingCall`)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source of the money"),
        max_length=200,
        blank=True,
        help_text=_("For example: IZA transformation funds."),
    )
    budget = models.DecimalField(
        _("budget ceiling (euro)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("The most that may be granted under the scheme; empty when not set."),
    )
    is_open = models.BooleanField(_("open for applications"), default=True)
    current_version = models.PositiveIntegerField(_("criteria version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding scheme")
        verbose_name_plural = _("funding schemes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gt=0),
                name="funding_scheme_budget_positive",
                violation_error_message=_("A budget ceiling is more than nothing."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:scheme", args=[self.slug])

    @property
    def intake(self) -> dict:
        """Whether it takes applications now: the open call, else the next one (read from
        the prefetched `calls`)."""
        now = timezone.now()
        calls = sorted(self.calls.all(), key=lambda c: (c.opens_on, c.pk))
        return {
            "has_calls": bool(calls),
            "open": next((c for c in calls if c.state_at(now) == "open"), None),
            "next": next((c for c in calls if c.state_at(now) == "upcoming"), None),
        }


class FundingCallQuerySet(models.QuerySet):
    def open_at(self, moment: dt.datetime) -> FundingCallQuerySet:
        """Calls taking applications at `moment`: opened on or before its day, deadline
        not passed."""
        return self.filter(opens_on__lte=timezone.localtime(moment).date(), deadline__gte=moment)


class FundingCall(LockVersioned):
    """A period in which a scheme takes applications, closing at a deadline: an
    application belongs to the call open when it was made and cannot be submitted after
    that call's deadline."""

    scheme = models.ForeignKey(
        FundingScheme,
        on_delete=models.CASCADE,
        related_name="calls",
        verbose_name=_("funding scheme"),
    )
    name = models.CharField(_("name"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateTimeField(
        _("deadline"), help_text=_("Applications submitted after this moment are refused.")
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    objects = FundingCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["scheme", "opens_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "name"],
                name="funding_call_unique_name",
                violation_error_message=_("The scheme already has a call of this name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.name}: {self.name}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (
            self.opens_on
            and self.deadline
            and timezone.localtime(self.deadline).date() < self.opens_on
        ):
            raise ValidationError(
                {"deadline": _("The deadline falls on or after the day the call opens.")}
            )

    def state_at(self, moment: dt.datetime) -> str:
        """upcoming · open · closed"""
        if timezone.localtime(moment).date() < self.opens_on:
            return "upcoming"
        return "open" if moment <= self.deadline else "closed"


class FundingCriterion(models.Model):
    scheme = models.ForeignKey(FundingScheme, on_delete=models.CASCADE, related_name="criteria")
    version = models.PositiveIntegerField(_("version"))
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=40)
    text = models.TextField(_("criterion"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding criterion")
        verbose_name_plural = _("funding criteria")
        ordering = ["scheme", "version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "version", "code"],
                name="funding_criterion_unique_per_version",
                violation_error_message=_(
                    "Each code may appear once in a version of the criteria."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} (v{self.version})"


class FundingApplication(LockVersioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        GRANTED = "granted", _("Granted")
        CONDITIONAL = "conditional", _("Granted with conditions")
        REFUSED = "refused", _("Refused")

    DECIDED = (Status.GRANTED, Status.CONDITIONAL, Status.REFUSED)
    GRANTS = (Status.GRANTED, Status.CONDITIONAL)

    initiative = models.ForeignKey(
        "roadmap.Initiative",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("initiative"),
    )
    scheme = models.ForeignKey(
        FundingScheme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("funding scheme"),
    )
    call = models.ForeignKey(
        FundingCall,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("call for applications"),
    )
    title = models.CharField(_("title"), max_length=250)
    amount_requested = models.DecimalField(
        _("amount requested (euro)"), max_digits=12, decimal_places=0
    )
    status = StateField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    criteria_version = models.PositiveIntegerField(_("criteria version"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_rationale = models.TextField(_("rationale of the decision"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    amount_granted = models.DecimalField(
        _("amount granted (euro)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    building_blocks = models.ManyToManyField(
        "roadmap.BuildingBlock",
        blank=True,
        related_name="applications",
        verbose_name=_("national building blocks it reuses"),
    )

    history = HistoricalRecords()

    objects = qs.FundingApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(submitted_at__isnull=False) & Q(criteria_version__isnull=False)),
                name="funding_submitted_has_time_and_version",
                violation_error_message=_("A submitted application has a time and a version."),
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True)
                | Q(amount_granted__gt=0, amount_granted__lte=F("amount_requested")),
                name="funding_granted_within_requested",
                violation_error_message=_(
                    "The amount granted is more than nothing and at most the amount requested."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["granted", "conditional"], amount_granted__isnull=False)
                | (~Q(status__in=["granted", "conditional"]) & Q(amount_granted__isnull=True)),
                name="funding_grant_has_amount",
                violation_error_message=_("A grant records the amount granted."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("regions:application", args=[self.pk])

    # Transitions; called only from services, which check who may make them.
    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED)
    def submit(self) -> None:
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.GRANTED)
    def grant(self) -> None:
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.CONDITIONAL)
    def grant_with_conditions(self) -> None:
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.REFUSED)
    def refuse(self) -> None:
        pass

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED

    @property
    def deadline_passed(self) -> bool:
        """A draft whose call has closed: it can no longer be submitted."""
        return (
            self.status == self.Status.DRAFT
            and self.call is not None
            and timezone.now() > self.call.deadline
        )


class ApplicationAnswer(models.Model):
    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(
        FundingCriterion, on_delete=models.PROTECT, related_name="answers"
    )
    answer = models.TextField(_("answer"))
    evidence = models.TextField(_("evidence"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer to a criterion")
        verbose_name_plural = _("answers to criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"],
                name="funding_one_answer_per_criterion",
                violation_error_message=_("Each criterion has one answer."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.criterion_id}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # Never the user's file name: a random name under a folder per application.
    return f"attachments/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """Evidence attached to an application; served only to those allowed, as a download."""

    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="attachments"
    )
    criterion = models.ForeignKey(
        FundingCriterion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_confidential = models.BooleanField(_("confidential"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class CriterionAssessment(models.Model):
    class Verdict(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        NOT_APPLICABLE = "n_a", _("Not applicable")

    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="assessments"
    )
    criterion = models.ForeignKey(FundingCriterion, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    reasoning = models.TextField(_("reasoning"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"],
                name="funding_one_assessment_per_criterion",
                violation_error_message=_("Each criterion has one assessment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.criterion_id}: {self.verdict}"


class ConditionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class GrantCondition(models.Model):
    """What a conditional grant asks, per criterion assessed as not met, and by when; the
    manager follows it up to met or not met."""

    Status = ConditionStatus

    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="grant_conditions"
    )
    criterion = models.ForeignKey(
        FundingCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    text = models.TextField(_("condition"))
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), blank=True)

    history = HistoricalRecords()

    objects = qs.GrantConditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant condition")
        verbose_name_plural = _("grant conditions")
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ConditionStatus.values),
                name="grantcondition_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
            models.UniqueConstraint(
                fields=["application", "criterion"],
                name="funding_one_condition_per_criterion",
                violation_error_message=_("Each criterion has one condition."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status == self.Status.OPEN and self.due < timezone.localdate()
