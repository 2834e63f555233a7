from django.urls import path

from roadmap.adoption import views

app_name = "adoption"

urlpatterns = [
    path("", views.register, name="register"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("nieuw/", views.figure_create, name="figure-create"),
    path("<int:pk>/bewerken/", views.figure_edit, name="figure-edit"),
    path("<int:pk>/verwijderen/", views.figure_remove, name="figure-remove"),
    path("doelen/nieuw/", views.target_create, name="target-create"),
    path("doelen/<int:pk>/bewerken/", views.target_edit, name="target-edit"),
]
