"""Forms of the register of commitments and motions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parliament.models import AdviceItem, Commitment, TrackKind
from parliament.selectors import FOLLOW_UP_SORTS, OVERDUE, SORTS
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


class TrackForm(IdempotentForm, LockedForm):
    """Creates one (no lock version yet) or edits one (`editing`, with its lock version)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=TrackKind.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    slug = forms.SlugField(label=_("Short name (in the web address)"), max_length=80)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it regulates, in our own words."),
    )
    owner = forms.CharField(label=_("Owner"), max_length=200)
    dossier = forms.CharField(
        label=_("Kamerstuk dossier"),
        max_length=40,
        required=False,
        help_text=_("For example 36702."),
    )
    parent = forms.ModelChoiceField(
        label=_("Under the act"),
        required=False,
        queryset=None,
        help_text=_("For an order in council: the act it works out."),
    )
    exchanges = forms.ModelMultipleChoiceField(
        label=_("Wegiz exchanges it designates"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    commitments = forms.ModelMultipleChoiceField(
        label=_("Commitments and motions"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    consultations = forms.ModelMultipleChoiceField(
        label=_("Consultations about it"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.apps import apps

        from parliament.models import LegislativeTrack

        self.fields["consultations"].queryset = apps.get_model(
            "consultations.Consultation"
        ).objects.order_by("-opens_at", "title")
        self.fields["parent"].queryset = LegislativeTrack.objects.filter(
            kind=TrackKind.ACT
        ).order_by("title")
        self.fields["exchanges"].queryset = apps.get_model("roadmap.Exchange").objects.order_by(
            "number"
        )
        self.fields["programmes"].queryset = apps.get_model("roadmap.Programme").objects.order_by(
            "name"
        )
        self.fields["commitments"].queryset = Commitment.objects.order_by("title")
        if not editing:
            del self.fields["lock_version"]
        else:
            del self.fields["slug"]
            self.fields["kind"].disabled = True


class StepsForm(LockedForm):
    """The planned and actual date (and a note) of every stage of one track."""

    def __init__(self, *args: Any, steps: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.steps = steps
        for step in steps:
            label = step.get_stage_display()
            self.fields[f"planned_{step.stage}"] = forms.DateField(
                label=_("%(stage)s: planned") % {"stage": label}, required=False, widget=DATE
            )
            self.fields[f"actual_{step.stage}"] = forms.DateField(
                label=_("%(stage)s: happened on") % {"stage": label}, required=False, widget=DATE
            )
            self.fields[f"note_{step.stage}"] = forms.CharField(
                label=_("%(stage)s: note") % {"stage": label}, required=False, max_length=300
            )

    def dates(self) -> dict[str, tuple]:
        data = self.cleaned_data
        return {
            s.stage: (
                data.get(f"planned_{s.stage}"),
                data.get(f"actual_{s.stage}"),
                data.get(f"note_{s.stage}") or "",
            )
            for s in self.steps
        }


class TrackFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *TrackKind.choices]
    )


class AdviceForm(IdempotentForm, LockedForm):
    """An advisory report; creates one (no lock version yet) or edits one (`editing`)."""

    advisor = forms.CharField(
        label=_("Advisor"),
        max_length=200,
        help_text=_("For example “Adviescollege ICT-toetsing”."),
    )
    title = forms.CharField(label=_("Title"), max_length=250)
    slug = forms.SlugField(label=_("Short name (in the web address)"), max_length=80)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In our own words."),
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    response_on = forms.DateField(label=_("Response sent on"), required=False, widget=DATE)
    response_reference = forms.CharField(
        label=_("Kamerstuk of the response"),
        max_length=40,
        required=False,
        help_text=_("For example 27529-362 (dossier and number)."),
    )
    url = forms.URLField(label=_("Link to the report"), required=False, assume_scheme="https")
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes it is about"),
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
        if not editing:
            del self.fields["lock_version"]
        else:
            del self.fields["slug"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        received, response = data.get("received_on"), data.get("response_on")
        if received and received > timezone.localdate():
            self.add_error("received_on", _("This date lies in the future."))
        if received and response and response < received:
            self.add_error("response_on", _("The response cannot be sent before the report came."))
        return data


class AdviceItemForm(IdempotentForm, LockedForm):
    """A conclusion or recommendation with the ministry's disposition and its follow-up."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AdviceItem.Kind.choices)
    label = forms.CharField(
        label=_("Label"), max_length=8, help_text=_("As the report numbers it: “A” or “1”.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    disposition = forms.ChoiceField(
        label=_("The ministry's disposition"), choices=AdviceItem.Disposition.choices
    )
    reasoning = forms.CharField(
        label=_("Reasoning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the ministry agrees or not, in our own words."),
    )
    owner = forms.CharField(
        label=_("Owner"), max_length=200, required=False, help_text=_("Who follows it up.")
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    follow_up = forms.CharField(
        label=_("Follow-up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is done with it, and what has been done."),
    )
    decisions = forms.ModelMultipleChoiceField(
        label=_("Decisions"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"),
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

        self.fields["decisions"].queryset = apps.get_model("roadmap.Decision").objects.order_by(
            "-date", "title"
        )
        self.fields["programmes"].queryset = apps.get_model("roadmap.Programme").objects.order_by(
            "name"
        )
        self.fields["milestones"].queryset = apps.get_model("roadmap.Milestone").objects.order_by(
            "date"
        )
        if not editing:
            del self.fields["lock_version"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        disposition = data.get("disposition")
        if (
            disposition
            and disposition != AdviceItem.Disposition.PENDING
            and not (data.get("reasoning") or "").strip()
        ):
            self.add_error("reasoning", _("Give the reasoning behind the disposition."))
        return data


class AdviceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    advisor = forms.CharField(label=_("Advisor"), required=False, max_length=200)


class FollowUpFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AdviceItem.Kind.choices]
    )
    disposition = forms.ChoiceField(
        label=_("The ministry's disposition"),
        required=False,
        choices=[("", _("Every disposition")), *AdviceItem.Disposition.choices],
    )
    status = forms.ChoiceField(
        label=_("Follow-up status"),
        required=False,
        choices=[("", _("Every status")), *AdviceItem.Status.choices, (OVERDUE, _("Overdue"))],
    )
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("deadline", _("Deadline, earliest first")),
            ("-deadline", _("Deadline, latest first")),
            ("report", _("Advisory report")),
        ],
    )

    def clean_sort(self):
        sort = self.cleaned_data.get("sort") or "deadline"
        return sort if sort in FOLLOW_UP_SORTS else "deadline"
