"""Reads for consultations. Counts come from the database; comments are paged per section."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from consultations.models import Answer, Comment, Consultation, Section


def section_counts(version_id: int) -> QuerySet[Section]:
    """The draft's sections with their comment counts (kept on the section by
    Comment.save, so reading them costs nothing per comment)."""
    return Section.objects.filter(version_id=version_id).order_by("order")


def report_rows(consultation: Consultation) -> dict[str, Any]:
    """Per section and question: counts per disposition, computed by the database."""
    active = Comment.objects.filter(consultation=consultation, status=Comment.Status.ACTIVE)
    by_target = list(
        active.values(
            "section_id",
            "section__number",
            "section__title",
            "question_id",
            "question__order",
            "question__text",
        )
        .annotate(
            total=Count("id"),
            public=Count("id", filter=Q(may_publish=True)),
            **{d: Count("id", filter=Q(answer__disposition=d)) for d in Answer.Disposition.values},
        )
        .order_by("section__number", "question__order")
    )
    totals = active.aggregate(
        total=Count("id"),
        **{d: Count("id", filter=Q(answer__disposition=d)) for d in Answer.Disposition.values},
    )
    return {"targets": by_target, "totals": totals}


def staff_todo(user: Any, today: dt.date) -> dict[str, Any]:
    """Closed consultations with comments still to answer."""
    from portal.core.todo import LIMIT

    if not user.has_perm("consultations.run"):
        return {}
    return {
        "unanswered": list(
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
    }


def personal_data(user: Any) -> dict[str, Any]:
    """The person's comments, with their status and answer, for their download."""
    from consultations.models import Comment

    comments = Comment.objects.filter(author=user).select_related(
        "consultation", "section", "question", "answer", "organisation"
    )
    return {
        "consultationComments": [
            {
                "consultation": c.consultation.title,
                "section": c.section.number if c.section else None,
                "question": c.question.order if c.question else None,
                "onBehalfOf": c.attribution,
                "text": c.text,
                "mayPublish": c.may_publish,
                "status": c.status,
                "createdAt": c.created_at.isoformat(),
                "answer": c.answer.reason if hasattr(c, "answer") else None,
            }
            for c in comments.order_by("created_at")
        ]
    }
