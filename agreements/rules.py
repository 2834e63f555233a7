"""Who may do what in the catalogue."""

from __future__ import annotations

import rules

from portal.accounts.rules import (
    flagged_organisations,
    is_board_member,
    is_field_party,
    is_portal_staff,
    is_programme_manager,
)


@rules.predicate
def release_is_editable(user, release) -> bool:
    return release is None or release.is_editable


rules.add_perm("agreements.view_drafts", is_portal_staff)
rules.add_perm("agreements.manage", is_programme_manager)
rules.add_perm("agreements.edit_release", is_programme_manager & release_is_editable)
rules.add_perm("agreements.review_release", is_board_member)
rules.add_perm("agreements.publish_release", is_programme_manager)


def validating_organisations(user) -> frozenset[int]:
    """The ids of the user's organisations that record validation results (the NTV)."""
    return flagged_organisations(user, "records_compliance")


@rules.predicate
def records_compliance(user) -> bool:
    return bool(validating_organisations(user))


@rules.predicate
def recorded_by_own_organisation(user, record) -> bool:
    if record is None or record.recorded_by_id is None:
        return False
    return record.recorded_by_id in validating_organisations(user)


# NTV results: the NTV's members (and its API client) record them and correct their own;
# programme managers record them from a report and correct any.
rules.add_perm(
    "agreements.record_compliance", is_programme_manager | (is_field_party & records_compliance)
)
rules.add_perm(
    "agreements.change_compliance",
    is_programme_manager | (is_field_party & recorded_by_own_organisation),
)
