from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from portal.consultations.models import Consultation
from portal.notifications.services import notify


@shared_task(name="consultations.announce_openings", acks_late=True)
def announce_openings() -> int:
    """Tell followers once that a scheduled consultation has opened (safe to run often)."""
    now = timezone.now()
    count = 0
    due = Consultation.objects.filter(
        status=Consultation.Status.SCHEDULED,
        opens_at__lte=now,
        closes_at__gt=now,
        opened_notice_at__isnull=True,
    )
    for consultation_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            row = (
                Consultation.objects.select_for_update(skip_locked=True)
                .filter(pk=consultation_id, opened_notice_at__isnull=True)
                .first()
            )
            if row is None:
                continue
            Consultation.objects.filter(pk=row.pk).update(opened_notice_at=now)
            # In the same transaction: the outbox keeps the notice if the broker is down.
            notify(row, verb="consultations.consultation.opened")
            count += 1
    return count
