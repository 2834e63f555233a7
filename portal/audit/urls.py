from django.urls import path

from portal.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.activity, name="activity"),
    path("<str:label>/<str:object_id>/", views.object_history, name="object-history"),
]
