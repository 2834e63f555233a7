"""Sessions end: after a spell of inactivity, and in any case some hours after login."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

STARTED = "portal_session_started"
SEEN = "portal_session_seen"
# The last-seen time is written at most this often (a session save per minute, not per
# request).
SEEN_RESOLUTION = 60


def idle_limit_seconds(user) -> int:
    """Ministry staff and administrators are logged out sooner when idle."""
    staff = user.is_staff or user.is_superuser or user.is_portal_staff
    minutes = settings.SESSION_IDLE_MINUTES_STAFF if staff else settings.SESSION_IDLE_MINUTES
    return minutes * 60


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(STARTED)
            seen = session.get(SEEN)
            if started is None or seen is None:  # a session from before this rule
                session[STARTED] = started = now
                session[SEEN] = seen = now
            if now - seen > idle_limit_seconds(user):
                logout(request)
                messages.info(
                    request,
                    _("You were logged out because you were inactive for a while."),
                )
            elif now - started > settings.SESSION_MAX_AGE_HOURS * 3600:
                logout(request)
                messages.info(request, _("You were logged out: please log in again."))
            elif now - seen >= SEEN_RESOLUTION:
                session[SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """After the password, ministry staff and administrators confirm the login with their
    second factor before anything else (`second_factor.must_use`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from portal.accounts import second_factor

        if second_factor.must_use(request) and not request.user.is_verified():
            open_paths = (
                reverse("accounts:second-factor"),
                reverse("accounts:second-factor-setup"),
                "/account/beveiligingssleutel/",  # security keys (django-otp-webauthn)
                reverse("accounts:logout"),
                reverse("set-language"),
                settings.STATIC_URL,
                "/healthz",
            )
            if not request.path.startswith(open_paths):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {
                            "type": "about:blank",
                            "title": _("Confirm your login with your second factor first."),
                            "status": 403,
                        },
                        status=403,
                        content_type="application/problem+json",
                    )
                target = (
                    "accounts:second-factor"
                    if second_factor.has_app(request.user)
                    else "accounts:second-factor-setup"
                )
                nxt = request.get_full_path() if request.method == "GET" else ""
                return redirect(f"{reverse(target)}?{urlencode({'next': nxt})}")
        return self.get_response(request)
