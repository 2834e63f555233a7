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
    path("wetgeving/export/<str:fmt>/", views.track_export, name="track-export"),
    path("wetgeving/<slug:slug>/", views.track_detail, name="track"),
    path("wetgeving/<slug:slug>/bewerken/", views.track_edit, name="track-edit"),
    path("wetgeving/<slug:slug>/procedure/", views.track_steps, name="track-steps"),
    path("wetgeving/<slug:slug>/<slug:verb>/", views.track_step, name="track-step"),
    path("adviezen/", views.advice_list, name="advice-list"),
    path("adviezen/nieuw/", views.advice_create, name="advice-create"),
    path("adviezen/opvolging/", views.follow_up_list, name="follow-ups"),
    path("adviezen/opvolging/export/<str:fmt>/", views.follow_up_export, name="follow-up-export"),
    path("adviezen/<slug:slug>/", views.advice_detail, name="advice"),
    path("adviezen/<slug:slug>/bewerken/", views.advice_edit, name="advice-edit"),
    path("adviezen/<slug:slug>/punt/nieuw/", views.item_create, name="item-create"),
    path("adviezen/<slug:slug>/punt/<int:pk>/bewerken/", views.item_edit, name="item-edit"),
    path("adviezen/<slug:slug>/punt/<int:pk>/<slug:verb>/", views.item_step, name="item-step"),
    path("adviezen/<slug:slug>/<slug:verb>/", views.advice_step, name="advice-step"),
    path("<int:pk>/", views.detail, name="commitment"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/vervuld/", views.fulfil, name="fulfil"),
    path("<int:pk>/<slug:verb>/", views.step, name="step"),
]
