from django.urls import path

from parliament import views

app_name = "parliament"

urlpatterns = [
    path("", views.register, name="register"),
    path("nieuw/", views.create, name="create"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("rapportage/", views.report, name="report"),
    path("rapportage/pdf/", views.report_pdf, name="report-pdf"),
    path("wetgeving/", views.tracks, name="tracks"),
    path("wetgeving/nieuw/", views.track_create, name="track-create"),
    path("wetgeving/<slug:slug>/", views.track_detail, name="track"),
    path("wetgeving/<slug:slug>/bewerken/", views.track_edit, name="track-edit"),
    path("wetgeving/<slug:slug>/procedure/", views.track_steps, name="track-steps"),
    path("wetgeving/<slug:slug>/<slug:verb>/", views.track_step, name="track-step"),
    path("<int:pk>/", views.detail, name="commitment"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/vervuld/", views.fulfil, name="fulfil"),
    path("<int:pk>/<slug:verb>/", views.step, name="step"),
]
