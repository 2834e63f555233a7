"""`/api/v1/compliance-records` (NTV validations) and `/api/v1/harmonisations` (how other
agreement systems relate to a national agreement): public with their agreement, with the
filters and paging of the other collections."""

from __future__ import annotations

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request

from agreements import services
from agreements.models import ComplianceRecord, Harmonisation
from portal.accounts.models import Organisation
from portal.api.writes import (
    IDEMPOTENCY_KEY,
    IF_MATCH,
    ScopedWrites,
    ServiceCreates,
    ServiceUpdates,
)


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


class ComplianceRecordInput(serializers.Serializer):
    agreement = serializers.CharField(max_length=40, help_text="The agreement's code.")
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text="The version validated against; the current one when left out.",
    )
    party = serializers.SlugField(
        max_length=80, help_text="The short name (slug) of the validated organisation."
    )
    result = serializers.ChoiceField(choices=ComplianceRecord.Result.choices)
    testedOn = serializers.DateField()
    validUntil = serializers.DateField(required=False, allow_null=True)

    def validate_party(self, value: str) -> Organisation:
        organisation = Organisation.objects.filter(slug=value).first()
        if organisation is None:
            raise serializers.ValidationError("No organisation has this short name.")
        return organisation


class ComplianceRecordChange(serializers.Serializer):
    result = serializers.ChoiceField(choices=ComplianceRecord.Result.choices, required=False)
    testedOn = serializers.DateField(required=False)
    validUntil = serializers.DateField(required=False, allow_null=True)


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
    create=extend_schema(
        summary="Record a validation result",
        description=(
            "For the national testing facility's client (scope `compliance:write`): the "
            "result of validating a party against a version of an agreement that is or was "
            "in force. The same checks as the portal's form: the test took place, the "
            "version was in force on that day, the validity ends after it."
        ),
        tags=["agreements"],
        request=ComplianceRecordInput,
        responses={201: ComplianceRecordSerializer},
        parameters=[IDEMPOTENCY_KEY],
    ),
    partial_update=extend_schema(
        summary="Correct a validation result",
        description=(
            "Correct the result, test date or validity of a result your organisation "
            "recorded (scope `compliance:write`), with the ETag you read in If-Match."
        ),
        tags=["agreements"],
        request=ComplianceRecordChange,
        responses={200: ComplianceRecordSerializer},
        parameters=[IF_MATCH],
    ),
)
class ComplianceRecordViewSet(ServiceCreates, ServiceUpdates, viewsets.ReadOnlyModelViewSet):
    serializer_class = ComplianceRecordSerializer
    filterset_class = ComplianceRecordFilter
    filter_backends = [DjangoFilterBackend]
    permission_classes = [ScopedWrites]
    write_scopes = ["compliance:write"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_serializer = ComplianceRecordInput
    change_serializer = ComplianceRecordChange
    field_names = {
        "agreement": "code",
        "version": "version_number",
        "party": "organisation",
        "testedOn": "tested_on",
        "validUntil": "valid_until",
    }

    def get_queryset(self):
        return (
            ComplianceRecord.objects.published()
            .select_related("version__agreement", "organisation")
            .order_by("-tested_on", "-pk")
        )

    def create_service(self, request: Request, data: dict) -> ComplianceRecord:
        return services.compliance_record(
            actor=request.user,
            organisation=data["party"],
            code=data["agreement"],
            version_number=data.get("version"),
            result=data["result"],
            tested_on=data["testedOn"],
            valid_until=data.get("validUntil"),
        )

    def update_service(self, request, obj, lock_version, fields) -> ComplianceRecord:
        return services.compliance_update(
            actor=request.user, record=obj, lock_version=lock_version, **fields
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
