from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from portal.api.registry import router
from portal.api.views import ApiRootView, OpenApiView

app_name = "api"

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="api:openapi"), name="docs"),
    *router.urls,
]
