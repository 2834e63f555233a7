from django.urls import path

from portal.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("data/<slug:key>.csv", views.chart_csv, name="csv"),
    path("impact/afspraak/<str:code>/", views.impact_agreement, name="impact-agreement"),
    path("impact/uitwisseling/<int:number>/", views.impact_exchange, name="impact-exchange"),
    path("impact/programma/<slug:slug>/", views.impact_programme, name="impact-programme"),
    path("impact/standaard/<slug:code>/", views.impact_standard, name="impact-standard"),
]
