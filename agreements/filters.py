"""One filter set for the catalogue page, its downloads and the API (camelCase names)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementSystem, ComplianceRecord, Release
from portal.accounts.models import Organisation
from portal.core.filters import OrderingFilter


class PortalFilterSet(django_filters.FilterSet):
    """Filter forms: every field is optional, so they do not say so on each one."""

    @property
    def form(self):
        form = super().form
        form.portal_filter = True
        return form


ALL = _("All")


class AgreementFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=200)
    layer = django_filters.ChoiceFilter(
        choices=Agreement.Layer.choices, label=_("Layer"), empty_label=ALL
    )
    topic = django_filters.ChoiceFilter(
        choices=Agreement.Topic.choices, label=_("Topic"), empty_label=ALL
    )
    plateau = django_filters.ChoiceFilter(
        choices=Agreement.Plateau.choices, label=_("Plateau"), empty_label=ALL
    )
    status = django_filters.ChoiceFilter(
        choices=Agreement.Status.choices, label=_("Status"), empty_label=ALL
    )
    system = django_filters.ModelChoiceFilter(
        queryset=AgreementSystem.objects.all(),
        to_field_name="slug",
        label=_("Agreement system"),
        empty_label=ALL,
    )
    isTemporary = django_filters.BooleanFilter(
        field_name="is_temporary",
        label=_("Temporary agreements only"),
        widget=forms.CheckboxInput,
    )
    asOf = django_filters.DateFilter(
        method="filter_as_of",
        label=_("In force on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ordering = OrderingFilter(
        fields=(("code", "code"), ("title", "title"), ("updated_at", "updatedAt")),
        label=_("Sort by"),
        field_labels={"code": _("Code"), "title": _("Title"), "updated_at": _("Last changed")},
    )

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_as_of(self, queryset, name, value):
        return queryset.in_force_on(value)

    def filter_queryset(self, queryset):
        # An unticked "temporary only" box means all agreements, not only permanent ones.
        if self.form.cleaned_data.get("isTemporary") is False and "isTemporary" not in self.data:
            self.form.cleaned_data["isTemporary"] = None
        return super().filter_queryset(queryset)


class AgreementApiFilter(AgreementFilter):
    """The same filters in the API, where an agreement system unknown to the catalogue
    simply matches nothing (the list of systems is data, so no schema can enumerate it)."""

    system = django_filters.CharFilter(
        field_name="system__slug", label=_("Agreement system (short name)")
    )


class ReleaseFilter(PortalFilterSet):
    status = django_filters.ChoiceFilter(
        choices=Release.Status.choices, label=_("Status"), empty_label=ALL
    )
    publishedAfter = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label=_("Published on or after")
    )
    ordering = OrderingFilter(fields=(("published_on", "publishedOn"), ("number", "number")))

    class Meta:
        model = Release
        fields: list[str] = []


class ComplianceFilter(PortalFilterSet):
    party = django_filters.ModelChoiceFilter(
        field_name="organisation",
        to_field_name="slug",
        label=_("Party"),
        queryset=Organisation.objects.filter(compliance_records__isnull=False).distinct(),
        empty_label=ALL,
    )
    agreement = django_filters.CharFilter(
        field_name="version__agreement__code", label=_("Agreement code"), max_length=30
    )
    result = django_filters.ChoiceFilter(
        choices=ComplianceRecord.Result.choices, label=_("Result"), empty_label=ALL
    )

    class Meta:
        model = ComplianceRecord
        fields: list[str] = []
