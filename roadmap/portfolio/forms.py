from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.forms import DATE, IdempotentForm, LockedForm
from roadmap.models import (
    Blueprint,
    Decision,
    DecisionAction,
    Deliverable,
    Milestone,
    OutcomeAssessment,
    Pilot,
    PortfolioMeeting,
    Programme,
    Risk,
    Tranche,
)

ALL = _("All")


class PortfolioModelForm(IdempotentForm, forms.ModelForm, LockedForm):
    """A record's plain fields: dates as date inputs, many-to-many as checkbox lists, and
    the lock version it was opened on. Fields that a named step changes (`step_fields`:
    a date a reschedule moves) are asked only when the record is new."""

    step_fields: tuple[str, ...] = ()

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service (`record_save` cleans the record), after
        the form's key has told a second send of a new record from a new one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lock = self.fields["lock_version"]
        lock.required = self.instance.pk is not None
        lock.initial = self.instance.lock_version
        if self.instance.pk is not None:
            for name in self.step_fields:
                self.fields.pop(name, None)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE
            elif isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = forms.CheckboxSelectMultiple()
                field.widget.choices = field.choices


class ProgrammeForm(PortfolioModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "owner_directorate",
            "commissioner",
            "start",
            "end",
            "status",
            "goal",
            "exchanges",
        ]


class TrancheForm(PortfolioModelForm):
    class Meta:
        model = Tranche
        fields = [
            "name",
            "slug",
            "goal",
            "value_for_care_providers",
            "start",
            "end",
            "status",
            "exchanges",
        ]


class DeliverableForm(PortfolioModelForm):
    step_fields = ("due",)

    class Meta:
        model = Deliverable
        fields = [
            "programme",
            "tranche",
            "title",
            "start",
            "due",
            "status",
            "delivered_on",
            "depends_on",
            "exchanges",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Deliverable.objects.select_related("programme")
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["depends_on"].queryset = qs

    def clean(self):
        data = super().clean()
        depends = data.get("depends_on") or []
        if self.instance.pk and any(self.instance.pk in _upstream(d) for d in depends):
            self.add_error("depends_on", _("This would make a circle of dependencies."))
        return data


def _upstream(deliverable: Deliverable, seen: set[int] | None = None) -> set[int]:
    seen = seen if seen is not None else set()
    for parent in deliverable.depends_on.all():
        if parent.pk not in seen:
            seen.add(parent.pk)
            _upstream(parent, seen)
    return seen


class MilestoneForm(PortfolioModelForm):
    step_fields = ("date",)

    class Meta:
        model = Milestone
        fields = [
            "title",
            "date",
            "owner",
            "status",
            "programmes",
            "tranches",
            "exchanges",
        ]


class RiskForm(PortfolioModelForm):
    class Meta:
        model = Risk
        fields = [
            "programme",
            "title",
            "description",
            "probability",
            "impact",
            "owner",
            "mitigation",
            "status",
            "review_date",
        ]
        widgets = {
            "probability": forms.Select(choices=[(i, i) for i in range(1, 6)]),
            "impact": forms.Select(choices=[(i, i) for i in range(1, 6)]),
        }


class MeetingForm(PortfolioModelForm):
    class Meta:
        model = PortfolioMeeting
        fields = ["date", "title", "notes"]


class DecisionForm(PortfolioModelForm):
    class Meta:
        model = Decision
        fields = ["meeting", "programme", "date", "title", "decision", "rationale"]


class DecisionActionForm(PortfolioModelForm):
    class Meta:
        model = DecisionAction
        fields = ["decision", "description", "owner", "due", "done_on"]


class PilotForm(PortfolioModelForm):
    class Meta:
        model = Pilot
        fields = [
            "title",
            "slug",
            "kind",
            "status",
            "start",
            "end",
            "summary",
            "generic_function",
            "programme",
            "participants",
            "exchanges",
            "lessons",
        ]


class OutcomeAssessmentForm(PortfolioModelForm):
    class Meta:
        model = OutcomeAssessment
        fields = [
            "pilot",
            "technical_feasibility",
            "technical_feasibility_explanation",
            "user_experience",
            "user_experience_explanation",
            "scalability",
            "scalability_explanation",
            "work_process_impact",
            "work_process_impact_explanation",
            "assessed_on",
        ]
        widgets = {
            f: forms.Select(choices=[(i, i) for i in range(1, 6)])
            for f in (
                "technical_feasibility",
                "user_experience",
                "scalability",
                "work_process_impact",
            )
        }


class BlueprintForm(PortfolioModelForm):
    class Meta:
        model = Blueprint
        fields = ["pilot", "title", "summary", "url"]


class RescheduleForm(LockedForm):
    date = forms.DateField(label=_("New date"), widget=DATE)


class GanttFilterForm(forms.Form):
    portal_filter = True
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    tranche = forms.ChoiceField(label=_("Tranche"), required=False)

    def __init__(self, *args, programmes, tranches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", ALL)] + [(p.slug, p.name) for p in programmes]
        self.fields["tranche"].choices = [("", ALL)] + [(t.slug, t.name) for t in tranches]


class MeetingDateForm(forms.Form):
    portal_filter = True
    date = forms.DateField(label=_("Meeting date"), widget=DATE)
