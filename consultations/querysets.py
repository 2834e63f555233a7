"""Who may see which consultation rows: one rule per model (see portal.core.visibility)."""

from __future__ import annotations

from typing import Any, Self

from django.db.models import Q

from portal.core.visibility import VisibleQuerySet, prefixed

SEE_ALL = "consultations.view_all"


class ConsultationQuerySet(VisibleQuerySet):
    """A consultation is public once scheduled: its page announces it before it opens."""

    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        from consultations.models import Consultation

        return ~prefixed(prefix, status=Consultation.Status.DRAFT)


class CommentQuerySet(VisibleQuerySet):
    """A comment is public while active, when its author allowed publication, on a public
    consultation; moderators see every comment. `readable_by` adds the reader's own
    comments (their own attachments and answers), which lists of others' comments leave out."""

    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        from consultations.models import Comment

        return prefixed(
            prefix, status=Comment.Status.ACTIVE, may_publish=True
        ) & ConsultationQuerySet.public_q(f"{prefix}consultation__")

    def readable_by(self, user: Any) -> Self:
        if self.sees_all(user):
            return self
        if user is not None and user.is_authenticated:
            return self.filter(self.public_q() | Q(author_id=user.pk))
        return self.published()


class CommentPartQuerySet(VisibleQuerySet):
    """Answers and attachments: public with their comment."""

    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return CommentQuerySet.public_q(f"{prefix}comment__")

    def readable_by(self, user: Any) -> Self:
        if self.sees_all(user):
            return self
        if user is not None and user.is_authenticated:
            return self.filter(self.public_q() | Q(comment__author_id=user.pk))
        return self.published()


class VersionPartQuerySet(VisibleQuerySet):
    """Documents of a draft version: public with the consultation."""

    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return ConsultationQuerySet.public_q(f"{prefix}version__consultation__")


class SessionQuerySet(VisibleQuerySet):
    """Sessions: public with the consultation."""

    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return ConsultationQuerySet.public_q(f"{prefix}consultation__")
