"""Forms of the building blocks register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from portal.core.forms import IdempotentForm, LockedForm
from roadmap.models import BuildingBlock, Pilot

SORTS = {"name": ("name", "pk"), "status": ("status", "name", "pk"), "owner": ("owner", "name")}


class BlockForm(IdempotentForm, LockedForm):
    """Creates one (no lock version yet) or edits one (`editing`, with its lock version)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Short name (in the web address)"), max_length=80)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it does, in our own words."),
    )
    owner = forms.CharField(
        label=_("Owner"), max_length=200, help_text=_("The organisation that manages it.")
    )
    generic_function = forms.ChoiceField(
        label=_("Generic function"),
        required=False,
        choices=[("", _("None")), *Agreement.Topic.choices],
    )
    status = forms.ChoiceField(label=_("Status"), choices=BuildingBlock.Status.choices)
    url = forms.URLField(label=_("Link to more information"), required=False, assume_scheme="https")
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements that specify it"),
        required=False,
        queryset=Agreement.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    pilots = forms.ModelMultipleChoiceField(
        label=_("Pilots that tested it"),
        required=False,
        queryset=Pilot.objects.order_by("title"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["lock_version"]
        else:
            del self.fields["slug"]


class BlockFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status")), *BuildingBlock.Status.choices],
    )
    function = forms.ChoiceField(
        label=_("Generic function"),
        required=False,
        choices=[("", _("Every function")), *Agreement.Topic.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("name", _("Name")), ("status", _("Status")), ("owner", _("Owner"))],
    )

    def clean_sort(self):
        sort = self.cleaned_data.get("sort") or "name"
        return sort if sort in SORTS else "name"
