from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.audit.registry import audited_models


class ActivityFilterForm(forms.Form):
    portal_filter = True  # every field optional: the form does not say so on each one

    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=200,
        help_text=_("Part of a name or e-mail address."),
    )
    model = forms.ChoiceField(label=_("Kind of item"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All"))] + [
            (a.label, a.verbose_name_plural.capitalize()) for a in audited_models().values()
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned
