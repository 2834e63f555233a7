"""Roadmap: Wegiz agenda, portfolio, pilots, regions and funding.

The foundation holds regions and the assignment of coordinators to them, because
permissions everywhere depend on "coordinator of this region".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
                fields=["user", "region"], name="roadmap_regionassignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.region}"
