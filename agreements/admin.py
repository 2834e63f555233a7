"""Reference lists (agreement systems, standards, compliance records) are kept in the admin.

Agreements and releases have their own pages with the workflow; the admin shows them
read-only so that no one bypasses review, locking or history reasons.
"""

from django.contrib import admin

from agreements.models import (
    Agreement,
    AgreementSystem,
    ComplianceRecord,
    Harmonisation,
    Release,
    Standard,
)
from portal.audit.admin import AuditedAdminMixin


@admin.register(AgreementSystem)
class AgreementSystemAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "is_national"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Standard)
class StandardAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "maintainer"]
    list_select_related = ["maintainer"]
    search_fields = ["name", "code"]


@admin.register(Harmonisation)
class HarmonisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["agreement", "system", "relation", "since"]
    list_select_related = ["agreement", "system"]
    autocomplete_fields = ["agreement"]


@admin.register(ComplianceRecord)
class ComplianceRecordAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "version", "result", "tested_on", "valid_until"]
    list_select_related = ["organisation", "version__agreement"]
    list_filter = ["result"]


class ReadOnlyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "layer", "status"]
    search_fields = ["code", "title"]


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "status", "published_on"]
