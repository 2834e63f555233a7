from django.urls import path

from portal.api.registry import router
from portal.api.views import ApiDocsView, ApiRootView, OpenApiView

app_name = "api"

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
    path("docs", ApiDocsView.as_view(url_name="api:openapi"), name="docs"),
    *router.urls,
]
