"""Who may do what on the roadmap (Wegiz agenda so far)."""

from __future__ import annotations

import rules

from portal.accounts.rules import is_field_party, is_portal_staff, is_programme_manager


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
    return (
        proposal is not None
        and proposal.round.status == "open"
        and proposal.status in ("draft", "submitted")
    )


rules.add_perm("wegiz.manage", is_programme_manager)
rules.add_perm("wegiz.propose", is_field_party & has_organisation)
rules.add_perm("wegiz.view_proposal", is_portal_staff | member_of_proposal_organisation)
rules.add_perm(
    "wegiz.edit_proposal", is_field_party & member_of_proposal_organisation & proposal_still_open
)

rules.add_perm("portfolio.manage", is_programme_manager)
rules.add_perm("portfolio.view_internal", is_portal_staff)
