"""`/api/v1/adoption-figures` and `/api/v1/adoption-targets`: the figures and targets of
adoption monitoring, with the subject (exchange number or agreement code), indicator and
period filters; figures of a draft agreement are not public."""

from __future__ import annotations

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from roadmap.models import AdoptionMeasurement, AdoptionTarget, Indicator


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
)
class AdoptionFigureViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AdoptionFigureSerializer
    filterset_class = AdoptionFigureFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return (
            AdoptionMeasurement.objects.visible_to(self.request.user)
            .select_related("exchange", "agreement", "organisation")
            .order_by("measured_on", "pk")
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
