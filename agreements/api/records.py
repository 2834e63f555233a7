"""`/api/v1/compliance-records` (NTV validations) and `/api/v1/harmonisations` (how other
agreement systems relate to a national agreement): public with their agreement, with the
filters and paging of the other collections."""

from __future__ import annotations

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from agreements.models import ComplianceRecord, Harmonisation


class ComplianceRecordSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:compliance-record-detail")
    agreement = serializers.CharField(source="version.agreement.code")
    version = serializers.IntegerField(source="version.number")
    party = serializers.CharField(source="organisation.name")
    partyKind = serializers.CharField(source="organisation.kind")
    testedOn = serializers.DateField(source="tested_on")
    validUntil = serializers.DateField(source="valid_until", allow_null=True)

    class Meta:
        model = ComplianceRecord
        fields = [
            "url",
            "id",
            "agreement",
            "version",
            "party",
            "partyKind",
            "result",
            "testedOn",
            "validUntil",
        ]


class ComplianceRecordFilter(django_filters.FilterSet):
    agreement = django_filters.CharFilter(field_name="version__agreement__code")
    party = django_filters.CharFilter(field_name="organisation__slug")
    result = django_filters.ChoiceFilter(choices=ComplianceRecord.Result.choices)
    testedFrom = django_filters.DateFilter(field_name="tested_on", lookup_expr="gte")

    class Meta:
        model = ComplianceRecord
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Compliance records (NTV)",
        description=(
            "Parties validated by the national testing facility against a version of an "
            "agreement: result, test date and validity; newest first."
        ),
        tags=["agreements"],
    ),
    retrieve=extend_schema(summary="One compliance record", tags=["agreements"]),
)
class ComplianceRecordViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ComplianceRecordSerializer
    filterset_class = ComplianceRecordFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return (
            ComplianceRecord.objects.published()
            .select_related("version__agreement", "organisation")
            .order_by("-tested_on", "-pk")
        )


class HarmonisationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:harmonisation-detail")
    agreement = serializers.CharField(source="agreement.code")
    system = serializers.CharField(source="system.slug")
    systemName = serializers.CharField(source="system.name")

    class Meta:
        model = Harmonisation
        fields = ["url", "id", "agreement", "system", "systemName", "relation", "note", "since"]


class HarmonisationFilter(django_filters.FilterSet):
    agreement = django_filters.CharFilter(field_name="agreement__code")
    system = django_filters.CharFilter(field_name="system__slug")
    relation = django_filters.ChoiceFilter(choices=Harmonisation.Relation.choices)

    class Meta:
        model = Harmonisation
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Harmonisations",
        description=(
            "How other agreement systems relate to the national agreements: an agreement "
            "they duplicate, refer to or were merged into."
        ),
        tags=["agreements"],
    ),
    retrieve=extend_schema(summary="One harmonisation", tags=["agreements"]),
)
class HarmonisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HarmonisationSerializer
    filterset_class = HarmonisationFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return (
            Harmonisation.objects.published()
            .select_related("agreement", "system")
            .order_by("agreement__code", "system__name", "pk")
        )
