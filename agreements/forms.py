from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    Agreement,
    AgreementSystem,
    ComplianceRecord,
    Harmonisation,
    Reassessment,
    Release,
    Review,
    Standard,
)
from portal.accounts.models import Organisation
from portal.core.forms import DATE, IdempotentForm, LockedForm

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


class AgreementForm(IdempotentForm, LockedForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=30,
        help_text=_("Capitals, digits and dashes, for example LAS-TECH-012."),
    )
    title = forms.CharField(label=_("Title"), max_length=250)
    system = forms.ModelChoiceField(
        label=_("Agreement system"), queryset=AgreementSystem.objects.all(), empty_label=None
    )
    layer = forms.ChoiceField(label=_("Layer"), choices=Agreement.Layer.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=Agreement.Topic.choices)
    plateau = forms.ChoiceField(label=_("Plateau"), choices=Agreement.Plateau.choices)
    standards = forms.ModelMultipleChoiceField(
        label=_("Standards it refers to"),
        queryset=Standard.objects.select_related("maintainer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_temporary = forms.BooleanField(
        label=_("Temporary agreement (tussentijdse afspraak)"), required=False
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    reassessment_date = forms.DateField(label=_("Re-assessment date"), required=False, widget=DATE)
    replacement_note = forms.CharField(
        label=_("What will replace it"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    text = forms.CharField(
        label=_("Text of the first version (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["code"]
            del self.fields["text"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if not CODE_RE.match(code):
            raise forms.ValidationError(
                _("Use capitals, digits and dashes, with at least one dash: LAS-TECH-012.")
            )
        return code  # whether it is taken: the service says (after the form's key)

    def clean(self):
        data = super().clean()
        if data.get("is_temporary"):
            if not data.get("valid_until"):
                self.add_error(
                    "valid_until", _("A temporary agreement needs an end of its validity.")
                )
            if not data.get("reassessment_date"):
                self.add_error(
                    "reassessment_date", _("A temporary agreement needs a re-assessment date.")
                )
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end of validity must be on or after its start."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        data.pop("standards", None)
        return data


class VersionForm(IdempotentForm, LockedForm):
    text = forms.CharField(label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 14}))
    change_note = forms.CharField(label=_("What changed"), max_length=300)


class WithdrawForm(LockedForm):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class HarmonisationForm(forms.Form):
    system = forms.ModelChoiceField(
        label=_("Agreement system"), queryset=AgreementSystem.objects.filter(is_national=False)
    )
    relation = forms.ChoiceField(label=_("Relation"), choices=Harmonisation.Relation.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)


class ReleaseCreateForm(IdempotentForm):
    number = forms.RegexField(
        label=_("Number"),
        max_length=20,
        regex=r"^\d{4}\.\d{1,2}$",
        help_text=_("Year and sequence, for example 2026.3."),
        error_messages={"invalid": _("Use the form 2026.3: the year, a dot, a number.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(
        label=_("Release notes (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ReleaseEditForm(LockedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(
        label=_("Release notes (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    added = forms.MultipleChoiceField(
        label=_("Added agreements"), required=False, widget=forms.CheckboxSelectMultiple
    )
    changed = forms.MultipleChoiceField(
        label=_("Changed agreements"), required=False, widget=forms.CheckboxSelectMultiple
    )
    withdrawn = forms.MultipleChoiceField(
        label=_("Withdrawn agreements"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {}
        for kind, versions in choices.items():
            self.fields[kind].choices = [
                (str(v.pk), f"{v.agreement.code} {v.agreement.title} (v{v.number})")
                for v in versions
            ]
            self.versions.update({str(v.pk): v for v in versions})

    def items(self):
        return [
            (self.versions[pk], kind)
            for kind in ("added", "changed", "withdrawn")
            for pk in self.cleaned_data.get(kind, [])
        ]


class PublishForm(forms.Form):
    """Adopt and publish: the day the versions come into force, and an explicit yes."""

    effective_on = forms.DateField(
        label=_("In force from"),
        widget=DATE,
        help_text=_(
            "Today, or a later day: until then the release is shown as planned and the "
            "versions in force stay in force."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the release and adopt it on behalf of the ministry"),
        error_messages={"required": _("Tick the box to confirm the adoption.")},
    )


class ReviewForm(forms.Form):
    consistency = forms.ChoiceField(
        label=_("Consistency"), choices=Review.Verdict.choices, widget=forms.RadioSelect
    )
    consistency_explanation = forms.CharField(
        label=_("Explanation on consistency"), widget=forms.Textarea(attrs={"rows": 3})
    )
    coherence = forms.ChoiceField(
        label=_("Coherence"), choices=Review.Verdict.choices, widget=forms.RadioSelect
    )
    coherence_explanation = forms.CharField(
        label=_("Explanation on coherence"), widget=forms.Textarea(attrs={"rows": 3})
    )
    legal = forms.ChoiceField(
        label=_("Legal compliance"), choices=Review.Verdict.choices, widget=forms.RadioSelect
    )
    legal_explanation = forms.CharField(
        label=_("Explanation on legal compliance"), widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Review.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the release is sent back."),
    )


class ComplianceForm(IdempotentForm):
    """An NTV result: the party, the agreement (by its code) and version, the outcome."""

    organisation = forms.ModelChoiceField(
        label=_("Party"), queryset=Organisation.objects.order_by("name")
    )
    code = forms.CharField(
        label=_("Agreement code"), max_length=40, help_text=_("For example LAS-TECH-012.")
    )
    version_number = forms.IntegerField(
        label=_("Version"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for the version in force now."),
    )
    result = forms.ChoiceField(
        label=_("Result"), choices=ComplianceRecord.Result.choices, widget=forms.RadioSelect
    )
    tested_on = forms.DateField(label=_("Tested on"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)


class ReassessForm(IdempotentForm, LockedForm):
    """The outcome of re-assessing a temporary agreement."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Reassessment.Outcome.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 4}))
    extended_until = forms.DateField(
        label=_("Extended until"), required=False, widget=DATE, help_text=_("When extended.")
    )
    next_reassessment = forms.DateField(
        label=_("Next re-assessment"), required=False, widget=DATE, help_text=_("When extended.")
    )
    replaced_by_code = forms.CharField(
        label=_("Replaced by (agreement code)"),
        required=False,
        max_length=40,
        help_text=_("When replaced, for example LAS-TECH-012."),
    )
    supporters = forms.ModelMultipleChoiceField(
        label=_("Parties that support the outcome"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    release = forms.ModelChoiceField(
        label=_("Release that carries the outcome"),
        queryset=Release.objects.order_by("-number"),
        required=False,
        help_text=_("Needed when withdrawn; it carries the agreement or its replacement."),
    )
