from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.catalogue, name="list"),
    path("export/<str:fmt>/", views.catalogue_export, name="export"),
    path("nieuw/", views.agreement_create, name="create"),
    path("naleving/", views.compliance, name="compliance"),
    path("naleving/export/<str:fmt>/", views.compliance_export, name="compliance-export"),
    path("naleving/vastleggen/", views.compliance_create, name="compliance-create"),
    path("releases/", views.releases, name="releases"),
    path("releases/export/<str:fmt>/", views.releases_export, name="releases-export"),
    path("releases/nieuw/", views.release_create, name="release-create"),
    path("releases/vergelijk/", views.release_compare, name="release-compare"),
    path("releases/<str:number>/", views.release_detail, name="release-detail"),
    path("releases/<str:number>/bewerken/", views.release_edit, name="release-edit"),
    path("releases/<str:number>/indienen/", views.release_submit, name="release-submit"),
    path("releases/<str:number>/toetsen/", views.release_review, name="release-review"),
    path("releases/<str:number>/publiceren/", views.release_publish, name="release-publish"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/vergelijk/", views.compare_versions, name="compare"),
    path("<str:code>/bewerken/", views.agreement_edit, name="edit"),
    path("<str:code>/nieuwe-versie/", views.version_create, name="version-create"),
    path("<str:code>/herbeoordelen/", views.reassess, name="reassess"),
    path("<str:code>/intrekken/", views.agreement_withdraw, name="withdraw"),
    path("<str:code>/andere-stelsels/", views.harmonisations, name="harmonisations"),
]
