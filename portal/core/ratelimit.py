"""Who is asking, and how often: the client's address and rate limits for pages.

The client address is read in one place (`client_ip`) for the API throttles, django-axes
and the page limits below. Behind a proxy, `TRUSTED_PROXY_COUNT` says how many proxies
append to `X-Forwarded-For`; the address is the one the outermost trusted proxy saw, so
whatever a client writes into the header itself is ignored. Without trusted proxies the
header is not read at all.

Page limits use DRF's throttle (a sliding window kept in the shared cache, so all web
processes count together) and answer 429 with `Retry-After` and a page that says when
to try again. Each limited action has rates per key in `settings.RATE_LIMITS`, e.g.
`"login": {"ip": "60/h", "account": "10/h"}`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle


def client_ip(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or behind `TRUSTED_PROXY_COUNT` proxies the
    entry of X-Forwarded-For that the outermost trusted proxy appended."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR", "") or ""
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return remote
    forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if not forwarded:
        return remote
    return forwarded[-trusted] if len(forwarded) >= trusted else forwarded[0]


def axes_client_ip(request: Any) -> str:
    """For django-axes (`AXES_CLIENT_IP_CALLABLE`)."""
    return client_ip(request)


class _Window(SimpleRateThrottle):
    """One action's limit for one key (an address, an account, a person)."""

    def __init__(self, scope: str, key: str, ident: str) -> None:
        self.scope = scope
        self.rate = settings.RATE_LIMITS[scope][key]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        self._key = f"ratelimit:{scope}:{key}:{digest}"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self._key


def _ident(request: HttpRequest, key: str, field: str | None) -> str | None:
    if key == "ip":
        return client_ip(request)
    if key == "user":
        user = getattr(request, "user", None)
        return str(user.pk) if user is not None and user.is_authenticated else None
    if key == "account":  # what was typed as the account: an e-mail address
        value = request.POST.get(field or "email", "") if request.method == "POST" else ""
        return value.strip().lower() or None
    raise ValueError(f"unknown rate-limit key {key!r}")


def over_limit(request: HttpRequest, scope: str, field: str | None = None) -> int | None:
    """Count this request against each of the scope's limits; the seconds to wait when
    one of them is exhausted, else None."""
    windows = []
    for key in settings.RATE_LIMITS[scope]:
        ident = _ident(request, key, field)
        if ident is not None:
            windows.append(_Window(scope, key, ident))
    waits = []
    for window in windows:
        if not window.allow_request(request, None):
            waits.append(window.wait() or window.duration)
    if waits:
        return max(1, math.ceil(max(waits)))
    return None


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    minutes = max(1, math.ceil(wait / 60))
    response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


def rate_limit(
    scope: str, *, methods: Iterable[str] = ("POST",), field: str | None = None
) -> Callable:
    """Limit a view's requests of `methods` by the scope's keys (see the module)."""
    limited = {m.upper() for m in methods}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in limited:
                wait = over_limit(request, scope, field)
                if wait is not None:
                    return too_many(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
