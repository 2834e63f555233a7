"""Admin edits are history too: each save carries a dotted change reason."""

from __future__ import annotations

from simple_history.admin import SimpleHistoryAdmin

from portal.core.services import set_reason


def _reason(obj, verb: str) -> str:
    return f"admin.{obj._meta.model_name}.{verb}"


class AuditedAdminMixin(SimpleHistoryAdmin):
    def save_model(self, request, obj, form, change):
        set_reason(obj, _reason(obj, "changed" if change else "created"))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Many-to-many changes (roles) are recorded with the parent's reason.
        set_reason(form.instance, _reason(form.instance, "roles_changed"))
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        set_reason(obj, _reason(obj, "deleted"))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One by one, so every deletion is a history row with its reason.
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            set_reason(obj, _reason(obj, "deleted"))
            obj.delete()
        for obj in instances:
            set_reason(obj, _reason(obj, "changed" if obj.pk else "created"))
            obj.save()
        formset.save_m2m()
