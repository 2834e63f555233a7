"""`/api/v1/exchanges`: the Wegiz agenda, with each exchange's dated history."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from agreements.models import Agreement
from roadmap.models import Designation, Exchange, PhaseChange, Study
from roadmap.models.wegiz import Phase


class ExchangeFilter(django_filters.FilterSet):
    phase = django_filters.ChoiceFilter(choices=Phase.choices, method="filter_phase")
    spoor = django_filters.ChoiceFilter(choices=[("1", "1"), ("2", "2")], method="filter_spoor")
    domain = django_filters.CharFilter(field_name="care_domain", lookup_expr="iexact")
    asOf = django_filters.DateFilter(method="filter_as_of")
    ordering = django_filters.OrderingFilter(fields=(("number", "number"), ("title", "title")))

    class Meta:
        model = Exchange
        fields: list[str] = []

    def filter_as_of(self, queryset, name, value):
        phase_then = (
            PhaseChange.objects.filter(exchange=OuterRef("pk"), is_planned=False, date__lte=value)
            .order_by("-date", "-id")
            .values("phase")[:1]
        )
        return queryset.annotate(phase_as_of=Subquery(phase_then)).filter(phase_as_of__isnull=False)

    def filter_phase(self, queryset, name, value):
        if self.form.cleaned_data.get("asOf"):
            return queryset  # applied after asOf, in filter_queryset
        return queryset.filter(phase=value)

    def filter_spoor(self, queryset, name, value):
        return queryset.filter(
            Exists(Designation.objects.filter(exchange=OuterRef("pk"), spoor=int(value)))
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("asOf") and data.get("phase"):
            queryset = queryset.filter(phase_as_of=data["phase"])
        return queryset


class PhaseChangeSerializer(serializers.ModelSerializer):
    isPlanned = serializers.BooleanField(source="is_planned")
    isCorrection = serializers.BooleanField(source="is_correction")

    class Meta:
        model = PhaseChange
        fields = ["phase", "date", "isPlanned", "isCorrection", "reason"]


class DesignationSerializer(serializers.ModelSerializer):
    spoor = serializers.IntegerField(read_only=True)
    expectedInForce = serializers.DateField(source="expected_in_force", allow_null=True)
    actualInForce = serializers.DateField(source="actual_in_force", allow_null=True)

    class Meta:
        model = Designation
        fields = ["spoor", "step", "expectedInForce", "actualInForce", "note"]


class StudySerializer(serializers.ModelSerializer):
    completedOn = serializers.DateField(source="completed_on")

    class Meta:
        model = Study
        fields = ["kind", "completedOn", "conclusion", "outcome"]


class ExchangeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:exchange-detail", lookup_field="number"
    )
    number = serializers.IntegerField(read_only=True)
    careDomain = serializers.CharField(source="care_domain")
    qualityStandard = serializers.CharField(source="quality_standard")
    informationStandard = serializers.CharField(source="information_standard")
    nenNorm = serializers.CharField(source="nen_norm")
    phase = serializers.SerializerMethodField()
    designations = DesignationSerializer(many=True, read_only=True)
    studies = StudySerializer(many=True, read_only=True)
    phaseHistory = PhaseChangeSerializer(source="phase_changes", many=True, read_only=True)
    agreements = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Exchange
        fields = [
            "url",
            "number",
            "title",
            "careDomain",
            "commissioner",
            "qualityStandard",
            "informationStandard",
            "nenNorm",
            "phase",
            "designations",
            "studies",
            "phaseHistory",
            "agreements",
        ]

    def get_phase(self, obj) -> str:
        """The phase now, or on `asOf` when given."""
        return getattr(obj, "phase_as_of", None) or obj.phase


@extend_schema_view(
    list=extend_schema(summary="Data exchanges on the Wegiz agenda", tags=["wegiz"]),
    retrieve=extend_schema(
        summary="One data exchange with its dated history",
        tags=["wegiz"],
        parameters=[
            OpenApiParameter(
                "asOf", OpenApiTypes.DATE, description="Report the phase on this date."
            )
        ],
    ),
)
class ExchangeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ExchangeSerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    filterset_class = ExchangeFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        qs = (
            Exchange.objects.filter(on_agenda=True)
            .prefetch_related(
                Prefetch("designations", queryset=Designation.objects.order_by("spoor")),
                Prefetch("studies", queryset=Study.objects.order_by("completed_on")),
                Prefetch("phase_changes", queryset=PhaseChange.objects.order_by("date", "id")),
                Prefetch("agreements", queryset=Agreement.objects.published()),
            )
            .order_by("number")
        )
        if self.action == "retrieve":
            flt = ExchangeFilter(self.request.query_params, queryset=qs)
            if flt.is_valid() and flt.form.cleaned_data.get("asOf"):
                return flt.qs
        return qs
