"""The staff home: what waits for this person, across the portal (one query per list)."""

from __future__ import annotations

import datetime as dt
from typing import Any

LIMIT = 20
REPORTS_SHOWN = 5


def todo_for(user: Any, today: dt.date) -> dict[str, Any]:
    from django.db.models import Count, Q
    from django.utils import timezone

    from agreements.selectors import staff_todo
    from portal.consultations.models import Comment, Consultation
    from roadmap.models import DecisionAction, FundingApplication, ProgressReport

    todo = staff_todo(user, today)
    if user.has_perm("consultations.run"):
        todo["unanswered"] = list(
            Consultation.objects.filter(closes_at__lte=timezone.now())
            .exclude(status=Consultation.Status.REPORTED)
            .annotate(
                open_comments=Count(
                    "comments",
                    filter=Q(comments__status=Comment.Status.ACTIVE, comments__answer__isnull=True),
                )
            )
            .filter(open_comments__gt=0)
            .order_by("closes_at")[:LIMIT]
        )
    if user.has_perm("regions.assess"):
        todo["applications"] = list(
            FundingApplication.objects.filter(status=FundingApplication.Status.SUBMITTED)
            .select_related("initiative")
            .order_by("pk")[:LIMIT]
        )
    if user.has_perm("regions.view_all"):
        reports = ProgressReport.objects.all()
    elif user.is_authenticated:
        reports = ProgressReport.objects.filter(
            initiative__region__in=user.region_assignments.values("region")
        )
    else:
        reports = ProgressReport.objects.none()
    if user.has_perm("regions.view_all") or user.has_perm("regions.view_mine"):
        overdue = reports.filter(due_date__lt=today).exclude(status=ProgressReport.Status.SUBMITTED)
        # The oldest few by name; the rest as a number, so the list stays readable.
        todo["overdue_reports"] = list(
            overdue.select_related("initiative__region").order_by("due_date", "pk")[:REPORTS_SHOWN]
        )
        todo["overdue_reports_more"] = max(0, overdue.count() - REPORTS_SHOWN)
    if user.has_perm("portfolio.manage"):
        todo["overdue_actions"] = list(
            DecisionAction.objects.filter(done_on__isnull=True, due__lt=today)
            .select_related("decision")
            .order_by("due")[:LIMIT]
        )
    return {k: v for k, v in todo.items() if v is not None}
