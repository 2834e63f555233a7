"""Following, notifications (the outbox) and e-mail digests."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.core.content import SECTIONS


class Subscription(models.Model):
    """A person follows one object, or a whole section (then the object is empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    section = models.CharField(
        _("section"), max_length=20, choices=list(SECTIONS.items()), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"],
                condition=Q(content_type__isnull=False),
                name="notifications_follow_object_once",
            ),
            models.UniqueConstraint(
                fields=["user", "section"],
                condition=Q(content_type__isnull=True),
                name="notifications_follow_section_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(content_type__isnull=False, object_id__isnull=False, section="")
                    | Q(content_type__isnull=True, object_id__isnull=True) & ~Q(section="")
                ),
                name="notifications_follow_object_or_section",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.section or f'{self.content_type_id}:{self.object_id}'}"


class Preference(models.Model):
    """How a person wants to hear of what they follow by e-mail."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately, one e-mail per batch of changes")
        DAILY = "daily", _("A daily digest")
        WEEKLY = "weekly", _("A weekly digest (Mondays)")
        NONE = "none", _("No e-mail; only in the portal")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(
        _("e-mail"), max_length=10, choices=Email.choices, default=Email.IMMEDIATE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"


class Digest(models.Model):
    """One e-mail digest per person per period; the unique key makes a rerun harmless."""

    class Period(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    period = models.CharField(max_length=6, choices=Period.choices)
    period_start = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "period_start"], name="notifications_digest_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period} {self.period_start}"


class Notification(models.Model):
    """Something changed that a person follows. Written in the same transaction as the
    change (the outbox); e-mailed later by a task, marked so it is never sent twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20)
    label = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    # What changed: the dotted verb of the service, and the record it touched.
    verb = models.CharField(max_length=100, blank=True)
    change_type = models.CharField(max_length=1)  # + ~ - as in the history
    changed_model = models.CharField(max_length=100)
    created_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(Digest, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                name="notif_unread",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["user", "created_at"],
                name="notif_unsent",
                condition=Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.label}"
