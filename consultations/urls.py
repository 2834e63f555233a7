from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("mijn-reacties/", views.my_comments, name="mine"),
    path("reacties/<int:pk>/wijzigen/", views.comment_edit, name="comment-edit"),
    path("reacties/<int:pk>/intrekken/", views.comment_withdraw, name="comment-withdraw"),
    path("reacties/<int:pk>/verbergen/", views.hide, name="comment-hide"),
    path("bijlagen/<int:pk>/", views.attachment_download, name="attachment"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/secties/<int:section_id>/", views.section_comments, name="section"),
    path("<slug:slug>/bewerken/", views.edit, name="edit"),
    path("<slug:slug>/plannen/", views.schedule, name="schedule"),
    path("<slug:slug>/nieuwe-versie/", views.new_version, name="version"),
    path("<slug:slug>/antwoorden/", views.answers, name="answers"),
    path("<slug:slug>/documenten/nieuw/", views.document_add, name="document-add"),
    path("<slug:slug>/documenten/<int:pk>/", views.document_download, name="document"),
    path(
        "<slug:slug>/documenten/<int:pk>/verwijderen/",
        views.document_remove,
        name="document-remove",
    ),
    path("<slug:slug>/sessies/nieuw/", views.session_create, name="session-create"),
    path("<slug:slug>/sessies/<int:pk>/", views.session_detail, name="session"),
    path("<slug:slug>/sessies/<int:pk>/bewerken/", views.session_edit, name="session-edit"),
    path(
        "<slug:slug>/sessies/<int:pk>/aanmelden/", views.session_register, name="session-register"
    ),
    path(
        "<slug:slug>/sessies/<int:pk>/afmelden/",
        views.session_unregister,
        name="session-unregister",
    ),
    path("<slug:slug>/sessies/<int:pk>/verslag/", views.session_record, name="session-record"),
    path("<slug:slug>/verslag/", views.report, name="report"),
    path("<slug:slug>/verslag/publiceren/", views.publish_report, name="report-publish"),
    path("<slug:slug>/verslag/reacties.csv", views.report_csv, name="report-csv"),
    path("<slug:slug>/verslag/verslag.pdf", views.report_pdf, name="report-pdf"),
    path("<slug:slug>/verslag/pdf-status/", views.report_pdf_status, name="report-pdf-status"),
    path("<slug:slug>/verslag/pdf-maken/", views.report_pdf_generate, name="report-pdf-generate"),
]
