"""Reads for consultations. Counts come from the database; comments are paged per section."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet
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
    # Responses per kind of organisation (private persons as their own row), as the
    # report of an internet consultation counts them.
    by_kind = list(
        active.values(kind=F("organisation__kind"))
        .annotate(total=Count("id"), organisations=Count("organisation", distinct=True))
        .order_by("kind")
    )
    return {"targets": by_target, "totals": totals, "by_kind": by_kind}


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
    """The person's comments, with their status and answer, and their registrations for
    sessions, for their download."""
    from consultations.models import Comment, SessionRegistration

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
        ],
        "sessionRegistrations": [
            {
                "consultation": r.session.consultation.title,
                "session": r.session.title,
                "startsAt": r.session.starts_at.isoformat(),
                "onBehalfOf": r.organisation.name if r.organisation else None,
                "registeredAt": r.registered_at.isoformat(),
                "attended": r.attended,
            }
            for r in SessionRegistration.objects.filter(user=user)
            .select_related("session__consultation", "organisation")
            .order_by("registered_at")
        ],
    }


def responses_by_kind(rows: dict[str, Any]) -> list[tuple[str, int, int]]:
    """The report's responses per kind of organisation as (label, responses,
    organisations), in the reader's language; private persons last. Reports published
    before these were counted have none."""
    from django.utils.translation import gettext as _

    from portal.accounts.models import Organisation

    labels = dict(Organisation.Kind.choices)
    out = []
    private = None
    for row in rows.get("by_kind") or []:
        if row["kind"] is None:
            private = (str(_("Private persons")), row["total"], 0)
        else:
            out.append(
                (str(labels.get(row["kind"], row["kind"])), row["total"], row["organisations"])
            )
    out.sort(key=lambda r: (-r[1], r[0]))
    return out + ([private] if private else [])


def report_sessions(consultation: Consultation) -> QuerySet[Any]:
    """The consultation's sessions with how many registered and attended; one query."""
    from consultations.models import ConsultationSession

    return (
        ConsultationSession.objects.filter(consultation=consultation)
        .annotate(
            taken=Count("registrations"),
            attended_n=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("starts_at", "pk")
    )


# What a comment list shows, read as plain rows: building model instances (comment,
# organisation, answer and what the answer names) cost more than the page's templates.
COMMENT_ROW_FIELDS = (
    "id",
    "created_at",
    "status",
    "may_publish",
    "text",
    "organisation_id",
    "organisation__name",
)
# The answers of a page's comments, read apart: one query joining all nine tables cost
# PostgreSQL some 3 ms to plan (it weighs every join order), two small ones a fraction.
ANSWER_ROW_FIELDS = (
    "comment_id",
    "disposition",
    "reason",
    "changed_section__number",
    "changed_section__version__number",
    "agreement_version__number",
    "agreement_version__agreement__code",
    "release__number",
)


def comment_rows(comments: QuerySet[Comment]) -> QuerySet[Any]:
    """`comments` as plain rows for a list page (paginate this, then `comment_cards`)."""
    return comments.values(*COMMENT_ROW_FIELDS)


def comment_cards(rows: Any) -> list[dict[str, Any]]:
    """One page of `comment_rows`, ready for the template: labels, who it is from, its
    attachments and its answer, if any (a query each for the page)."""
    from django.urls import reverse

    from consultations.models import PRIVATE_PERSON, CommentAttachment

    rows = list(rows)
    files: dict[int, list[dict[str, Any]]] = {}
    answers: dict[int, dict[str, Any]] = {}
    if rows:
        answers = {
            a["comment_id"]: a
            for a in Answer.objects.filter(comment_id__in=[r["id"] for r in rows]).values(
                *ANSWER_ROW_FIELDS
            )
        }
        for f in (
            CommentAttachment.objects.filter(comment_id__in=[r["id"] for r in rows])
            .order_by("pk")
            .values("pk", "comment_id", "original_name", "size")
        ):
            files.setdefault(f["comment_id"], []).append(dict(f))
    statuses = dict(Comment.Status.choices)
    dispositions = dict(Answer.Disposition.choices)
    private = str(PRIVATE_PERSON)
    cards = []
    for r in rows:
        answer = None
        a = answers.get(r["id"])
        if a and a["disposition"]:
            code = a["agreement_version__agreement__code"]
            release = a["release__number"]
            answer = {
                "disposition": dispositions.get(a["disposition"]),
                "reason": a["reason"],
                "section_number": a["changed_section__number"],
                "section_version": a["changed_section__version__number"],
                "agreement_code": code,
                "agreement_version": a["agreement_version__number"],
                "agreement_url": reverse("agreements:detail", args=[code]) if code else "",
                "release_number": release,
                "release_url": (
                    reverse("agreements:release-detail", args=[release]) if release else ""
                ),
            }
        cards.append(
            {
                "pk": r["id"],
                "created_at": r["created_at"],
                "active": r["status"] == Comment.Status.ACTIVE,
                "status_label": statuses.get(r["status"]),
                "may_publish": r["may_publish"],
                "attribution": r["organisation__name"] if r["organisation_id"] else private,
                "text": r["text"],
                "attachments": files.get(r["id"], []),
                "answer": answer,
            }
        )
    return cards
