"""Every write for people's accounts outside the admin: logins through an organisation's
login service (OpenID Connect) and access requests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import AccessRequest, Membership, Organisation, User
from portal.accounts.roles import Role
from portal.core.exceptions import WorkflowError
from portal.core.services import require, set_reason

# Roles a login service may give. Administrators are local accounts with a second
# factor in the portal itself, never made by a claim.
CLAIMABLE_ROLES = frozenset(r.value for r in Role if r != Role.ADMINISTRATOR)


class LoginRefused(Exception):
    """The login service's answer names an account the portal will not log in."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _claimed_roles(claims: Mapping[str, Any]) -> set[str] | None:
    """The portal roles named in the roles claim (through `OIDC_ROLE_MAP`), or None when
    the claim is absent (then roles are left as they are)."""
    raw = claims.get(settings.OIDC_ROLES_CLAIM)
    if raw is None:
        return None
    values = raw if isinstance(raw, list | tuple) else str(raw).replace(",", " ").split()
    mapping = settings.OIDC_ROLE_MAP or {role: role for role in CLAIMABLE_ROLES}
    return {mapping[str(v)] for v in values if mapping.get(str(v)) in CLAIMABLE_ROLES}


def _claimed_organisation(claims: Mapping[str, Any]) -> tuple[str, Organisation | None]:
    named = str(claims.get(settings.OIDC_ORGANISATION_CLAIM) or "").strip()
    if not named:
        return "", None
    slug = (settings.OIDC_ORGANISATION_MAP or {}).get(named, named)
    return named, Organisation.objects.filter(slug=slug).first()


def _set_roles(user: User, roles: Iterable[str], reason: str) -> None:
    """Give `user` exactly these of the claimable roles; other groups stay."""
    wanted = set(roles)
    current = set(user.groups.filter(name__in=CLAIMABLE_ROLES).values_list("name", flat=True))
    if wanted == current:
        return
    set_reason(user, reason)
    user.groups.remove(*Group.objects.filter(name__in=current - wanted))
    user.groups.add(*Group.objects.filter(name__in=wanted - current))
    user._role_names = None


@transaction.atomic
def person_from_login_service(*, issuer: str, claims: Mapping[str, Any]) -> User:
    """The account for someone the login service vouched for; made on the first login.

    The account is found by the service's identifier; on a first login an existing
    account with the same e-mail address is taken over only when the service says the
    address is verified, and never an administrator's (they log in with a password and
    a second factor). Roles follow the roles claim. An organisation the portal knows
    gives a membership; one it does not know waits for an administrator's approval, and
    a new account then stays inactive until the approval."""
    subject = str(claims.get("sub") or "")
    email = str(claims.get("email") or "").strip().lower()
    if not subject or not email:
        raise LoginRefused("claims")
    user = User.objects.select_for_update().filter(oidc_issuer=issuer, oidc_subject=subject).first()
    if user is None:
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if existing is not None:
            if claims.get("email_verified") is not True:
                raise LoginRefused("unverified")
            if existing.is_staff or existing.is_superuser or existing.oidc_subject:
                raise LoginRefused("local")
            user = existing
            user.oidc_issuer, user.oidc_subject = issuer, subject
            set_reason(user, "accounts.user.linked_to_login_service")
            user.save()
    named, organisation = _claimed_organisation(claims)
    created = user is None
    if user is None:
        user = User(
            email=email,
            full_name=str(claims.get("name") or email)[:200],
            oidc_issuer=issuer,
            oidc_subject=subject,
            is_active=not (named and organisation is None),
        )
        user.set_unusable_password()
        set_reason(user, "accounts.user.created_by_login_service")
        user.save()
    elif claims.get("name") and claims["name"] != user.full_name:
        user.full_name = str(claims["name"])[:200]
        set_reason(user, "accounts.user.changed_by_login_service")
        user.save()
    roles = _claimed_roles(claims)
    if named and organisation is None:
        if not user.access_requests.filter(status=AccessRequest.Status.PENDING).exists():
            request = AccessRequest(
                user=user,
                organisation_named=named[:255],
                roles=",".join(sorted(roles or ())),
                source=AccessRequest.Source.LOGIN_SERVICE,
            )
            set_reason(request, "accounts.access_request.created")
            request.save()
        if created:
            return user  # inactive: no roles until the organisation is approved
    if organisation is not None and not user.memberships.filter(organisation=organisation).exists():
        membership = Membership(user=user, organisation=organisation)
        set_reason(membership, "accounts.membership.created_by_login_service")
        membership.save()
    if roles is not None:
        _set_roles(user, roles, "accounts.user.roles_from_login_service")
    return user


@transaction.atomic
def access_request_decide(
    *, actor: User, access_request: AccessRequest, approve: bool
) -> AccessRequest:
    """Approve (membership of the chosen organisation, the roles asked for, the account
    active) or refuse a waiting access request."""
    require(actor, "accounts.decide_access_request", access_request)
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status != AccessRequest.Status.PENDING:
        raise WorkflowError(_("This request has been decided already."))
    if approve and access_request.organisation is None:
        raise WorkflowError(_("Choose the organisation before approving the request."))
    user = access_request.user
    if approve:
        assert access_request.organisation is not None
        if not user.memberships.filter(organisation=access_request.organisation).exists():
            membership = Membership(user=user, organisation=access_request.organisation)
            set_reason(membership, "accounts.membership.approved")
            membership.save()
        roles = [r for r in access_request.role_list() if r in CLAIMABLE_ROLES]
        current = set(user.groups.values_list("name", flat=True))
        _set_roles(user, current & CLAIMABLE_ROLES | set(roles), "accounts.user.roles_approved")
        if not user.is_active:
            user.is_active = True
            set_reason(user, "accounts.user.activated")
            user.save()
    access_request.status = (
        AccessRequest.Status.APPROVED if approve else AccessRequest.Status.REFUSED
    )
    access_request.decided_by = actor
    access_request.decided_at = timezone.now()
    set_reason(access_request, "accounts.access_request.decided")
    access_request.save()
    return access_request
