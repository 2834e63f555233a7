from django.urls import path

from portal.api.registry import router
from portal.api.views import ApiRootView, ApiSwaggerView, OpenApiView, api_docs

app_name = "api"

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
    path("docs", api_docs, name="docs"),
    path("docs/swagger", ApiSwaggerView.as_view(url_name="api:openapi"), name="swagger"),
    *router().urls,
]
