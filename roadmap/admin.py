from django.contrib import admin

from portal.audit.admin import AuditedAdminMixin
from roadmap.models import Region, RegionAssignment


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RegionAssignment)
class RegionAssignmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "region"]
    list_select_related = ["user", "region"]
    list_filter = ["region"]
    autocomplete_fields = ["user", "region"]
