from __future__ import annotations

from django.conf import settings

API_PREFIX = "/api/"


class ApiHeadersMiddleware:
    """NL API Design Rules: every API response names the full API version. (CORS is
    django-cors-headers' work, for /api/ only: see CORS_* in the settings.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["API-Version"] = settings.API_VERSION
            limit = getattr(request, "rate_limit", None)
            if limit is not None:
                # IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), in
                # their widely read separate form, and the policy behind them.
                quota, remaining, reset, window = limit
                response["RateLimit-Limit"] = str(quota)
                response["RateLimit-Remaining"] = str(remaining)
                response["RateLimit-Reset"] = str(reset)
                response["RateLimit-Policy"] = f"{quota};w={window}"
        return response


class ConditionalApiMiddleware:
    """Anonymous API reads that browsers and caches may keep and revalidate.

    A request without a session cookie or credentials gets the public answer, the same for
    everyone: it carries an ETag made from the data version (moved on by every audited
    change, portal/core/freshness.py), the minute (phases follow the clock), the address
    and the negotiated format (the API always speaks English), `Cache-Control: public` and
    no `Vary: Cookie`.
    Asked again with that ETag it answers 304 before any view runs. A request with a
    session is answered privately (`Cache-Control: private`, `Vary: Cookie`), so a shared
    cache never hands a person's answer to someone else.
    """

    MAX_AGE = 60

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _anonymous(request) -> bool:
        return (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "Authorization" not in request.headers
        )

    def _etag(self, request, version: int) -> str:
        import hashlib
        import time

        parts = [
            str(version),
            str(int(time.time() // 60)),
            request.get_full_path(),
            request.headers.get("Accept", ""),
        ]
        return 'W/"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32] + '"'

    @staticmethod
    def _last_modified() -> int:
        """When the answer may last have changed: the data's last change, or the start of
        this minute (phases follow the clock, as the ETag does), whichever is later; now,
        when the time of the last change is not known."""
        import time

        from portal.core import freshness

        now = int(time.time())
        changed = freshness.changed_at()
        if changed is None:
            return now
        return max(int(changed), now - now % 60)

    def _public(self, response, etag: str, last_modified: int) -> None:
        from django.utils.cache import patch_cache_control
        from django.utils.http import http_date

        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=self.MAX_AGE)
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        kept = [v for v in vary if v.lower() != "cookie"]
        if "accept" not in {v.lower() for v in kept}:
            kept.append("Accept")
        response["Vary"] = ", ".join(kept)

    @staticmethod
    def _not_modified(request, etag: str, last_modified: int) -> bool:
        """If-None-Match decides when given (RFC 9110 §13.2.2); If-Modified-Since only
        without it."""
        from django.utils.cache import parse_etags
        from django.utils.http import parse_http_date_safe

        if "If-None-Match" in request.headers:
            asked = parse_etags(request.headers["If-None-Match"])
            return etag in asked or etag.removeprefix("W/") in asked
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return since is not None and since >= last_modified

    def __call__(self, request):
        from django.http import HttpResponseNotModified
        from django.utils.cache import patch_cache_control

        from portal.core import freshness

        if not request.path.startswith(API_PREFIX) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if not self._anonymous(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response
        version = freshness.current()
        if version is None:
            return self.get_response(request)
        etag = self._etag(request, version)
        last_modified = self._last_modified()
        if self._not_modified(request, etag, last_modified):
            response = HttpResponseNotModified()
            self._public(response, etag, last_modified)
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.user.is_authenticated
        ):
            self._public(response, etag, last_modified)
            # Without a session cookie the answer did not depend on the (empty) session
            # that authentication looked at: the session middleware need not add
            # `Vary: Cookie` for it.
            session = getattr(request, "session", None)
            if session is not None and not session.modified:
                session.accessed = False
        return response
