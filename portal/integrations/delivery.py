"""Sending one event delivery: Standard Webhooks signature, a callback address that may
not point into our own network, a claim so that two workers never send the same delivery,
and backoff between attempts."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.integrations.models import EventDelivery

MAX_ATTEMPTS = 10
TIMEOUT_SECONDS = 10
# A claimed delivery belongs to its worker this long (more than the request's timeout).
CLAIM = dt.timedelta(seconds=60)


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header: `v1,` and the base64 HMAC-SHA256 of
    `id.timestamp.body` under the secret's key."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def backoff(attempts: int) -> dt.timedelta:
    """30 s after the first failure, doubling, at most six hours."""
    return min(dt.timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), dt.timedelta(hours=6))


def check_callback_url(url: str) -> None:
    """Refuse a callback that would make the portal call into its own network: only https
    (http only where settings allow it, for development and tests), and a host that
    resolves to public addresses only (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES)."""
    parts = urlsplit(url)
    allowed_schemes = {"https", "http"} if settings.WEBHOOK_ALLOW_HTTP else {"https"}
    if parts.scheme not in allowed_schemes or not parts.hostname:
        raise ValidationError(
            {"callback_url": _("Give an https address for the callback.")}, code="scheme"
        )
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise ValidationError(
            {"callback_url": _("This host name cannot be found.")}, code="unresolvable"
        ) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise ValidationError(
                {"callback_url": _("The callback must be reachable on the public internet.")},
                code="private",
            )


def claim(delivery_id: int) -> EventDelivery | None:
    """Take a due delivery for this worker (one UPDATE: no other worker gets it)."""
    now = timezone.now()
    taken = EventDelivery.objects.filter(
        pk=delivery_id,
        status=EventDelivery.Status.PENDING,
        next_attempt_at__lte=now,
        subscription__is_active=True,
    ).update(next_attempt_at=now + CLAIM, attempts=F("attempts") + 1, last_attempt_at=now)
    if not taken:
        return None
    return EventDelivery.objects.select_related("subscription").get(pk=delivery_id)


def _finish(delivery: EventDelivery, *, ok: bool, status: int | None, error: str) -> None:
    now = timezone.now()
    fields: dict = {"response_status": status, "last_error": error[:500]}
    if ok:
        fields.update(status=EventDelivery.Status.DELIVERED, delivered_at=now)
    elif delivery.attempts >= MAX_ATTEMPTS:
        fields.update(status=EventDelivery.Status.FAILED)
    else:
        fields.update(next_attempt_at=now + backoff(delivery.attempts))
    EventDelivery.objects.filter(pk=delivery.pk).update(**fields)


def attempt(delivery_id: int) -> bool | None:
    """Send one due delivery once; True when the receiver took it, None when it was not
    due or another worker has it."""
    delivery = claim(delivery_id)
    if delivery is None:
        return None
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    timestamp = int(timezone.now().timestamp())
    message_id = str(delivery.event_id)
    headers = {
        "Content-Type": "application/cloudevents+json; charset=utf-8",
        "User-Agent": "GIS-portaal-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(subscription.secret, message_id, timestamp, body),
    }
    try:
        check_callback_url(subscription.callback_url)
        response = requests.post(
            subscription.callback_url,
            data=body,
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except ValidationError as exc:
        _finish(delivery, ok=False, status=None, error="; ".join(exc.messages))
        return False
    except requests.RequestException as exc:
        _finish(delivery, ok=False, status=None, error=f"{type(exc).__name__}: {exc}")
        return False
    ok = 200 <= response.status_code < 300
    _finish(
        delivery,
        ok=ok,
        status=response.status_code,
        error="" if ok else f"HTTP {response.status_code}",
    )
    return ok
