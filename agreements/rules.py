"""Who may do what in the catalogue."""

from __future__ import annotations

import rules

from portal.accounts.rules import is_board_member, is_portal_staff, is_programme_manager


@rules.predicate
def release_is_editable(user, release) -> bool:
    return release is None or release.is_editable


rules.add_perm("agreements.view_drafts", is_portal_staff)
rules.add_perm("agreements.manage", is_programme_manager)
rules.add_perm("agreements.edit_release", is_programme_manager & release_is_editable)
rules.add_perm("agreements.review_release", is_board_member)
rules.add_perm("agreements.publish_release", is_programme_manager)
# NTV results reach the ministry by report; its programme managers record them.
rules.add_perm("agreements.record_compliance", is_programme_manager)
