"""Forms of the register of commitments and motions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parliament.models import Commitment
from parliament.selectors import OVERDUE, SORTS
from portal.core.forms import DATE, IdempotentForm, LockedForm


class CommitmentForm(IdempotentForm, LockedForm):
    """Creates one (no lock version yet) or edits one (`editing`, with its lock version)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Commitment.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was promised or asked, in our own words."),
    )
    source = forms.ChoiceField(label=_("Source"), choices=Commitment.Source.choices)
    source_title = forms.CharField(
        label=_("Source document or debate"),
        max_length=250,
        help_text=_("For example the letter's title or the debate's name."),
    )
    kamerstuk = forms.CharField(
        label=_("Kamerstuk number"),
        max_length=40,
        required=False,
        help_text=_("For example 27529-331 (dossier and number)."),
    )
    source_date = forms.DateField(label=_("Date of the source"), widget=DATE)
    submitters = forms.CharField(
        label=_("Submitted by"),
        max_length=200,
        required=False,
        help_text=_("For a motion: its first signatories, e.g. “De Vries c.s.”."),
    )
    owner = forms.CharField(
        label=_("Owner"),
        max_length=200,
        help_text=_("The directorate or programme that answers it."),
    )
    due = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    exchanges = forms.ModelMultipleChoiceField(
        label=_("Wegiz exchanges"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    milestones = forms.ModelMultipleChoiceField(
        label=_("Milestones"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.apps import apps

        self.fields["programmes"].queryset = apps.get_model("roadmap.Programme").objects.order_by(
            "name"
        )
        self.fields["exchanges"].queryset = apps.get_model("roadmap.Exchange").objects.order_by(
            "number"
        )
        self.fields["agreements"].queryset = apps.get_model(
            "agreements.Agreement"
        ).objects.order_by("code")
        self.fields["milestones"].queryset = apps.get_model("roadmap.Milestone").objects.order_by(
            "date"
        )
        if not editing:
            del self.fields["lock_version"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source_date, due = data.get("source_date"), data.get("due")
        if source_date and due and due < source_date:
            self.add_error("due", _("The due date cannot lie before the date of the source."))
        return data


class FulfilForm(LockedForm):
    by = forms.CharField(
        label=_("Fulfilled by"),
        max_length=300,
        help_text=_("The letter or document that fulfils it, e.g. “Voortgangsbrief GIS 2026”."),
    )
    on = forms.DateField(label=_("Date of that letter or document"), widget=DATE)
    url = forms.URLField(label=_("Link to that document"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        return on


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Commitment.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Every status")),
            *Commitment.Status.choices,
            (OVERDUE, _("Overdue")),
        ],
    )
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("due", _("Due date, earliest first")),
            ("-due", _("Due date, latest first")),
            ("source", _("Source, newest first")),
            ("title", _("Title")),
        ],
    )

    def clean_sort(self):
        sort = self.cleaned_data.get("sort") or "due"
        return sort if sort in SORTS else "due"


class ReportDateForm(forms.Form):
    datum = forms.DateField(label=_("Report date"), required=False, widget=DATE)
    vorige = forms.DateField(label=_("Previous report (compare with)"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        day, since = data.get("datum"), data.get("vorige")
        if day and since and since >= day:
            self.add_error("vorige", _("The previous report lies before the report date."))
        return data
