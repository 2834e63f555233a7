"""Who sees which commitments and motions: published ones are public; staff see all."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.db.models import Q

from portal.core.visibility import VisibleQuerySet, prefixed

VIEW_ALL = "parliament.view_all"


class CommitmentQuerySet(VisibleQuerySet):
    see_all_perm = VIEW_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, is_published=True)

    def overdue(self, today: dt.date) -> Self:
        """Not fulfilled, and the due date has passed."""
        from parliament.models import Commitment

        return self.exclude(status=Commitment.Status.FULFILLED).filter(due__lt=today)


class LegislativeTrackQuerySet(VisibleQuerySet):
    see_all_perm = VIEW_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, is_published=True)


class ProcedureStepQuerySet(VisibleQuerySet):
    """Public with their track."""

    see_all_perm = VIEW_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return LegislativeTrackQuerySet.public_q(f"{prefix}track__")
