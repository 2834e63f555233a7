"""Who may manage integrations: administrators register clients and subscriptions."""

from __future__ import annotations

import rules

from portal.accounts.rules import is_administrator, is_superuser

rules.add_perm("integrations.manage", is_administrator | is_superuser)
