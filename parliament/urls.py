from django.urls import path

from parliament import views

app_name = "parliament"

urlpatterns = [
    path("", views.register, name="register"),
    path("nieuw/", views.create, name="create"),
    path("rapportage/", views.report, name="report"),
    path("rapportage/pdf/", views.report_pdf, name="report-pdf"),
    path("<int:pk>/", views.detail, name="commitment"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/vervuld/", views.fulfil, name="fulfil"),
    path("<int:pk>/<slug:verb>/", views.step, name="step"),
]
