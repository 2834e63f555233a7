"""National building blocks: the provisions the health information system reuses (Dezi,
Mitz, ZorgAB, the UZI register, …), with their owner, state, the generic function they
implement, the agreements that specify them and the pilots that tested them. Initiatives
and funding applications name the ones they reuse; CDS reviews point to them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import Agreement
from portal.core.models import LockVersioned
from roadmap.querysets import BuildingBlockQuerySet


class BuildingBlockStatus(models.TextChoices):
    IN_DEVELOPMENT = "in_development", _("In development")
    IN_PILOT = "in_pilot", _("In pilot")
    AVAILABLE = "available", _("Available")
    PHASING_OUT = "phasing_out", _("Being phased out")


class BuildingBlock(LockVersioned):
    Status = BuildingBlockStatus

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), help_text=_("What it does, in our own words."))
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("The organisation that manages it.")
    )
    generic_function = models.CharField(
        _("generic function"), max_length=30, blank=True, choices=Agreement.Topic.choices
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BuildingBlockStatus.choices,
        default=BuildingBlockStatus.IN_DEVELOPMENT,
    )
    url = models.URLField(_("link to more information"), blank=True)
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="building_blocks",
        verbose_name=_("agreements that specify it"),
    )
    pilots = models.ManyToManyField(
        "roadmap.Pilot",
        blank=True,
        related_name="building_blocks",
        verbose_name=_("pilots that tested it"),
    )

    history = HistoricalRecords()

    objects = BuildingBlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("building block")
        verbose_name_plural = _("building blocks")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BuildingBlockStatus.values),
                name="buildingblock_status_is_known",
                violation_error_message=_("Choose a status from the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blocks:detail", args=[self.slug])
