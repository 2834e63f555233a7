"""Who may do what with commitments, motions and (later) legislative tracks and advice."""

from __future__ import annotations

import rules

from portal.accounts.rules import is_portal_staff, is_programme_manager

rules.add_perm("parliament.manage", is_programme_manager)
rules.add_perm("parliament.view_all", is_portal_staff)
