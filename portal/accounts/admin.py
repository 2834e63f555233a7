from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from portal.accounts import services
from portal.accounts.forms import AdminUserChangeForm, AdminUserCreationForm
from portal.accounts.models import AccessRequest, Membership, Organisation, User
from portal.audit.admin import AuditedAdminMixin
from portal.core.exceptions import WorkflowError
from portal.core.services import set_reason

NOT_ALLOWED = _("You may not do this.")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["email", "full_name"]
    filter_horizontal = ["groups"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        (_("Roles"), {"fields": ["groups"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may hand out superuser rights.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly

    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (set up again at the next login)"))
    def reset_second_factor(self, request, queryset):
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice
        from django_otp_webauthn.models import WebAuthnCredential

        done = 0
        for user in queryset:
            if not self.has_change_permission(request, user):
                self.message_user(request, f"{user}: {NOT_ALLOWED}", level="error")
                continue
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            WebAuthnCredential.objects.filter(user=user).delete()
            set_reason(user, "admin.user.second_factor_reset")
            user.save(update_fields=["full_name"])
            done += 1
        if done:
            self.message_user(request, _("%(n)d second factor(s) reset.") % {"n": done})

    def has_change_permission(self, request, obj=None):
        # Only a superuser changes a superuser (their details, password or roles).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # Groups the requester may not grant are kept as they were, never removed by the
        # form (the form only offers the grantable ones).
        super().save_related(request, form, formsets, change)
        if not request.user.is_superuser and form.instance.pk:
            kept = form.initial.get("groups") or []
            ungrantable = Group.objects.filter(pk__in=[getattr(g, "pk", g) for g in kept]).exclude(
                pk__in=grantable_groups(request.user)
            )
            if ungrantable:
                form.instance.groups.add(*ungrantable)


def grantable_groups(user):
    """The groups `user` may give to someone: all for a superuser; otherwise those whose
    permissions the user holds themselves (the portal's roles other than administrator
    carry no model permissions; their rights come from rules)."""
    groups = Group.objects.order_by("name")
    if user.is_superuser:
        return groups
    held = user.get_all_permissions()
    allowed = [
        group.pk
        for group in groups.prefetch_related("permissions__content_type")
        if {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} <= held
    ]
    return groups.filter(pk__in=allowed)


admin.site.unregister(Group)


def _unregister_device_admins() -> None:
    """The devices' own admin pages show their secret keys; an administrator resets a
    person's second factor with the action on the user instead."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_device_admins()


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Groups are the portal's roles; only a superuser changes them or their permissions,
    so that nobody can give a role more rights than they hold themselves."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "reports_adoption", "is_fictional"]
    list_filter = ["kind", "reports_adoption", "is_fictional"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "job_title"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(AccessRequest)
class AccessRequestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Approve or refuse: choose the organisation, save, then the action."""

    list_display = ["user", "organisation_named", "organisation", "roles", "status", "created_at"]
    list_filter = ["status", "source"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "organisation_named", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fields = [
        "user",
        "organisation_named",
        "organisation",
        "roles",
        "source",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    actions = ["approve", "refuse"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != AccessRequest.Status.PENDING:
            return self.fields
        return [f for f in self.fields if f != "organisation"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, approve: bool) -> None:
        done = 0
        for access_request in queryset:
            try:
                services.access_request_decide(
                    actor=request.user, access_request=access_request, approve=approve
                )
                done += 1
            except WorkflowError as error:
                self.message_user(request, f"{access_request}: {error}", level="error")
            except PermissionDenied:
                self.message_user(request, f"{access_request}: {NOT_ALLOWED}", level="error")
        if done:
            self.message_user(request, _("%(n)d request(s) decided.") % {"n": done})

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Refuse the selected requests"))
    def refuse(self, request, queryset):
        self._decide(request, queryset, approve=False)
