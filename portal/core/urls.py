from django.urls import path

from portal.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.page, {"template": "accessibility"}, name="accessibility"),
    path("privacy/", views.page, {"template": "privacy"}, name="privacy"),
    path("contact/", views.page, {"template": "contact"}, name="contact"),
    path("portfolio/", views.section, {"key": "portfolio"}, name="section-portfolio"),
    path("pilots/", views.section, {"key": "pilots"}, name="section-pilots"),
    path("regios/", views.section, {"key": "regios"}, name="section-regions"),
    path("consultaties/", views.section, {"key": "consultaties"}, name="section-consultations"),
    path("dashboards/", views.section, {"key": "dashboards"}, name="section-dashboards"),
]
