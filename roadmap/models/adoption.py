"""Adoption monitoring: dated figures of how far the field has taken up an exchange or an
agreement (care providers connected, vendors validated by the national testing facility,
…), each with its source, and a target per indicator, so that the nazorgfase of an
exchange can be followed against what was aimed for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core.models import LockVersioned
from roadmap.querysets import AdoptionQuerySet


class Indicator(models.TextChoices):
    CARE_PROVIDERS = "care_providers", _("Care providers connected")
    VENDORS_VALIDATED = "vendors_validated", _("Vendors validated by the NTV")
    SYSTEMS_IN_USE = "systems_in_use", _("Systems in production use")
    EXCHANGES_PER_MONTH = "exchanges_per_month", _("Exchanges per month")


ONE_SUBJECT = Q(exchange__isnull=False, agreement__isnull=True) | Q(
    exchange__isnull=True, agreement__isnull=False
)


class AdoptionSubject(LockVersioned):
    """An exchange on the Wegiz agenda or an agreement: exactly one of the two."""

    exchange = models.ForeignKey(
        "roadmap.Exchange",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exchange"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement"),
    )
    indicator = models.CharField(_("indicator"), max_length=24, choices=Indicator.choices)

    class Meta:
        abstract = True

    @property
    def subject(self):
        return self.exchange or self.agreement


class AdoptionMeasurement(AdoptionSubject):
    value = models.PositiveIntegerField(_("value"))
    measured_on = models.DateField(_("measured on"))
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the figure comes from, for example: NTV report, third quarter 2026."),
    )
    note = models.TextField(_("note"), blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption figure")
        verbose_name_plural = _("adoption figures")
        ordering = ["measured_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=ONE_SUBJECT,
                name="adoption_measurement_one_subject",
                violation_error_message=_("Choose an exchange or an agreement, not both."),
            ),
            models.CheckConstraint(
                condition=Q(indicator__in=Indicator.values),
                name="adoption_measurement_indicator_known",
                violation_error_message=_("Choose an indicator from the list."),
            ),
            models.UniqueConstraint(
                fields=["exchange", "indicator", "measured_on"],
                condition=Q(exchange__isnull=False),
                name="adoption_measurement_once_per_day_exchange",
                violation_error_message=_(
                    "There is already a figure for this indicator on this date."
                ),
            ),
            models.UniqueConstraint(
                fields=["agreement", "indicator", "measured_on"],
                condition=Q(agreement__isnull=False),
                name="adoption_measurement_once_per_day_agreement",
                violation_error_message=_(
                    "There is already a figure for this indicator on this date."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["exchange", "indicator", "measured_on"]),
            models.Index(fields=["agreement", "indicator", "measured_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value} ({self.measured_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        subject = self.subject
        return subject.get_absolute_url() + "#adoption-heading" if subject else "/"


class AdoptionTarget(AdoptionSubject):
    value = models.PositiveIntegerField(_("target value"))
    target_date = models.DateField(_("to be reached by"))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption target")
        verbose_name_plural = _("adoption targets")
        ordering = ["indicator", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=ONE_SUBJECT,
                name="adoption_target_one_subject",
                violation_error_message=_("Choose an exchange or an agreement, not both."),
            ),
            models.UniqueConstraint(
                fields=["exchange", "indicator"],
                condition=Q(exchange__isnull=False),
                name="adoption_target_once_exchange",
                violation_error_message=_("This indicator already has a target here."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "indicator"],
                condition=Q(agreement__isnull=False),
                name="adoption_target_once_agreement",
                violation_error_message=_("This indicator already has a target here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value} ({self.target_date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        subject = self.subject
        return subject.get_absolute_url() + "#adoption-heading" if subject else "/"
