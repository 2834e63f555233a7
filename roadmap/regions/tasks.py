from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal.accounts.roles import Role
from roadmap.models import Initiative, ProgressReport, RegionAssignment
from roadmap.regions.services import report_open_period

REMIND_DAYS_BEFORE = 7


@shared_task(name="regions.open_report_periods", acks_late=True)
def open_report_periods() -> int:
    """Each running initiative has a report for the current quarter (idempotent)."""
    today = timezone.localdate()
    count = 0
    for initiative in Initiative.objects.filter(status=Initiative.Status.RUNNING):
        report_open_period(initiative=initiative, day=today)
        count += 1
    return count


def _coordinators(region_id: int) -> list[str]:
    user_ids = RegionAssignment.objects.filter(region_id=region_id).values("user_id")
    return list(
        get_user_model()
        .objects.filter(
            pk__in=user_ids,
            is_active=True,
            groups__name=Role.REGIONAL_COORDINATOR.value,
        )
        .values_list("email", flat=True)
    )


@shared_task(name="regions.send_report_reminders", acks_late=True)
def send_report_reminders() -> int:
    """One reminder a week before the due date and one after it, per report, never twice.

    The report row is locked and stamped in the same transaction as the decision to send,
    so two runs at once cannot both send.
    """
    today = timezone.localdate()
    sent = 0
    drafts = ProgressReport.objects.filter(status=ProgressReport.Status.DRAFT)
    for kind, qs in (
        (
            "before",
            drafts.filter(
                reminded_before_on__isnull=True,
                due_date__gte=today,
                due_date__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
            ),
        ),
        ("after", drafts.filter(reminded_after_on__isnull=True, due_date__lt=today)),
    ):
        for report_id in list(qs.values_list("pk", flat=True)):
            with transaction.atomic():
                report = (
                    ProgressReport.objects.select_for_update(skip_locked=True)
                    .select_related("initiative")
                    .filter(pk=report_id)
                    .first()
                )
                if report is None or report.status != ProgressReport.Status.DRAFT:
                    continue
                field = "reminded_before_on" if kind == "before" else "reminded_after_on"
                if getattr(report, field) is not None:
                    continue
                setattr(report, field, today)
                report.skip_history_when_saving = True  # bookkeeping, not a change
                report.save(update_fields=[field])
                recipients = _coordinators(report.initiative.region_id)
                if recipients:
                    with override(settings.LANGUAGE_CODE):
                        subject = (
                            _("Progress report due on %(day)s")
                            if kind == "before"
                            else _("Progress report overdue since %(day)s")
                        ) % {"day": report.due_date.strftime("%d-%m-%Y")}
                        body = _(
                            "The progress report %(period)s of %(initiative)s is not submitted yet."
                        ) % {"period": report.period, "initiative": report.initiative.title}
                    send_mail(subject, body, None, recipients)
                    sent += 1
    return sent
