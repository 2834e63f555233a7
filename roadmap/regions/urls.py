from django.urls import path

from roadmap.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.register, name="register"),
    path("export/<str:fmt>/", views.register_export, name="export"),
    path("mijn/", views.workspace, name="workspace"),
    path("cds/", views.cds, name="cds"),
    path("initiatieven/nieuw/", views.initiative_create, name="initiative-create"),
    path("initiatieven/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("initiatieven/<slug:slug>/bewerken/", views.initiative_edit, name="initiative-edit"),
    path("initiatieven/<slug:slug>/afstemming/", views.review_create, name="review-create"),
    path("initiatieven/<slug:slug>/aanvraag/", views.application_create, name="application-create"),
    path("afstemming/<int:pk>/reactie/", views.review_respond, name="review-respond"),
    path("rapportages/<int:pk>/", views.report_edit, name="report"),
    path("regelingen/", views.schemes, name="schemes"),
    path("regelingen/nieuw/", views.scheme_create, name="scheme-create"),
    path("regelingen/export/<str:fmt>/", views.schemes_export, name="schemes-export"),
    path("regelingen/<slug:slug>/", views.scheme_detail, name="scheme"),
    path("regelingen/<slug:slug>/bewerken/", views.scheme_edit, name="scheme-edit"),
    path("regelingen/<slug:slug>/oproepen/nieuw/", views.call_create, name="call-create"),
    path("regelingen/<slug:slug>/oproepen/<int:pk>/bewerken/", views.call_edit, name="call-edit"),
    path("regelingen/<slug:slug>/criteria/", views.scheme_criteria, name="scheme-criteria"),
    path("aanvragen/<int:pk>/", views.application_detail, name="application"),
    path("aanvragen/<int:pk>/bewerken/", views.application_edit, name="application-edit"),
    path("aanvragen/<int:pk>/antwoorden/", views.application_answers, name="application-answers"),
    path("aanvragen/<int:pk>/beoordelen/", views.application_assess, name="application-assess"),
    path("aanvragen/<int:pk>/besluit/", views.application_decide, name="application-decide"),
    path(
        "aanvragen/voorwaarden/<int:pk>/opvolging/",
        views.condition_follow_up,
        name="condition-follow-up",
    ),
    path("bijlagen/<int:pk>/", views.attachment_download, name="attachment"),
]
