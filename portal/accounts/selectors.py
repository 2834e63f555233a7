from __future__ import annotations

from typing import Any

from portal.accounts.models import User
from portal.accounts.roles import Role


def profile_for(user: User) -> dict[str, Any]:
    """What a person sees about themselves: organisations, roles and regions."""
    memberships = list(user.memberships.select_related("organisation"))
    role_labels = [role.label for role in Role if user.has_role(role)]
    regions = [a.region for a in user.region_assignments.select_related("region")]
    return {"memberships": memberships, "role_labels": role_labels, "regions": regions}
