from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from portal.api.registry import api_resources


class ApiRootView(APIView):
    """The entry point of the read API: links to every collection and the documentation."""

    permission_classes = [AllowAny]
    schema = None  # not an operation of its own; the OpenAPI document lists the resources

    def get(self, request: Request) -> Response:
        links = {
            name: reverse(f"api:{basename}-list", request=request)
            for name, basename in api_resources()
        }
        links["openapi"] = reverse("api:openapi", request=request)
        links["docs"] = reverse("api:docs", request=request)
        return Response({"_links": {key: {"href": href} for key, href in links.items()}})


class OpenApiView(SpectacularJSONAPIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="openapi_retrieve",
        summary="The OpenAPI 3 description of this API",
        tags=["meta"],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="OpenAPI document")},
    )
    def get(self, request, *args, **kwargs):
        # The document is in English whatever the site's language, like the committed copy.
        with translation.override(request.GET.get("lang") or "en"):
            return super().get(request, *args, **kwargs)


# Swagger UI sets inline styles; scripts stay locked to our own files (split view).
@method_decorator(csp_update({"style-src": [UNSAFE_INLINE]}), name="dispatch")
class ApiSwaggerView(SpectacularSwaggerSplitView):
    # Our page around Swagger UI: in English (lang="en"), with a fallback without JavaScript.
    template_name = "api/swagger.html"


_METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=1)
def _operations() -> tuple[dict, list[dict]]:
    """The committed OpenAPI document (tests keep it equal to the code's), as operations
    grouped by tag, for the documentation page."""
    document = json.loads((Path(__file__).parent / "openapi.json").read_text())
    groups: dict[str, list[dict]] = {}
    for path, item in document["paths"].items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            groups.setdefault((operation.get("tags") or ["other"])[0], []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", ""),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "scopes": [
                        scope
                        for requirement in operation.get("security", [])
                        for scope in requirement.get("oauth2", [])
                    ],
                    "responses": [
                        {"status": status, "description": response.get("description", "")}
                        for status, response in operation.get("responses", {}).items()
                    ],
                }
            )
    tags = {tag["name"]: tag.get("description", "") for tag in document.get("tags", [])}
    ordered = [
        {"name": name, "description": tags.get(name, ""), "operations": groups[name]}
        for name in [*tags, *sorted(set(groups) - set(tags))]
        if name in groups
    ]
    return document["info"], ordered


def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation as a page of the site: every operation with its
    parameters and answers, readable without JavaScript and on a phone. In English, as
    the API is (marked lang="en"); Swagger UI stays available to try requests."""
    info, groups = _operations()
    return render(request, "api/docs.html", {"info": info, "groups": groups})
