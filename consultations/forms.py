from __future__ import annotations

import re
import uuid

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from consultations.models import Answer, Consultation, DocumentKind
from portal.core.forms import IdempotentForm, LockedForm

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _ConsultationFields(forms.Form):
    """What a consultation is made of. A draft needs only its title; scheduling checks
    that the rest is there."""

    title = forms.CharField(label=_("Title"), max_length=250)
    subject = forms.ChoiceField(
        label=_("Subject"),
        choices=Consultation.Subject.choices,
        initial=Consultation.Subject.DOCUMENT,
    )
    introduction = forms.CharField(
        label=_("Introduction (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    purpose = forms.CharField(
        label=_("Purpose of the consultation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the ministry wants to learn from the field."),
    )
    target_group = forms.CharField(
        label=_("Target group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who the draft concerns and whose response is asked."),
    )
    expected_effects = forms.CharField(
        label=_("Expected effects"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    regulatory_burden = forms.CharField(
        label=_("Regulatory burden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it asks of care providers, vendors and others: effort and costs."),
    )
    contact = forms.CharField(
        label=_("Contact"),
        required=False,
        max_length=250,
        help_text=_("Who answers questions about the consultation: name and e-mail address."),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at (Dutch time)"), required=False, widget=DATETIME
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at (Dutch time)"), required=False, widget=DATETIME
    )
    draft = forms.CharField(
        label=_("The draft (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Start each section with a line '## Title'; sections are numbered in order."),
    )
    questions = forms.CharField(
        label=_("Questions, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data


class ConsultationForm(IdempotentForm, _ConsultationFields):
    slug = forms.SlugField(
        label=_("Short name (in the web address)"),
        max_length=100,
        required=False,
        help_text=_("Left empty, it is made from the title."),
    )
    field_order = ["title", "slug"]

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("title"):
            data["slug"] = slugify(data["title"])[:100].strip("-")
            if not data["slug"]:
                self.add_error("slug", _("Choose a short name of letters, digits and hyphens."))
        return data


class ConsultationEditForm(LockedForm, _ConsultationFields):
    pass


class VersionForm(IdempotentForm):
    draft = forms.CharField(
        label=_("The new draft (Markdown)"), widget=forms.Textarea(attrs={"rows": 14})
    )
    note = forms.CharField(label=_("What changed"), max_length=300)


class CommentForm(forms.Form):
    target = forms.ChoiceField(label=_("About"))
    # Empty: as a private person (anyone may register to respond to a consultation).
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=None,
        required=False,
        empty_label=_("Myself, as a private person"),
    )
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    # Consent is asked, never assumed: the box starts unticked.
    may_publish = forms.BooleanField(
        label=_("My comment may be published with the name of my organisation"),
        required=False,
        help_text=_(
            "Unticked, your comment is read and answered but not published. A private "
            "person's comment is published without their name."
        ),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("A PDF, an image or an office document; published with the comment."),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, user, sections, questions, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.accounts.models import Organisation

        mine = Organisation.objects.filter(memberships__user=user)
        self.fields["organisation"].queryset = mine
        if mine.exists():  # those who act for an organisation usually comment for it
            self.fields["organisation"].initial = mine.first()
        self.fields["target"].choices = [
            (f"s-{s.pk}", _("Section %(n)s: %(t)s") % {"n": s.number, "t": s.title})
            for s in sections
        ] + [(f"q-{q.pk}", _("Question %(n)s") % {"n": q.order}) for q in questions]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())


class CommentEditForm(LockedForm):
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    may_publish = forms.BooleanField(
        label=_("My comment may be published with the name of my organisation"), required=False
    )


class AnswerForm(forms.Form):
    comments = forms.TypedMultipleChoiceField(
        label=_("Comments to answer"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    disposition = forms.ChoiceField(
        label=_("Disposition"), choices=Answer.Disposition.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    changed_section = forms.TypedChoiceField(
        label=_("Changed in section (optional)"), coerce=int, required=False, empty_value=None
    )
    agreement_version = forms.CharField(
        label=_("Changed in agreement version (optional)"),
        help_text=_("The agreement's code and the version number, for example LAS-TECH-001 v2."),
        required=False,
        max_length=40,
    )
    release = forms.CharField(
        label=_("Taken up in release (optional)"),
        help_text=_("The release number, for example 2026.2."),
        required=False,
        max_length=20,
    )

    def clean_agreement_version(self):
        from agreements.models import AgreementVersion

        value = self.cleaned_data["agreement_version"].strip()
        if not value:
            return None
        match = re.fullmatch(r"(\S+)\s+v?(\d+)", value, flags=re.IGNORECASE)
        version = (
            AgreementVersion.objects.filter(
                agreement__code__iexact=match.group(1), number=int(match.group(2))
            ).first()
            if match
            else None
        )
        if version is None:
            raise forms.ValidationError(
                _(
                    "No agreement version %(value)s: give the code and the number, such as "
                    "LAS-TECH-001 v2."
                )
                % {"value": value}
            )
        return version

    def clean_release(self):
        from agreements.models import Release

        value = self.cleaned_data["release"].strip()
        if not value:
            return None
        release = Release.objects.filter(number=value).first()
        if release is None:
            raise forms.ValidationError(_("There is no release %(value)s.") % {"value": value})
        return release

    def __init__(self, *args, comments, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [
            (c.pk, f"#{c.pk} {c.attribution}: {c.text[:80]}") for c in comments
        ]
        self.fields["changed_section"].choices = [("", "—")] + [
            (s.pk, f"v{s.version.number} §{s.number} {s.title}") for s in sections
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the author reads it)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the report (Markdown)"), widget=forms.Textarea(attrs={"rows": 6})
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=250)
    file = forms.FileField(label=_("The document (PDF)"))


class SessionForm(IdempotentForm, LockedForm):
    """Creates a session (no lock version yet) or edits one (`editing`)."""

    title = forms.CharField(label=_("Title"), max_length=250)
    starts_at = forms.DateTimeField(label=_("Starts at (Dutch time)"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at (Dutch time)"), widget=DATETIME)
    place = forms.CharField(
        label=_("Place"), required=False, max_length=250, help_text=_("Address and room.")
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Give a place, an online link, or both."),
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["lock_version"]

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A session ends after it starts."))
        if not data.get("place") and not data.get("online_url") and "place" in data:
            self.add_error("place", _("Give a place, an online link, or both."))
        return data


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=None,
        required=False,
        empty_label=_("Myself, as a private person"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.accounts.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user
        ).order_by("name")


class AttendanceForm(LockedForm):
    """After the session: a box per registration (ticked: attended) and the notes."""

    notes = forms.CharField(
        label=_("Notes of the session"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was said; published with the report of the consultation."),
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for r in self.registrations:
            who = r.user.full_name or r.user.email
            org = r.organisation.name if r.organisation else _("private person")
            self.fields[f"attended_{r.pk}"] = forms.BooleanField(
                label=f"{who} ({org})", required=False, initial=bool(r.attended)
            )

    def attended(self) -> set[int]:
        return {r.pk for r in self.registrations if self.cleaned_data.get(f"attended_{r.pk}")}
