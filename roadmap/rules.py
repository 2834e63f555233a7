"""Who may do what on the roadmap (Wegiz agenda so far)."""

from __future__ import annotations

import rules

from portal.accounts.rules import (
    flagged_organisations,
    is_field_party,
    is_portal_staff,
    is_programme_manager,
)


@rules.predicate
def has_organisation(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.memberships.exists()


@rules.predicate
def member_of_proposal_organisation(user, proposal) -> bool:
    if proposal is None or not getattr(user, "is_authenticated", False):
        return False
    return user.memberships.filter(organisation_id=proposal.organisation_id).exists()


@rules.predicate
def proposal_still_open(user, proposal) -> bool:
    from roadmap.models import IntakeProposal, IntakeRound

    return (
        proposal is not None
        and proposal.round.status == IntakeRound.Status.OPEN
        and proposal.status in (IntakeProposal.Status.DRAFT, IntakeProposal.Status.SUBMITTED)
    )


rules.add_perm("wegiz.manage", is_programme_manager)
rules.add_perm("wegiz.propose", is_field_party & has_organisation)
rules.add_perm("wegiz.view_proposal", is_portal_staff | member_of_proposal_organisation)
rules.add_perm(
    "wegiz.edit_proposal", is_field_party & member_of_proposal_organisation & proposal_still_open
)

rules.add_perm("portfolio.manage", is_programme_manager)
rules.add_perm("portfolio.view_internal", is_portal_staff)
rules.add_perm("blocks.manage", is_programme_manager)
rules.add_perm("blocks.view_all", is_portal_staff)


# --- regions and funding --------------------------------------------------------------

from portal.accounts.rules import is_cds_reviewer, is_regional_coordinator  # noqa: E402


@rules.predicate
def coordinates_region(user, obj) -> bool:
    """The user coordinates the region of `obj` (a region, initiative, report, application)."""
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    region_id = _region_id(obj)
    if region_id is None:
        return False
    cached = getattr(user, "_region_ids", None)
    if cached is None:
        cached = set(user.region_assignments.values_list("region_id", flat=True))
        user._region_ids = cached
    return region_id in cached


def _region_id(obj):
    from roadmap.models import Region

    if isinstance(obj, Region):
        return obj.pk
    for path in ("region_id", "initiative.region_id", "application.initiative.region_id"):
        value = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    return None


is_coordinator_of = is_regional_coordinator & coordinates_region
sees_all_regions = is_cds_reviewer | is_portal_staff

rules.add_perm("regions.view_all", sees_all_regions)
rules.add_perm("regions.view_private", sees_all_regions | is_coordinator_of)
rules.add_perm("regions.edit", is_coordinator_of)
rules.add_perm("regions.review", is_cds_reviewer)
rules.add_perm("regions.assess", is_programme_manager)
rules.add_perm("regions.manage_schemes", is_programme_manager)
rules.add_perm("regions.view_mine", is_regional_coordinator)

# --- adoption monitoring ------------------------------------------------------------------


def _reporting_organisations(user) -> frozenset[int]:
    """The ids of the user's organisations that report adoption figures."""
    return flagged_organisations(user, "reports_adoption")


@rules.predicate
def reports_adoption(user) -> bool:
    """A member of an organisation that reports adoption figures (such as the NTV)."""
    return bool(_reporting_organisations(user))


@rules.predicate
def reported_by_own_organisation(user, measurement) -> bool:
    if measurement is None or measurement.organisation_id is None:
        return False
    return measurement.organisation_id in _reporting_organisations(user)


# Managers record figures and set targets; a reporting organisation's field parties record
# figures and correct their own organisation's.
rules.add_perm("adoption.record", is_programme_manager | (is_field_party & reports_adoption))
rules.add_perm(
    "adoption.change",
    is_programme_manager | (is_field_party & reported_by_own_organisation),
)
rules.add_perm("adoption.targets", is_programme_manager)
