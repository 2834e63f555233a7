from django.urls import path

from roadmap.blocks import views

app_name = "blocks"

urlpatterns = [
    path("", views.register, name="register"),
    path("nieuw/", views.create, name="create"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/bewerken/", views.edit, name="edit"),
    path("<slug:slug>/<slug:verb>/", views.step, name="step"),
]
