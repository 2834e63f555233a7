"""Who may see which roadmap rows: one rule per model (see portal.core.visibility).

The portfolio publishes deliberately: a tranche, decision or pilot is internal until a
manager publishes it, a milestone until it is marked public. Parts follow their whole:
a deliverable of an unpublished tranche, the actions of an unpublished decision and the
outcome of an unpublished pilot are as internal as the tranche, decision or pilot.
"""

from __future__ import annotations

from typing import Any, Self

from django.db.models import Q

from portal.core.visibility import VisibleQuerySet, holds, prefixed

PORTFOLIO_INTERNAL = "portfolio.view_internal"


class TrancheQuerySet(VisibleQuerySet):
    see_all_perm = PORTFOLIO_INTERNAL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, is_published=True)


class DeliverableQuerySet(VisibleQuerySet):
    """A deliverable outside any tranche is public; one in a tranche is public with it."""

    see_all_perm = PORTFOLIO_INTERNAL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, tranche__isnull=True) | TrancheQuerySet.public_q(
            f"{prefix}tranche__"
        )


class MilestoneQuerySet(VisibleQuerySet):
    see_all_perm = PORTFOLIO_INTERNAL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, is_public=True)


class DecisionQuerySet(VisibleQuerySet):
    see_all_perm = PORTFOLIO_INTERNAL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, is_published=True)


class DecisionActionQuerySet(VisibleQuerySet):
    see_all_perm = PORTFOLIO_INTERNAL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return DecisionQuerySet.public_q(f"{prefix}decision__")


class PilotQuerySet(VisibleQuerySet):
    see_all_perm = PORTFOLIO_INTERNAL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, is_published=True)


class PilotPartQuerySet(VisibleQuerySet):
    """Outcome assessments and blueprints: public with their pilot."""

    see_all_perm = PORTFOLIO_INTERNAL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return PilotQuerySet.public_q(f"{prefix}pilot__")


class InternalQuerySet(VisibleQuerySet):
    """Rows that are never public (risks, meeting notes): staff only."""

    see_all_perm = PORTFOLIO_INTERNAL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, pk__in=[])


class FundingApplicationQuerySet(VisibleQuerySet):
    """Decided applications are public; drafts and pending ones belong to their region
    (its coordinators), the CDS reviewers and staff."""

    see_all_perm = "regions.view_all"

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        from roadmap.models import FundingApplication

        return prefixed(prefix, status__in=FundingApplication.DECIDED)

    def visible_to(self, user: Any) -> Self:
        if self.sees_all(user):
            return self
        if user is not None and user.is_authenticated and holds(user, "regions.view_mine"):
            mine = user.region_assignments.values("region_id")
            return self.filter(self.public_q() | Q(initiative__region_id__in=mine))
        return self.published()


class ProgressReportQuerySet(VisibleQuerySet):
    """Progress reports are never public: they belong to their region's coordinators,
    the CDS reviewers and staff."""

    see_all_perm = "regions.view_all"

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, pk__in=[])

    def visible_to(self, user: Any) -> Self:
        if self.sees_all(user):
            return self
        if user is not None and user.is_authenticated and holds(user, "regions.view_mine"):
            mine = user.region_assignments.values("region_id")
            return self.filter(initiative__region_id__in=mine)
        return self.published()


class GrantConditionQuerySet(VisibleQuerySet):
    """A condition of a grant is seen with its application."""

    see_all_perm = "regions.view_all"

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return FundingApplicationQuerySet.public_q(f"{prefix}application__")


class BuildingBlockQuerySet(VisibleQuerySet):
    """A building block is public once a manager publishes it."""

    see_all_perm = "blocks.view_all"

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, is_published=True)


class AdoptionQuerySet(VisibleQuerySet):
    """Adoption figures and targets are public with their subject: every exchange is, an
    agreement once it is no longer a draft."""

    see_all_perm = "agreements.view_drafts"

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        from agreements.querysets import AgreementQuerySet

        return prefixed(prefix, agreement__isnull=True) | AgreementQuerySet.public_q(
            f"{prefix}agreement__"
        )
