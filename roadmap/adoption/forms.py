"""Forms of adoption monitoring."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from portal.core.forms import DATE, IdempotentForm, LockedForm
from roadmap.models import Exchange, Indicator


class SubjectFields(forms.Form):
    """An exchange or an agreement (exactly one), chosen or given by the page."""

    exchange = forms.ModelChoiceField(
        label=_("Exchange"),
        required=False,
        queryset=Exchange.objects.order_by("number"),
        empty_label=_("— none —"),
    )
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        required=False,
        queryset=Agreement.objects.published().order_by("code"),
        to_field_name="code",
        empty_label=_("— none —"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if "exchange" not in self.fields:  # editing: the subject stays
            return data
        if (data.get("exchange") is None) == (data.get("agreement") is None):
            raise forms.ValidationError(_("Choose an exchange or an agreement, not both."))
        return data


class FigureForm(IdempotentForm, LockedForm, SubjectFields):
    """Records a figure (with its subject) or corrects one (`editing`: no subject)."""

    indicator = forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices)
    value = forms.IntegerField(label=_("Value"), min_value=0, max_value=10_000_000)
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("Where the figure comes from, for example: NTV report, third quarter 2026."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["exchange"], self.fields["agreement"]
        else:
            del self.fields["lock_version"]


class TargetForm(IdempotentForm, LockedForm, SubjectFields):
    indicator = forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices)
    value = forms.IntegerField(label=_("Target value"), min_value=1, max_value=10_000_000)
    target_date = forms.DateField(label=_("To be reached by"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["exchange"], self.fields["agreement"], self.fields["indicator"]
        else:
            del self.fields["lock_version"]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    indicator = forms.ChoiceField(
        label=_("Indicator"),
        required=False,
        choices=[("", _("Every indicator")), *Indicator.choices],
    )
    kind = forms.ChoiceField(
        label=_("About"),
        required=False,
        choices=[
            ("", _("Exchanges and agreements")),
            ("exchange", _("Exchanges")),
            ("agreement", _("Agreements")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("value", _("Highest value")),
        ],
    )
