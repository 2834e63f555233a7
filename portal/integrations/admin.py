"""Administrators register integrator clients and event subscriptions here; both go
through the integrations services (the same checks and audit as everywhere)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken
from simple_history.admin import SimpleHistoryAdmin

from portal.integrations import services
from portal.integrations.delivery import check_callback_url
from portal.integrations.models import ApiClient, EventDelivery, EventSubscription
from portal.integrations.registry import BINDINGS, event_choices, scope_choices


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=scope_choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiClient
        fields = ["name", "contact_email", "role", "organisation", "scopes", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for binding in BINDINGS.values():
            self.fields[f"binding_{binding.name}"] = forms.ModelMultipleChoiceField(
                label=binding.label,
                queryset=binding.choices(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            if self.instance.pk:
                self.fields[f"binding_{binding.name}"].initial = list(
                    binding.read(self.instance.account)
                )
        if self.instance.pk:
            for name in ("name", "contact_email", "role"):
                self.fields[name].disabled = True

    def bindings(self) -> dict:
        return {name: list(self.cleaned_data.get(f"binding_{name}") or []) for name in BINDINGS}


# Applications and tokens are made through API clients only (with their account, scopes
# and bindings); django-oauth-toolkit's own admin pages would bypass that.
for _model in (Application, AccessToken, Grant, IDToken, RefreshToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(ApiClient)
class ApiClientAdmin(SimpleHistoryAdmin):
    form = ApiClientForm
    list_display = ["name", "role", "organisation", "is_active", "client_id", "created_at"]
    list_filter = ["is_active", "role"]
    search_fields = ["name", "contact_email", "application__client_id"]
    readonly_fields = ["client_id", "created_at"]
    actions = ["renew_secret"]

    def get_fields(self, request, obj=None):
        fields = [*ApiClientForm.Meta.fields, *(f"binding_{n}" for n in BINDINGS)]
        return [*fields, "client_id", "created_at"] if obj else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The binding fields are the form's own (from the domains' registry), not the model's.
        kwargs["fields"] = ApiClientForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description=_("client id"))
    def client_id(self, obj):
        return obj.application.client_id if obj and obj.pk else ""

    def save_model(self, request, obj, form, change):
        try:
            if change:
                saved = services.client_update(
                    actor=request.user,
                    client=obj,
                    lock_version=ApiClient.objects.get(pk=obj.pk).lock_version,
                    scopes=form.cleaned_data["scopes"],
                    is_active=form.cleaned_data["is_active"],
                    organisation=form.cleaned_data["organisation"],
                    bindings=form.bindings(),
                )
            else:
                saved, secret = services.client_register(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    contact_email=form.cleaned_data["contact_email"],
                    role=form.cleaned_data["role"],
                    scopes=form.cleaned_data["scopes"],
                    organisation=form.cleaned_data["organisation"],
                    bindings=form.bindings(),
                )
                messages.warning(
                    request,
                    gettext(
                        "Client id: %(id)s — client secret: %(secret)s. Pass the secret on "
                        "securely now: it is not shown again."
                    )
                    % {"id": saved.application.client_id, "secret": secret},
                )
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
            raise
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_state")})

    def save_related(self, request, form, formsets, change):
        """Scopes and bindings were saved by the service."""

    @admin.action(description=_("Give the selected clients a new secret"))
    def renew_secret(self, request, queryset):
        for client in queryset:
            secret = services.client_new_secret(actor=request.user, client=client)
            messages.warning(
                request,
                gettext("New secret for %(name)s: %(secret)s (not shown again).")
                % {"name": client.name, "secret": secret},
            )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: its history stays


class EventSubscriptionForm(forms.ModelForm):
    callback_url = forms.URLField(label=_("callback URL"), max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        label=_("event types"), choices=event_choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = EventSubscription
        fields = ["name", "client", "callback_url", "event_types", "is_active"]

    def clean_callback_url(self):
        url = self.cleaned_data["callback_url"]
        try:
            check_callback_url(url)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return url


class DeliveryInline(admin.TabularInline):
    model = EventDelivery
    extra = 0
    max_num = 0
    can_delete = False
    fields = [
        "created_at",
        "event_type",
        "status",
        "attempts",
        "response_status",
        "last_error",
        "delivered_at",
        "next_attempt_at",
    ]
    readonly_fields = fields
    ordering = ["-created_at"]
    verbose_name_plural = _("deliveries (the log)")

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-created_at")


@admin.register(EventSubscription)
class EventSubscriptionAdmin(SimpleHistoryAdmin):
    form = EventSubscriptionForm
    list_display = ["name", "client", "callback_url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "callback_url"]
    readonly_fields = ["secret", "created_at"]
    inlines = [DeliveryInline]

    def get_fields(self, request, obj=None):
        fields = list(EventSubscriptionForm.Meta.fields)
        return [*fields, "secret", "created_at"] if obj else fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = services.subscription_update(
                actor=request.user,
                subscription=obj,
                lock_version=EventSubscription.objects.get(pk=obj.pk).lock_version,
                name=data["name"],
                callback_url=data["callback_url"],
                event_types=data["event_types"],
                is_active=data["is_active"],
            )
        else:
            saved = services.subscription_create(
                actor=request.user,
                name=data["name"],
                callback_url=data["callback_url"],
                event_types=data["event_types"],
                client=data.get("client"),
            )
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_state")})

    def save_formset(self, request, form, formset, change):
        """The delivery log is written by the workers only."""
