from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from portal.core.forms import DATE, IdempotentForm, LockedForm
from roadmap.models import (
    AlignmentReview,
    BuildingBlock,
    CriterionAssessment,
    FundingApplication,
    GrantCondition,
    Initiative,
)

ALL = _("All")


class InitiativeForm(IdempotentForm, LockedForm):
    """Creates one (no lock version yet) or edits one (`editing`, with its lock version)."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=250)
    slug = forms.SlugField(label=_("Short name (in the web address)"), max_length=100)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    care_domains = forms.CharField(label=_("Care domains"), required=False, max_length=250)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    funding_source = forms.CharField(
        label=_("Funding source"),
        required=False,
        max_length=200,
        help_text=_("For example IZA transformation money."),
    )
    funding_amount = forms.DecimalField(
        label=_("Funding (euro)"), required=False, min_value=0, max_digits=12, decimal_places=0
    )
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)
    agreements = forms.ModelMultipleChoiceField(
        label=_("National agreements and building blocks used"),
        required=False,
        queryset=Agreement.objects.published().order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    building_blocks = forms.ModelMultipleChoiceField(
        label=_("National building blocks it reuses"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    own_functions = forms.MultipleChoiceField(
        label=_("Functions it builds itself"),
        required=False,
        choices=Agreement.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    own_builds = forms.CharField(
        label=_("What it builds itself, and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, regions, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.accounts.models import Organisation

        self.fields["region"].queryset = regions
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["building_blocks"].queryset = BuildingBlock.objects.published().order_by("name")
        if not editing:
            del self.fields["lock_version"]
        if editing:
            del self.fields["region"]
            del self.fields["slug"]


class ReportForm(LockedForm):
    progress = forms.CharField(
        label=_("Progress in this period"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    issues = forms.CharField(
        label=_("Issues and risks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(IdempotentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for point in AlignmentReview.POINTS:
            model_field = AlignmentReview._meta.get_field(point)
            note = AlignmentReview._meta.get_field(f"{point}_note")
            self.fields[point] = forms.ChoiceField(
                label=capfirst(model_field.verbose_name),
                choices=AlignmentReview.Verdict.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"{point}_note"] = forms.CharField(
                label=capfirst(note.verbose_name), widget=forms.Textarea(attrs={"rows": 2})
            )
        self.fields["building_blocks"] = forms.ModelMultipleChoiceField(
            label=_("National building blocks the review points to"),
            required=False,
            queryset=BuildingBlock.objects.published().order_by("name"),
            widget=forms.SelectMultiple(attrs={"size": 6}),
            help_text=_("For example the ones the initiative could reuse instead of building."),
        )


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Your response"), widget=forms.Textarea(attrs={"rows": 3}))


class ApplicationCreateForm(IdempotentForm):
    scheme = forms.ModelChoiceField(label=_("Funding scheme"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=250)
    amount_requested = forms.DecimalField(
        label=_("Amount requested (euro)"), min_value=1, max_digits=12, decimal_places=0
    )
    building_blocks = forms.ModelMultipleChoiceField(
        label=_("National building blocks it reuses"),
        required=False,
        queryset=BuildingBlock.objects.published().order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from roadmap.models import FundingScheme

        self.fields["scheme"].queryset = FundingScheme.objects.filter(is_open=True)


class ApplicationEditForm(LockedForm):
    title = forms.CharField(label=_("Title"), max_length=250)
    amount_requested = forms.DecimalField(
        label=_("Amount requested (euro)"), min_value=1, max_digits=12, decimal_places=0
    )
    building_blocks = forms.ModelMultipleChoiceField(
        label=_("National building blocks it reuses"),
        required=False,
        queryset=BuildingBlock.objects.published().order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class AnswersForm(LockedForm):
    """The answers to every criterion and, in the same send, an optional file: a refused
    file keeps everything typed."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"answer_{c.pk}"] = forms.CharField(
                label=f"{c.order}. {c.text}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"evidence_{c.pk}"] = forms.CharField(
                label=_("Evidence for criterion %(n)s") % {"n": c.order},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["file"] = forms.FileField(
            label=_("Add a file (optional)"),
            required=False,
            help_text=_("A PDF, an image (PNG or JPEG) or an office document."),
        )
        self.fields["file_criterion"] = forms.TypedChoiceField(
            label=_("The file is evidence for"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("The whole application"))]
            + [(c.pk, f"{c.order}. {c.code}") for c in self.criteria],
        )
        self.fields["file_confidential"] = forms.BooleanField(
            label=_("Confidential: never published, also not after the decision"), required=False
        )

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            c.pk: (
                self.cleaned_data.get(f"answer_{c.pk}", ""),
                self.cleaned_data.get(f"evidence_{c.pk}", ""),
            )
            for c in self.criteria
        }


class CriteriaForm(forms.Form):
    criteria = forms.CharField(
        label=_("Criteria, one per line as code: text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Saving creates a new version; submitted applications keep theirs."),
    )

    def clean_criteria(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, text = line.partition(":")
            code = code.strip()
            if not sep or not text.strip() or not code.replace("-", "").isalnum():
                raise forms.ValidationError(
                    _("Line %(n)s is not of the form code: text.") % {"n": number}
                )
            rows.append((code.lower(), text.strip()))
        codes = [c for c, _t in rows]
        if len(codes) != len(set(codes)):
            raise forms.ValidationError(_("Each code may appear once."))
        if not rows:
            raise forms.ValidationError(_("Give at least one criterion."))
        return rows


class AssessForm(forms.Form):
    """One form for the assessment of every criterion; a criterion left empty stays as it was."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"verdict_{c.pk}"] = forms.ChoiceField(
                label=_("Verdict on criterion %(n)s (%(code)s)") % {"n": c.order, "code": c.code},
                choices=CriterionAssessment.Verdict.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"reasoning_{c.pk}"] = forms.CharField(
                label=_("Reasoning on criterion %(n)s") % {"n": c.order},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def verdicts(self) -> dict[int, tuple[str, str]]:
        return {
            c.pk: (
                self.cleaned_data.get(f"verdict_{c.pk}") or "",
                self.cleaned_data.get(f"reasoning_{c.pk}") or "",
            )
            for c in self.criteria
        }


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (s.value, s.label) for s in FundingApplication.Status if s in FundingApplication.DECIDED
        ],
    )
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}))
    amount_granted = forms.DecimalField(
        label=_("Amount granted (euro)"),
        required=False,
        min_value=1,
        max_digits=12,
        decimal_places=0,
        help_text=_("When granted: at most the amount requested."),
    )

    def __init__(self, *args, unmet=(), **kwargs):
        """`unmet`: the criteria assessed as not met; a grant with conditions names one for
        each, with the date by which it must be met."""
        super().__init__(*args, **kwargs)
        self.unmet = list(unmet)
        for c in self.unmet:
            self.fields[f"condition_{c.pk}"] = forms.CharField(
                label=_("Condition for criterion %(n)s (%(code)s), not met")
                % {"n": c.order, "code": c.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"due_{c.pk}"] = forms.DateField(
                label=_("To be met by"), required=False, widget=DATE
            )

    def conditions(self) -> dict[int, tuple[str, object]]:
        return {
            c.pk: (
                self.cleaned_data.get(f"condition_{c.pk}") or "",
                self.cleaned_data.get(f"due_{c.pk}"),
            )
            for c in self.unmet
        }


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[
            (GrantCondition.Status.MET.value, GrantCondition.Status.MET.label),
            (GrantCondition.Status.NOT_MET.value, GrantCondition.Status.NOT_MET.label),
        ],
    )
    note = forms.CharField(
        label=_("What the follow-up found"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RegisterFilterForm(forms.Form):
    portal_filter = True
    region = forms.ChoiceField(label=_("Region"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", ALL), *Initiative.Status.choices]
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", ALL)] + [(r.slug, r.name) for r in regions]


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SchemeForm(IdempotentForm, LockedForm):
    """Creates a funding scheme (no lock version yet) or edits one (`editing`)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Short name (in the web address)"), max_length=80)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    source = forms.CharField(
        label=_("Source of the money"),
        required=False,
        max_length=200,
        help_text=_("For example: IZA transformation funds."),
    )
    budget = forms.DecimalField(
        label=_("Budget ceiling (euro)"),
        required=False,
        min_value=1,
        max_digits=14,
        decimal_places=0,
        help_text=_("The most that may be granted under the scheme. Leave empty if not set."),
    )
    is_open = forms.BooleanField(
        label=_("Open for applications"),
        required=False,
        initial=True,
        help_text=_("When the scheme has calls, applications are taken only while one is open."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["lock_version"]
        else:
            del self.fields["slug"]


class CallForm(IdempotentForm, LockedForm):
    """Creates a call for applications or edits one (`editing`)."""

    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For example: First call 2027.")
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=DATETIME,
        help_text=_("Date and time; applications submitted after it are refused."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["lock_version"]
