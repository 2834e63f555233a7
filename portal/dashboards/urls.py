from django.urls import path

from portal.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("data/<slug:key>.csv", views.chart_csv, name="csv"),
    path("grafiek/<slug:key>/", views.chart_page, name="chart"),
    # Subjects are registered by the domains (see portal.dashboards.impact).
    path(
        "impact/afspraak/<str:value>/",
        views.impact_page,
        {"subject": "agreement"},
        name="impact-agreement",
    ),
    path(
        "impact/uitwisseling/<int:value>/",
        views.impact_page,
        {"subject": "exchange"},
        name="impact-exchange",
    ),
    path(
        "impact/programma/<slug:value>/",
        views.impact_page,
        {"subject": "programme"},
        name="impact-programme",
    ),
    path(
        "impact/standaard/<slug:value>/",
        views.impact_page,
        {"subject": "standard"},
        name="impact-standard",
    ),
]
