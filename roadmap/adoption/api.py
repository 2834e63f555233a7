"""`/api/v1/adoption-figures` and `/api/v1/adoption-targets`: the figures and targets of
adoption monitoring, with the subject (exchange number or agreement code), indicator and
period filters; figures of a draft agreement are not public."""

from __future__ import annotations

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from agreements.models import Agreement
from portal.api.writes import (
    IDEMPOTENCY_KEY,
    IF_MATCH,
    ScopedWrites,
    ServiceCreates,
    ServiceUpdates,
)
from roadmap.adoption import services
from roadmap.models import AdoptionMeasurement, AdoptionTarget, Exchange, Indicator


class _Subject(serializers.ModelSerializer):
    exchange = serializers.IntegerField(source="exchange.number", allow_null=True, default=None)
    agreement = serializers.CharField(source="agreement.code", allow_null=True, default=None)


class AdoptionFigureSerializer(_Subject):
    url = serializers.HyperlinkedIdentityField(view_name="api:adoption-figure-detail")
    measuredOn = serializers.DateField(source="measured_on")
    reportedBy = serializers.CharField(source="organisation.name", allow_null=True, default=None)

    class Meta:
        model = AdoptionMeasurement
        fields = [
            "url",
            "id",
            "exchange",
            "agreement",
            "indicator",
            "value",
            "measuredOn",
            "source",
            "reportedBy",
            "note",
        ]


class AdoptionTargetSerializer(_Subject):
    url = serializers.HyperlinkedIdentityField(view_name="api:adoption-target-detail")
    targetDate = serializers.DateField(source="target_date")

    class Meta:
        model = AdoptionTarget
        fields = ["url", "id", "exchange", "agreement", "indicator", "value", "targetDate", "note"]


class AdoptionFigureChange(serializers.Serializer):
    indicator = serializers.ChoiceField(choices=Indicator.choices, required=False)
    value = serializers.IntegerField(min_value=0, required=False)
    measuredOn = serializers.DateField(required=False)
    source = serializers.CharField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class AdoptionFigureInput(AdoptionFigureChange):
    exchange = serializers.IntegerField(
        required=False, allow_null=True, help_text="The number of a Wegiz exchange."
    )
    agreement = serializers.CharField(
        max_length=40, required=False, allow_null=True, help_text="The code of an agreement."
    )
    indicator = serializers.ChoiceField(choices=Indicator.choices)
    value = serializers.IntegerField(min_value=0)
    measuredOn = serializers.DateField()

    def validate(self, attrs):
        user = self.context["request"].user
        exchange, agreement = attrs.get("exchange"), attrs.get("agreement")
        if (exchange is None) == (agreement is None):
            raise serializers.ValidationError("Give an exchange or an agreement, not both.")
        if exchange is not None:
            attrs["exchange"] = Exchange.objects.filter(number=exchange).first()
            if attrs["exchange"] is None:
                raise serializers.ValidationError({"exchange": "No exchange has this number."})
        if agreement is not None:
            attrs["agreement"] = (
                Agreement.objects.visible_to(user).filter(code=agreement.strip().upper()).first()
            )
            if attrs["agreement"] is None:
                raise serializers.ValidationError({"agreement": "No agreement has this code."})
        return attrs


class _SubjectFilter(django_filters.FilterSet):
    exchange = django_filters.NumberFilter(field_name="exchange__number")
    agreement = django_filters.CharFilter(field_name="agreement__code")
    indicator = django_filters.ChoiceFilter(choices=Indicator.choices)


class AdoptionFigureFilter(_SubjectFilter):
    measuredFrom = django_filters.DateFilter(field_name="measured_on", lookup_expr="gte")
    measuredUntil = django_filters.DateFilter(field_name="measured_on", lookup_expr="lte")

    class Meta:
        model = AdoptionMeasurement
        fields: list[str] = []


class AdoptionTargetFilter(_SubjectFilter):
    class Meta:
        model = AdoptionTarget
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Adoption figures",
        description=(
            "Dated figures of how far the field has adopted an exchange or an agreement "
            "(care providers connected, vendors validated by the NTV, …), oldest first."
        ),
        tags=["adoption"],
    ),
    retrieve=extend_schema(summary="One adoption figure", tags=["adoption"]),
    create=extend_schema(
        summary="Record an adoption figure",
        description=(
            "For a reporting organisation's client, such as the NTV's (scope "
            "`adoption:write`): a dated figure for an exchange or an agreement, in the "
            "organisation's name."
        ),
        tags=["adoption"],
        request=AdoptionFigureInput,
        responses={201: AdoptionFigureSerializer},
        parameters=[IDEMPOTENCY_KEY],
    ),
    partial_update=extend_schema(
        summary="Correct an adoption figure",
        description=(
            "Correct a figure your organisation reported (scope `adoption:write`), with "
            "the ETag you read in If-Match."
        ),
        tags=["adoption"],
        request=AdoptionFigureChange,
        responses={200: AdoptionFigureSerializer},
        parameters=[IF_MATCH],
    ),
)
class AdoptionFigureViewSet(ServiceCreates, ServiceUpdates, viewsets.ReadOnlyModelViewSet):
    serializer_class = AdoptionFigureSerializer
    filterset_class = AdoptionFigureFilter
    filter_backends = [DjangoFilterBackend]
    permission_classes = [ScopedWrites]
    write_scopes = ["adoption:write"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_serializer = AdoptionFigureInput
    change_serializer = AdoptionFigureChange
    field_names = {"measuredOn": "measured_on"}

    def get_queryset(self):
        return (
            AdoptionMeasurement.objects.visible_to(self.request.user)
            .select_related("exchange", "agreement", "organisation")
            .order_by("measured_on", "pk")
        )

    def create_service(self, request, data):
        fields = {
            self.field_names.get(k, k): v
            for k, v in data.items()
            if k not in {"exchange", "agreement"}
        }
        return services.figure_record(
            actor=request.user,
            exchange=data.get("exchange"),
            agreement=data.get("agreement"),
            **fields,
        )

    def update_service(self, request, obj, lock_version, fields):
        return services.figure_update(
            actor=request.user, figure=obj, lock_version=lock_version, **fields
        )


@extend_schema_view(
    list=extend_schema(
        summary="Adoption targets",
        description="The target per indicator of an exchange or agreement, and its date.",
        tags=["adoption"],
    ),
    retrieve=extend_schema(summary="One adoption target", tags=["adoption"]),
)
class AdoptionTargetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AdoptionTargetSerializer
    filterset_class = AdoptionTargetFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return (
            AdoptionTarget.objects.visible_to(self.request.user)
            .select_related("exchange", "agreement")
            .order_by("pk")
        )
