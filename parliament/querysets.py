"""Who sees which commitments, motions, legislative tracks and advisory reports: published
ones are public (a procedure step or an advice item with its parent); staff see all."""

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


class AdvisoryReportQuerySet(VisibleQuerySet):
    see_all_perm = VIEW_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, is_published=True)


class AdviceItemQuerySet(VisibleQuerySet):
    """Public with their report."""

    see_all_perm = VIEW_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return AdvisoryReportQuerySet.public_q(f"{prefix}report__")

    def follow_up_open(self) -> Self:
        """Items whose follow-up is not done."""
        from parliament.models import FollowUpStatus

        return self.exclude(status=FollowUpStatus.DONE)

    def overdue(self, today: dt.date) -> Self:
        """Follow-up not done, and its deadline has passed."""
        return self.follow_up_open().filter(deadline__lt=today)
