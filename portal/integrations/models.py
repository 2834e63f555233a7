"""Integrator clients (OAuth2 client credentials), their event subscriptions, the outbox
of deliveries, and the answers kept for `Idempotency-Key`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.accounts.roles import Role
from portal.core.models import LockVersioned

# The roles a client's account may act in: it writes what a person of that role may.
CLIENT_ROLES = [
    (Role.FIELD_PARTY.value, Role.FIELD_PARTY.label),
    (Role.REGIONAL_COORDINATOR.value, Role.REGIONAL_COORDINATOR.label),
]


class ApiClient(LockVersioned):
    """An integrator's application. It authenticates with OAuth2 client credentials and
    acts through an account of its own: that account has the client's role, organisation
    and regions, so every write passes the same rules as a person's would; its scopes
    say which resources it may write at all."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    contact_email = models.EmailField(_("contact e-mail address"))
    application = models.OneToOneField(
        "oauth2_provider.Application",
        on_delete=models.PROTECT,
        related_name="api_client",
        editable=False,
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        editable=False,
    )
    role = models.CharField(_("acts as"), max_length=32, choices=CLIENT_ROLES)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_clients",
        verbose_name=_("organisation"),
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[value for value, _label in CLIENT_ROLES]),
                name="integrations_client_role_is_known",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def client_id(self) -> str:
        return self.application.client_id


class EventSubscription(LockVersioned):
    """A callback URL that receives CloudEvents of the chosen types, signed with its
    secret (Standard Webhooks)."""

    name = models.CharField(_("name"), max_length=100)
    client = models.ForeignKey(
        ApiClient,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("API client"),
    )
    callback_url = models.URLField(_("callback URL"), max_length=500)
    event_types = models.JSONField(_("event types"), default=list)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        verbose_name = _("event subscription")
        verbose_name_plural = _("event subscriptions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class EventDelivery(models.Model):
    """One event for one subscription: written in the transaction of the change (the
    outbox), sent by a worker after it commits, retried with backoff; the log of what
    happened. Bookkeeping, not audited itself: the change it reports is."""

    Status = DeliveryStatus

    subscription = models.ForeignKey(
        EventSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(default=uuid.uuid4)
    event_type = models.CharField(max_length=100)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="integrations_delivery_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="integrations_delivery_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription_id}"


class IdempotentAnswer(models.Model):
    """The answer to a POST sent with an `Idempotency-Key`, kept for a day: the same key
    with the same request gets the same answer (nothing is made twice); with another
    request it is refused."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "idempotent answer"
        constraints = [
            models.UniqueConstraint(fields=["account", "key"], name="integrations_key_once")
        ]

    def __str__(self) -> str:
        return self.key
