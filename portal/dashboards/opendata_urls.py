from django.urls import path

from portal.dashboards import views

app_name = "opendata"

urlpatterns = [
    path("", views.open_data, name="index"),
    path("catalogus.jsonld", views.open_data_jsonld, name="jsonld"),
]
