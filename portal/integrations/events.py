"""Events for subscribers: CloudEvents 1.0, written to the outbox in the transaction of
the change that raises them.

An audited change whose verb (the history record's change reason) a domain registered as
an event type (see `registry.register_event`) becomes one `EventDelivery` per active
subscription to that type, in the same transaction: a change that rolls back raises no
event, and an event waits in the table when the broker is down. Only what everyone may
see raises an event (the model's one visibility rule). After the commit a worker sends it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.core.content import kind_of, part_of
from portal.core.visibility import is_public
from portal.integrations.models import EventDelivery, EventSubscription
from portal.integrations.registry import EVENT_TYPE_PREFIX, event_for

log = logging.getLogger(__name__)


def _subject_of(instance: Any) -> Any:
    """The followed whole the change is about (an exchange for its phase change)."""
    if kind_of(instance):
        return instance
    part = part_of(instance)
    if part is None:
        return instance
    for path in part.paths:
        whole = getattr(instance, path, None)
        if whole is not None:
            return whole
    return instance


def cloud_event(
    *, event_id: uuid.UUID, event_type: str, subject: Any, verb: str, when: dt.datetime
) -> dict[str, Any]:
    kind = kind_of(subject)
    base = settings.PORTAL_BASE_URL.rstrip("/")
    url = subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""
    return {
        "specversion": "1.0",
        "id": str(event_id),
        "source": f"{base}/api/v1",
        "type": f"{EVENT_TYPE_PREFIX}{event_type}",
        "subject": f"{kind.key if kind else subject._meta.model_name}/{subject.pk}",
        "time": when.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": {
            "kind": kind.key if kind else subject._meta.model_name,
            "id": subject.pk,
            "label": str(subject)[:300],
            "url": f"{base}{url}" if url else "",
            "verb": verb,
        },
    }


def emit(instance: Any, *, verb: str, when: dt.datetime | None = None) -> int:
    """Write the event `verb` raises about `instance`, if any, for every active subscriber.
    Call inside the change's transaction; returns the number of deliveries written."""
    event = event_for(verb, instance._meta.label_lower)
    if event is None or instance.pk is None:
        return 0
    subject = _subject_of(instance)
    if not (is_public(instance) and is_public(subject)):
        return 0
    subscriptions = [
        s
        for s in EventSubscription.objects.filter(is_active=True).only("pk", "event_types")
        if event.name in s.event_types
    ]
    if not subscriptions:
        return 0
    event_id = uuid.uuid4()
    payload = cloud_event(
        event_id=event_id,
        event_type=event.name,
        subject=subject,
        verb=verb,
        when=when or timezone.now(),
    )
    now = timezone.now()
    EventDelivery.objects.bulk_create(
        [
            EventDelivery(
                subscription_id=s.pk,
                event_id=event_id,
                event_type=event.name,
                payload=payload,
                next_attempt_at=now,
            )
            for s in subscriptions
        ]
    )
    transaction.on_commit(send_soon)
    return len(subscriptions)


def record_history_event(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    """Signal receiver: an audited change whose verb is an event type → the outbox."""
    verb = getattr(history_instance, "history_change_reason", None) or ""
    if verb:
        emit(instance, verb=verb, when=history_instance.history_date)


def send_soon() -> None:
    """Ask a worker to send what waits; if the broker is down the beat's sweep sends it."""
    from portal.integrations.tasks import deliver_due

    try:
        deliver_due.delay()
    except Exception:
        log.warning("integrations: broker unavailable, events wait for the next sweep")
