from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from portal.integrations.delivery import attempt
from portal.integrations.models import EventDelivery, IdempotentAnswer

BATCH = 100


@shared_task(name="integrations.deliver_due", acks_late=True)
def deliver_due() -> int:
    """Send every delivery that is due (new ones, and retries whose backoff has passed);
    the beat runs it every minute, and every change that raises an event asks for it."""
    due = list(
        EventDelivery.objects.filter(
            status=EventDelivery.Status.PENDING,
            next_attempt_at__lte=timezone.now(),
            subscription__is_active=True,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(1 for pk in due if attempt(pk))


@shared_task(name="integrations.prune")
def prune() -> int:
    """Answers kept for `Idempotency-Key` live a day; the delivery log ninety days."""
    now = timezone.now()
    answers, _ = IdempotentAnswer.objects.filter(created_at__lt=now - dt.timedelta(days=1)).delete()
    deliveries, _ = (
        EventDelivery.objects.filter(created_at__lt=now - dt.timedelta(days=90))
        .exclude(status=EventDelivery.Status.PENDING)
        .delete()
    )
    return answers + deliveries
