from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from portal.notifications.services import hand_over
from roadmap.models import Initiative, ProgressReport
from roadmap.regions.services import coordinators_of, report_open_period

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


@shared_task(name="regions.send_report_reminders", acks_late=True)
def send_report_reminders() -> int:
    """One reminder a week before the due date and one after it, per report, never twice,
    to the region's coordinators: in the portal and by e-mail per their preference.

    The report row is locked and stamped in the same transaction as the notice (the
    outbox), so two runs at once cannot both send.
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
                hand_over(
                    report.initiative,
                    verb="regions.report.due" if kind == "before" else "regions.report.overdue",
                    recipients=coordinators_of(report.initiative.region_id),
                )
                sent += 1
    return sent
