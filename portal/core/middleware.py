from __future__ import annotations

import structlog
from django.conf import settings
from django.http import Http404, HttpResponseNotFound
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Dutch unless the visitor chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a Dutch
    government site opens in Dutch, and the choice is the visitor's (kept in a cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if request.path.startswith("/api/"):
            # The API speaks English to every client (NL API Design Rules): its answers do
            # not depend on the visitor's language cookie. (Only for this request: the
            # thread's language is restored afterwards.)
            request.LANGUAGE_CODE = "en"
            with translation.override("en"):
                return self.get_response(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class UnreadableInputMiddleware:
    """Refuse, with 400, a request whose address or form carries a NUL byte: no page,
    search or database can use one (PostgreSQL refuses it in text), so it is said plainly
    at the door instead of failing deep inside as a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import BadRequest
        from django.utils.translation import gettext as _

        values = [request.path]
        for query in (request.GET, request.POST if request.method == "POST" else None):
            if query is not None:
                values.extend(v for _key, items in query.lists() for v in items)
                values.extend(query.keys())
        if any("\x00" in value for value in values):
            raise BadRequest(_("The request contains a character that is not allowed (NUL)."))
        return self.get_response(request)


class RequestIdHeaderMiddleware:
    """Sends the request's id (the one on its log lines and its tasks' log lines) back as
    X-Request-ID, so a person reporting an error can quote it and operators find it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        response = self.get_response(request)
        if request_id:
            response.headers.setdefault("X-Request-ID", request_id)
        return response


class ProbeMiddleware:
    """Answers the probes (/healthz, /healthz/live, /healthz/ready) and the metrics
    scraper (/metrics) before anything reads the Host header.

    Kubernetes and Prometheus address a pod by its IP address, which is not among
    ALLOWED_HOSTS: through the normal stack every probe would answer 400. Only these four
    exact paths are served here, by the same views; /metrics still refuses whatever did
    not come straight from the cluster (portal/core/observability.py).
    """

    def __init__(self, get_response):
        from portal.core import observability, views

        self.get_response = get_response
        self.routes = {
            "/healthz": views.healthz,
            "/healthz/live": views.healthz_live,
            "/healthz/ready": views.healthz_ready,
            "/metrics": observability.metrics,
        }

    def __call__(self, request):
        view = self.routes.get(request.path_info)
        if view is None:
            return self.get_response(request)
        try:
            return view(request)
        except Http404:
            return HttpResponseNotFound(b"", content_type="text/plain")


class ConditionalPageMiddleware:
    """Anonymous pages that a browser or a cache in front may keep and revalidate.

    A public page is labelled with an ETag made from the data version (moved on by every
    audited change, portal/core/freshness.py), the minute (phases such as "open" follow
    the clock), the address, the language and the visitor's CSRF cookie (a page carries a
    token made from it). Asked again with that ETag, the page answers 304 before any view
    runs. Pages for a logged-in person, with a message to show, or of the API and admin
    are left alone, as is a first visit (its page sets the CSRF cookie).
    """

    EXCLUDED_PREFIXES = ("/api/", "/admin/", "/beheer/", "/healthz", "/metrics", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def _eligible(self, request) -> bool:
        cookies = request.COOKIES
        return (
            request.method in ("GET", "HEAD")
            and settings.CSRF_COOKIE_NAME in cookies
            and settings.SESSION_COOKIE_NAME not in cookies
            and "messages" not in cookies
            and not request.path.startswith(self.EXCLUDED_PREFIXES)
        )

    def _etag(self, request, version: int) -> str:
        import hashlib
        import time

        parts = [
            str(version),
            str(int(time.time() // 60)),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
            request.headers.get("HX-Request", ""),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        return f'W/"{digest}"'

    def __call__(self, request):
        from django.http import HttpResponseNotModified
        from django.utils.cache import parse_etags, patch_cache_control

        from portal.core import freshness

        if not self._eligible(request):
            return self.get_response(request)
        version = freshness.current()
        request.data_version = version  # read once per request (portal.core.fragments)
        if version is None:
            return self.get_response(request)
        etag = self._etag(request, version)
        asked = parse_etags(request.headers.get("If-None-Match", ""))
        if etag in asked or etag.removeprefix("W/") in asked:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("ETag")
            and not response.cookies
            and not request.user.is_authenticated
        ):
            response["ETag"] = etag
            patch_cache_control(response, private=True, no_cache=True)
        return response
