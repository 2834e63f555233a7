from django.urls import path

from roadmap.portfolio import views

app_name = "portfolio"

# Mounted at the site root: the portfolio under /portfolio/, pilots under /pilots/.
urlpatterns = [
    path("portfolio/", views.index, name="index"),
    path(
        "portfolio/export/programmas/<str:fmt>/", views.programmes_export, name="programmes-export"
    ),
    path("portfolio/programmas/<slug:slug>/", views.programme_detail, name="programme"),
    path("portfolio/tranches/<slug:slug>/", views.tranche_detail, name="tranche"),
    path("portfolio/mijlpalen/", views.milestones, name="milestones"),
    path(
        "portfolio/mijlpalen/export/<str:fmt>/", views.milestones_export, name="milestones-export"
    ),
    path("portfolio/besluiten/", views.decisions, name="decisions"),
    path("portfolio/aanbevelingen/", views.recommendations, name="recommendations"),
    path("portfolio/tijdlijn/", views.gantt, name="gantt"),
    path("portfolio/tijdlijn/data/", views.gantt_data, name="gantt-data"),
    path("portfolio/risicos/", views.risks, name="risks"),
    path("portfolio/overleg/", views.meeting, name="meeting"),
    path("portfolio/overleg/pdf/", views.meeting_pdf, name="meeting-pdf"),
    path("portfolio/beheer/<str:kind>/nieuw/", views.edit, name="create"),
    path("portfolio/beheer/<str:kind>/<int:pk>/", views.edit, name="edit"),
    path(
        "portfolio/beheer/<str:kind>/<int:pk>/publicatie/",
        views.publication,
        name="publication",
    ),
    path("portfolio/beheer/<str:kind>/<int:pk>/verschuif/", views.reschedule, name="reschedule"),
    path("pilots/", views.pilots, name="pilots"),
    path("pilots/<slug:slug>/", views.pilot_detail, name="pilot"),
]
