from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal.consultations.models import Consultation, Follow

MESSAGES = {
    "opened": "The consultation “%(title)s” is open for comments until %(closes)s.",
    "version": "A new draft version of “%(title)s” has been published.",
    "report": "The report of the consultation “%(title)s” has been published.",
}


@shared_task(name="consultations.notify_followers", acks_late=True)
def notify_followers(consultation_id: int, event: str) -> int:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None or event not in MESSAGES:
        return 0
    emails = list(
        Follow.objects.filter(consultation=consultation, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    with override(settings.LANGUAGE_CODE):
        subject = consultation.title
        body = _(MESSAGES[event]) % {
            "title": consultation.title,
            "closes": timezone.localtime(consultation.closes_at).strftime("%d-%m-%Y %H:%M"),
        }
    send_mass_mail([(subject, body, None, [email]) for email in emails])
    return len(emails)


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
            transaction.on_commit(lambda pk=row.pk: notify_followers.delay(pk, "opened"))
            count += 1
    return count
