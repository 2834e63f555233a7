from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
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
class ApiDocsView(SpectacularSwaggerSplitView):
    pass
