"""Every write for people's accounts outside the admin: logins through an organisation's
login service (OpenID Connect) and access requests."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from portal.accounts.models import AccessRequest, Invitation, Membership, Organisation, User
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


# --- invitations ------------------------------------------------------------------------

INVITATION_DAYS = 7


def grantable_roles(actor: User) -> list[str]:
    """The roles `actor` may give: those whose groups hold no permission the actor lacks."""
    held = actor.get_all_permissions()
    allowed = []
    for group in Group.objects.filter(name__in=[r.value for r in Role]).prefetch_related(
        "permissions__content_type"
    ):
        needed = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        if actor.is_superuser or needed <= held:
            allowed.append(group.name)
    return [r.value for r in Role if r.value in allowed]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    email: str,
    full_name: str,
    organisation: Organisation | None,
    role: str,
    accept_url: Callable[[str], str],
) -> Invitation:
    """Invite someone by e-mail; the link (made by `accept_url` from the token) works once
    and for `INVITATION_DAYS` days."""
    require(actor, "accounts.invite")
    if role not in grantable_roles(actor):
        raise ValidationError({"role": _("You may not give this role.")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email.strip().lower(),
        full_name=full_name.strip(),
        organisation=organisation,
        role=role,
        token_hash=_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    set_reason(invitation, "accounts.invitation.sent")
    invitation.save()
    context = {
        "invitation": invitation,
        "url": accept_url(token),
        "role": Role(role).label,
        "days": INVITATION_DAYS,
    }
    subject = render_to_string("accounts/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))
    return invitation


def invitation_for(token: str) -> Invitation | None:
    """The invitation a link's token opens, if it is still usable."""
    invitation = Invitation.objects.filter(token_hash=_token_hash(token)).first()
    return invitation if invitation is not None and invitation.is_usable() else None


def _join(user: User, organisation: Organisation | None, role: str, reason: str) -> None:
    if organisation is not None and not user.memberships.filter(organisation=organisation).exists():
        membership = Membership(user=user, organisation=organisation)
        set_reason(membership, reason)
        membership.save()
    if not user.groups.filter(name=role).exists():
        set_reason(user, reason)
        user.groups.add(Group.objects.get(name=role))
        user._role_names = None


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None = None, full_name: str = "", password: str = ""
) -> User:
    """Accept an invitation: as the person logged in with the invited address, or by
    making the account with the person's own password. Refused when used or expired."""
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
    )
    if invitation is None or not invitation.is_usable():
        raise WorkflowError(
            _("This invitation has been used already or has expired. Ask for a new one.")
        )
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email:
            raise WorkflowError(
                _("This invitation is for another e-mail address. Log out and open it again.")
            )
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise WorkflowError(
                _("An account with this e-mail address exists: log in, then open the link again.")
            )
        user = User(email=invitation.email, full_name=full_name.strip()[:200])
        validate_password(password, user)
        user.set_password(password)
        set_reason(user, "accounts.user.created_by_invitation")
        user.save()
    _join(user, invitation.organisation, invitation.role, "accounts.invitation.accepted")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    set_reason(invitation, "accounts.invitation.accepted")
    invitation.save()
    return user


# --- registration -----------------------------------------------------------------------

REGISTRATION_SALT = "accounts.registration"
REGISTRATION_MAX_AGE = 2 * 24 * 3600


@transaction.atomic
def register(
    *,
    email: str,
    full_name: str,
    password: str,
    organisation: Organisation | None,
    verify_url: Callable[[str], str],
    login_url: str,
) -> None:
    """Anyone may register to respond to consultations: as a private person, or asking to
    act for an organisation (an access request its members or an administrator decide).
    The account works once the e-mail address is verified. Whether an address is known
    is never revealed: its owner gets a mail saying so instead."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        # In the language the account's owner chose, whoever typed the address.
        with override(existing.language or settings.LANGUAGE_CODE):
            body = render_to_string(
                "accounts/registration_exists_email.txt",
                {"user": existing, "login_url": login_url},
            )
            subject = str(_("Your account on the GIS portal"))
        transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
        return
    # Mail to the new account (and later notifications) in the language they registered in.
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    user = User(
        email=email,
        full_name=full_name.strip()[:200],
        is_active=False,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
    )
    validate_password(password, user)
    user.set_password(password)
    set_reason(user, "accounts.user.registered")
    user.save()
    set_reason(user, "accounts.user.registered")
    user.groups.add(Group.objects.get(name=Role.FIELD_PARTY.value))
    if organisation is not None:
        request = AccessRequest(
            user=user,
            organisation=organisation,
            organisation_named=organisation.name,
            roles=Role.FIELD_PARTY.value,
            source=AccessRequest.Source.PERSON,
        )
        set_reason(request, "accounts.access_request.created")
        request.save()
    token = signing.dumps({"u": user.pk, "e": email}, salt=REGISTRATION_SALT)
    body = render_to_string(
        "accounts/registration_email.txt", {"user": user, "url": verify_url(token)}
    )
    subject = _("Confirm your e-mail address for the GIS portal")
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))


@transaction.atomic
def registration_verify(*, token: str) -> User:
    """Activate the account the verification link is for (once; within two days)."""
    try:
        data = signing.loads(token, salt=REGISTRATION_SALT, max_age=REGISTRATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise WorkflowError(_("This link has expired. Register again.")) from error
    except signing.BadSignature as error:
        raise WorkflowError(_("This link is not valid.")) from error
    user = User.objects.select_for_update().filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None or user.closed_at is not None:
        raise WorkflowError(_("This link is not valid."))
    if not user.is_active:
        user.is_active = True
        set_reason(user, "accounts.user.email_verified")
        user.save()
        from portal.notifications.services import hand_over

        for request in user.access_requests.filter(status=AccessRequest.Status.PENDING):
            # Its organisation's members decide (administrators see it on their to-do).
            hand_over(
                request,
                verb="accounts.access_request.asked",
                recipients=User.objects.filter(memberships__organisation=request.organisation),
                actor=user,
            )
    return user


@transaction.atomic
def membership_request(*, actor: User, organisation: Organisation) -> AccessRequest:
    """A person asks to act for an organisation; its members (or an administrator) decide."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    if actor.memberships.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("You already act for this organisation.")})
    if actor.access_requests.filter(status=AccessRequest.Status.PENDING).exists():
        raise ValidationError(
            {"organisation": _("You have a request waiting already; wait for its decision.")}
        )
    request = AccessRequest(
        user=actor,
        organisation=organisation,
        organisation_named=organisation.name,
        roles=Role.FIELD_PARTY.value,
        source=AccessRequest.Source.PERSON,
    )
    set_reason(request, "accounts.access_request.created")
    request.save()
    from portal.notifications.services import hand_over

    hand_over(
        request,
        verb="accounts.access_request.asked",
        recipients=User.objects.filter(memberships__organisation=organisation),
        actor=actor,
    )
    return request


# --- closing an account -----------------------------------------------------------------


@transaction.atomic
def account_close(*, actor: User) -> None:
    """Close one's own account: the person's details, memberships, roles, follows and
    notifications go; what they published stays, attributed to the organisation it was
    written for (or to a private person). The account can no longer log in."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.is_superuser:
        raise WorkflowError(_("A superuser account is closed by another superuser."))
    for membership in user.memberships.all():
        set_reason(membership, "accounts.membership.account_closed")
        membership.delete()
    for request in user.access_requests.filter(status=AccessRequest.Status.PENDING):
        request.status = AccessRequest.Status.REFUSED
        set_reason(request, "accounts.access_request.account_closed")
        request.save()
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    from portal.core.personal_data import forget

    for devices in (TOTPDevice, StaticDevice, WebAuthnCredential):
        devices.objects.filter(user=user).delete()
    forget(user)
    set_reason(user, "accounts.user.roles_removed")
    user.groups.clear()
    user.email = f"closed-{user.pk}@closed.invalid"
    user.full_name = ""
    user.oidc_issuer = user.oidc_subject = ""
    user.is_active = user.is_staff = False
    user.set_unusable_password()
    user.closed_at = timezone.now()
    set_reason(user, "accounts.user.closed")
    user.save()
