from __future__ import annotations

import structlog
from django.conf import settings
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
