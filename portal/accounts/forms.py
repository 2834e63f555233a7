from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.core.forms import IdempotentForm


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with an e-mail address."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or password is not correct. Note that the password is "
            "case-sensitive."
        ),
        "inactive": _("This account is not active."),
    }


class AdminUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class AdminUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class InvitationForm(IdempotentForm):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("No organisation"),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        from portal.accounts.models import Organisation
        from portal.accounts.roles import Role

        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") != data["password1"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class AcceptInvitationForm(PasswordPairMixin):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    field_order = ["full_name", "password1", "password2"]


class RegistrationForm(PasswordPairMixin):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    full_name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation = forms.ModelChoiceField(
        label=_("I respond"),
        queryset=None,
        required=False,
        empty_label=_("as a private person"),
        help_text=_(
            "Choose your organisation to ask to act for it; one of its members or an "
            "administrator approves. Until then you respond as a private person."
        ),
    )
    field_order = ["email", "full_name", "organisation", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.accounts.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class CloseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, close my account. I understand this cannot be undone."), required=True
    )


class MembershipRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.accounts.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
