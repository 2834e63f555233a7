from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from portal.accounts.models import AccessRequest, User
from portal.accounts.roles import Role


def profile_for(user: User) -> dict[str, Any]:
    """What a person sees about themselves: organisations, roles and regions."""
    memberships = list(user.memberships.select_related("organisation"))
    role_labels = [role.label for role in Role if user.has_role(role)]
    regions = [a.region for a in user.region_assignments.select_related("region")]
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    return {
        "memberships": memberships,
        "role_labels": role_labels,
        "regions": regions,
        "has_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "security_keys": WebAuthnCredential.objects.filter(user=user, confirmed=True).count(),
        "recovery_codes_left": StaticToken.objects.filter(device__user=user).count(),
        "via_login_service": bool(user.oidc_subject),
    }


def people_with_role(*roles: Role) -> QuerySet[User]:
    """Everyone who holds one of `roles` (the groups of `roles.Role`); combine with `|`,
    then take `.distinct()`."""
    return User.objects.filter(groups__name__in=[role.value for role in roles])


def members_of(organisation_id: int | None) -> QuerySet[User]:
    """The people who act for an organisation."""
    return User.objects.filter(memberships__organisation_id=organisation_id)


def staff_todo(user: Any, today: Any) -> dict[str, Any]:
    """Access requests waiting for an administrator."""
    from portal.core.todo import LIMIT

    if not user.has_perm("accounts.decide_access_request"):
        return {}
    return {
        "access_requests": list(
            AccessRequest.objects.filter(status=AccessRequest.Status.PENDING)
            .select_related("user", "organisation")
            .order_by("created_at")[:LIMIT]
        )
    }


def personal_data(user: User) -> dict[str, Any]:
    """The account itself, for the person's download."""
    return {
        "account": {
            "email": user.email,
            "fullName": user.full_name,
            "joined": user.date_joined.isoformat(),
            "lastLogin": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "loginService": bool(user.oidc_subject),
        },
        "organisations": [
            {"name": m.organisation.name, "jobTitle": m.job_title}
            for m in user.memberships.select_related("organisation")
        ],
        "accessRequests": [
            {
                "organisation": r.organisation.name if r.organisation else r.organisation_named,
                "status": r.status,
                "askedAt": r.created_at.isoformat(),
            }
            for r in user.access_requests.select_related("organisation")
        ],
    }
