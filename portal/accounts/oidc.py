"""Logging in through an organisation's login service (OpenID Connect), beside the
portal's own login. mozilla-django-oidc does the authorisation code flow (with state,
nonce and PKCE); this module adds what the NL GOV profile and a government portal need:

- the provider's endpoints are read from its discovery document (`OIDC_OP_ISSUER`),
  unless set one by one;
- the ID token is checked for its issuer, audience, expiry and issue time (the library
  checks only the signature and nonce), the userinfo's subject must be the token's, and
  an `iss` in the authorisation response must be the provider's (RFC 9207);
- a refused login shows the person what went wrong, in their language, instead of a
  bare error;
- the account is found or made by `services.person_from_login_service`, which maps
  claims to the organisation and roles;
- logging out also ends the session at the provider (RP-initiated logout).

OIDC is on when `OIDC_RP_CLIENT_ID` is set. People who log in this way rely on their
organisation's second factor; the portal asks its own only of local accounts.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from portal.accounts.models import AccessRequest
from portal.accounts.services import LoginRefused, person_from_login_service

# mozilla-django-oidc setting → key of the provider's discovery document
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}

# Why a login was refused, as the person reads it.
REASONS = {
    "state": _(
        "The answer of the login service does not belong to a login started here (it may "
        "have been used already, or the link was changed). Please start again."
    ),
    "issuer": _(
        "The answer did not come from the login service this portal trusts, so you were "
        "not logged in."
    ),
    "expired": _("The answer of the login service has expired. Please log in again."),
    "invalid": _(
        "The answer of the login service could not be verified, so you were not logged in."
    ),
    "claims": _(
        "The login service did not give the e-mail address this portal needs. Ask your "
        "organisation's helpdesk to release it to the portal."
    ),
    "unverified": _(
        "An account with this e-mail address exists, and the login service has not "
        "verified the address. Log in with your password, or ask an administrator."
    ),
    "local": _(
        "This account logs in with its password and second factor, not through a login service."
    ),
    "cancelled": _("The login was cancelled at the login service."),
    "unreachable": _(
        "The login service cannot be reached at the moment. Please try again later, or "
        "log in with your password."
    ),
    "failed": _("The login through the login service did not succeed. Please try again."),
}

_metadata: dict[str, dict[str, Any]] = {}


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def provider_metadata() -> dict[str, Any]:
    """The provider's discovery document (read once per process; it is public)."""
    issuer = settings.OIDC_OP_ISSUER
    if issuer not in _metadata:
        response = requests.get(
            issuer.rstrip("/") + "/.well-known/openid-configuration",
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        document = response.json()
        if document.get("issuer") != issuer:
            raise ImproperlyConfigured("OIDC_OP_ISSUER differs from the provider's issuer.")
        _metadata[issuer] = document
    return _metadata[issuer]


_MISSING = object()


def oidc_setting(name: str, default: Any = _MISSING) -> Any:
    """A setting for mozilla-django-oidc; endpoints not set come from discovery."""
    value = getattr(settings, name, None)
    if value in (None, "") and name in DISCOVERED:
        value = provider_metadata().get(DISCOVERED[name])
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"Setting {name} not found")
        return default
    return value


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Listed always; it does nothing unless OIDC is on and the request is a callback."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.configured = enabled()
        if self.configured:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = auth.get_user_model()

    def authenticate(self, request, **kwargs):
        if not self.configured or request is None or "code" not in request.GET:
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise LoginRefused("invalid")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                leeway=settings.OIDC_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise LoginRefused("expired") from error
        except jwt.InvalidIssuerError as error:
            raise LoginRefused("issuer") from error
        except jwt.InvalidTokenError as error:
            raise LoginRefused("invalid") from error

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if str(claims.get("sub")) != str(payload.get("sub")):
            raise LoginRefused("invalid")
        return person_from_login_service(issuer=settings.OIDC_OP_ISSUER, claims=claims)

    def get_user(self, user_id):
        return self.UserModel.objects.filter(pk=user_id, is_active=True).first()


def refused(request: HttpRequest, reason: str, status: int = 400) -> HttpResponse:
    if request.user.is_authenticated:
        auth.logout(request)
    return render(
        request,
        "accounts/oidc_refused.html",
        {"reason": REASONS.get(reason, REASONS["failed"])},
        status=status,
    )


class StartView(OIDCAuthenticationRequestView):
    """Send the person to the login service (with state, nonce and PKCE)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        View.__init__(self, *args, **kwargs)  # the endpoints are read in `get`

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
            return super().get(request)
        except (requests.RequestException, ImproperlyConfigured):
            return refused(request, "unreachable", status=502)


class CallbackView(OIDCAuthenticationCallbackView):
    """The login service's answer; a refusal is explained, not a bare error."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not enabled():
            raise Http404
        issuer = request.GET.get("iss")
        if issuer is not None and issuer != settings.OIDC_OP_ISSUER:
            return refused(request, "issuer")
        if request.GET.get("error"):
            super().get(request)  # forgets the state and logs out
            return refused(request, "cancelled")
        try:
            return super().get(request)
        except LoginRefused as error:
            return refused(request, error.reason)
        except SuspiciousOperation:
            return refused(request, "state")
        except requests.RequestException:
            return refused(request, "unreachable", status=502)

    def login_failure(self):
        user = getattr(self, "user", None)
        if (
            user is not None
            and not user.is_active
            and user.access_requests.filter(status=AccessRequest.Status.PENDING).exists()
        ):
            return render(self.request, "accounts/access_pending.html", status=403)
        return refused(self.request, "failed")


def logout_url(request: HttpRequest, id_token: str | None) -> str | None:
    """Where to send the browser to end the session at the login service as well."""
    if not (enabled() and id_token):
        return None
    try:
        endpoint = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT", None)
    except (requests.RequestException, ImproperlyConfigured):
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri("/"),
        }
    )
    return f"{endpoint}?{query}"
