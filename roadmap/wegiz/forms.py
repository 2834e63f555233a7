from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from portal.core.forms import DATE, IdempotentForm, LockedForm
from roadmap.models import Designation, Study
from roadmap.models.wegiz import Phase

ALL = _("All")


class AgendaFilterForm(forms.Form):
    portal_filter = True
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", ALL), *Phase.choices])
    spoor = forms.ChoiceField(
        label=_("Spoor"), required=False, choices=[("", ALL), ("1", "Spoor 1"), ("2", "Spoor 2")]
    )
    domain = forms.CharField(label=_("Care domain"), required=False, max_length=120)


class ExchangeForm(IdempotentForm, LockedForm):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    title = forms.CharField(label=_("Title"), max_length=250)
    care_domain = forms.CharField(label=_("Care domain"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    commissioner = forms.CharField(
        label=_("Commissioning directorate (opdrachtgever)"), required=False, max_length=200
    )
    quality_standard = forms.CharField(
        label=_("Quality standard (Zorginstituut register)"), required=False, max_length=250
    )
    information_standard = forms.CharField(
        label=_("Information standard (Nictiz)"), required=False, max_length=250
    )
    nen_norm = forms.CharField(label=_("NEN norm"), required=False, max_length=60)
    on_agenda = forms.BooleanField(label=_("On the agenda"), required=False, initial=True)
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements it relies on"),
        required=False,
        queryset=Agreement.objects.published().order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if not editing:
            del self.fields["lock_version"]
        if editing:
            del self.fields["number"]


class PhaseChangeForm(IdempotentForm):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    is_planned = forms.BooleanField(
        label=_("Planned: this is an expected date, not a move that happened"), required=False
    )
    is_correction = forms.BooleanField(
        label=_("Correction: skips or reverses a phase because the record was wrong"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DesignationForm(forms.Form):
    spoor = forms.TypedChoiceField(label=_("Spoor"), coerce=int, choices=Designation.Spoor.choices)
    step = forms.ChoiceField(label=_("AMvB step"), choices=Designation.Step.choices)
    expected_in_force = forms.DateField(label=_("Expected in force"), required=False, widget=DATE)
    actual_in_force = forms.DateField(label=_("Actually in force"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StudyForm(IdempotentForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Study.Kind.choices)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Study.Conclusion.choices)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class AgendaUpdateForm(IdempotentForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    published_on = forms.DateField(label=_("Published on"), widget=DATE)
    introduction = forms.CharField(
        label=_("Introduction (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class IntakeRoundForm(IdempotentForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProposalForm(IdempotentForm, LockedForm):
    """Creates one (no lock version yet) or edits one (`editing`, with its lock version)."""

    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Proposed exchange"), max_length=250)
    care_process = forms.CharField(
        label=_("Care process"), widget=forms.Textarea(attrs={"rows": 3})
    )
    parties_involved = forms.CharField(
        label=_("Parties involved"), widget=forms.Textarea(attrs={"rows": 2})
    )
    why_it_matters = forms.CharField(
        label=_("Why it matters"), widget=forms.Textarea(attrs={"rows": 4})
    )
    quality_standard = forms.CharField(label=_("Quality standard it rests on"), max_length=250)
    field_support = forms.CharField(
        label=_("Support from the field"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.accounts.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user)
        if not editing:
            del self.fields["lock_version"]
        if editing:
            del self.fields["organisation"]
        # A draft may be saved with only its title; submitting asks for everything.
        for name in PROPOSAL_PARTS:
            self.fields[name].required = False
            self.fields[name].help_text = _("Needed to submit; a draft may leave it open.")


PROPOSAL_PARTS = (
    "care_process",
    "parties_involved",
    "why_it_matters",
    "quality_standard",
    "field_support",
)


SCORES = [(i, str(i)) for i in range(1, 6)]


class AssessmentForm(forms.Form):
    added_value_score = forms.TypedChoiceField(
        label=_("Added value (1-5)"), coerce=int, choices=SCORES, widget=forms.RadioSelect
    )
    added_value_explanation = forms.CharField(
        label=_("Explanation on added value"), widget=forms.Textarea(attrs={"rows": 2})
    )
    support_score = forms.TypedChoiceField(
        label=_("Support (1-5)"), coerce=int, choices=SCORES, widget=forms.RadioSelect
    )
    support_explanation = forms.CharField(
        label=_("Explanation on support"), widget=forms.Textarea(attrs={"rows": 2})
    )
    feasibility_score = forms.TypedChoiceField(
        label=_("Feasibility (1-5)"), coerce=int, choices=SCORES, widget=forms.RadioSelect
    )
    feasibility_explanation = forms.CharField(
        label=_("Explanation on feasibility"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("accept", _("Accept onto the agenda")), ("decline", _("Decline"))],
    )
    number = forms.IntegerField(
        label=_("Number on the agenda (when accepted)"), required=False, min_value=1
    )
    care_domain = forms.CharField(
        label=_("Care domain (when accepted)"), required=False, max_length=120
    )
    reason = forms.CharField(
        label=_("Reasons (the proposer reads them)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept":
            if not data.get("number"):
                self.add_error("number", _("Give the number the exchange gets on the agenda."))
            if not data.get("care_domain"):
                self.add_error("care_domain", _("Give the care domain."))
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reasons: the proposer reads them."))
        return data


class WithdrawUpdateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the update is withdrawn"), widget=forms.Textarea(attrs={"rows": 2})
    )


class VoidPhaseForm(forms.Form):
    reason = forms.CharField(label=_("Why this entry is wrong"), max_length=500)
