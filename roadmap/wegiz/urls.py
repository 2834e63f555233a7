from django.urls import path

from roadmap.wegiz import views

app_name = "wegiz"

urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("export/<str:fmt>/", views.agenda_export, name="export"),
    path("tijdlijn/", views.timeline, name="timeline"),
    path("actualisaties/", views.updates, name="updates"),
    path("actualisaties/nieuw/", views.update_publish, name="update-publish"),
    path("actualisaties/<int:pk>/", views.update_detail, name="update"),
    path("actualisaties/<int:pk>/intrekken/", views.update_withdraw, name="update-withdraw"),
    path("fasewijzigingen/<int:pk>/vervallen/", views.phase_void, name="phase-void"),
    path("uitwisselingen/nieuw/", views.exchange_create, name="exchange-create"),
    path("uitwisselingen/<int:number>/", views.exchange_detail, name="exchange"),
    path("uitwisselingen/<int:number>/bewerken/", views.exchange_edit, name="exchange-edit"),
    path("uitwisselingen/<int:number>/fase/", views.phase_change, name="phase-change"),
    path("uitwisselingen/<int:number>/aanwijzing/", views.designation, name="designation"),
    path("uitwisselingen/<int:number>/onderzoek/", views.study, name="study"),
    path("intake/", views.intake, name="intake"),
    path("intake/rondes/nieuw/", views.round_create, name="round-create"),
    path("intake/rondes/<int:pk>/<str:step>/", views.round_step, name="round-step"),
    path("intake/voorstellen/nieuw/", views.proposal_create, name="proposal-create"),
    path("intake/voorstellen/<int:pk>/", views.proposal_detail, name="proposal"),
    path("intake/voorstellen/<int:pk>/bewerken/", views.proposal_edit, name="proposal-edit"),
    path("intake/voorstellen/<int:pk>/beoordelen/", views.proposal_assess, name="proposal-assess"),
    path("intake/voorstellen/<int:pk>/besluit/", views.proposal_decide, name="proposal-decide"),
]
