"""Role predicates shared by every app's rules.

Each app's `rules.py` composes these into permissions; views, services and the API
ask `user.has_perm("<perm>", obj)` and never test roles themselves.
"""

from __future__ import annotations

import rules

from portal.accounts.roles import Role


def _has_role(role: Role):
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.has_role(role)

    return predicate


is_field_party = _has_role(Role.FIELD_PARTY)
is_regional_coordinator = _has_role(Role.REGIONAL_COORDINATOR)
is_cds_reviewer = _has_role(Role.CDS_REVIEWER)
is_programme_manager = _has_role(Role.PROGRAMME_MANAGER)
is_board_member = _has_role(Role.ARCHITECTURE_BOARD)
is_administrator = _has_role(Role.ADMINISTRATOR)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) and user.is_active


def flagged_organisations(user, flag: str) -> frozenset[int]:
    """The ids of the user's organisations that have the boolean `flag` set (such as
    `reports_adoption`), read once per request and kept on the user object, so that a
    list can ask for every row."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache = user.__dict__.setdefault("_flagged_organisations", {})
    if flag not in cache:
        cache[flag] = frozenset(
            user.memberships.filter(**{f"organisation__{flag}": True}).values_list(
                "organisation_id", flat=True
            )
        )
    return cache[flag]


# Ministry staff: they read internal information and the audit trail.
is_portal_staff = is_programme_manager | is_board_member | is_administrator | is_superuser

rules.add_perm("portal.view_audit", is_portal_staff)


@rules.predicate
def is_member_of_requested_organisation(user, access_request) -> bool:
    """A member of the organisation a person asks to act for (people vouch for colleagues)."""
    if access_request is None or access_request.organisation_id is None:
        return False
    return user.memberships.filter(organisation_id=access_request.organisation_id).exists()


# Who may let someone act for an organisation (approve an access request): an
# administrator, or for a request to join an organisation one of its members.
rules.add_perm(
    "accounts.decide_access_request",
    is_administrator | is_superuser | is_member_of_requested_organisation,
)
# Who may invite people (with an organisation and a role).
rules.add_perm("accounts.invite", is_administrator | is_superuser)
