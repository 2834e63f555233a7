from __future__ import annotations

from django.conf import settings

API_PREFIX = "/api/"


class ApiHeadersMiddleware:
    """NL API Design Rules: every API response names the full API version.

    The read API is public and cookie-less from other origins, so it allows any origin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["API-Version"] = settings.API_VERSION
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "API-Version"
        return response
