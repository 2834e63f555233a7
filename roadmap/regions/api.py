"""`/api/v1/regions` and `/api/v1/initiatives`: public fields only."""

from __future__ import annotations

import django_filters
from django.db.models import Count
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from roadmap.models import Initiative, Region
from roadmap.regions.selectors import initiatives_with_latest_review


class RegionSerializer(serializers.ModelSerializer):
    initiatives = serializers.IntegerField(source="n_initiatives", read_only=True)

    class Meta:
        model = Region
        fields = ["slug", "name", "code", "initiatives"]


class DecidedFundingSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    status = serializers.CharField()
    rationale = serializers.CharField()


class InitiativeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:initiative-detail", lookup_field="slug"
    )
    region = serializers.CharField(source="region.slug")
    careDomains = serializers.CharField(source="care_domains")
    fundingSource = serializers.CharField(source="funding_source")
    fundingAmount = serializers.DecimalField(
        source="funding_amount",
        max_digits=12,
        decimal_places=0,
        coerce_to_string=False,
        allow_null=True,
    )
    alignment = serializers.SerializerMethodField()
    decidedFunding = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "url",
            "slug",
            "title",
            "region",
            "purpose",
            "careDomains",
            "status",
            "fundingSource",
            "fundingAmount",
            "alignment",
            "decidedFunding",
        ]

    def get_alignment(self, obj) -> str | None:
        reviews = obj.reviews_newest_first
        return reviews[0].overall if reviews else None

    @extend_schema_field(DecidedFundingSerializer(many=True))
    def get_decidedFunding(self, obj):
        return [
            {"scheme": a.scheme.name, "status": a.status, "rationale": a.decision_rationale}
            for a in obj.decided_applications
        ]


class InitiativeFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__slug")
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("region__name", "region"))
    )

    class Meta:
        model = Initiative
        fields = ["status"]


@extend_schema_view(
    list=extend_schema(summary="Regions", tags=["regions"]),
    retrieve=extend_schema(summary="One region", tags=["regions"]),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    lookup_field = "slug"
    ordering = ["name"]

    def get_queryset(self):
        return Region.objects.annotate(n_initiatives=Count("initiatives")).order_by("name")


@extend_schema_view(
    list=extend_schema(summary="Regional initiatives", tags=["regions"]),
    retrieve=extend_schema(summary="One regional initiative", tags=["regions"]),
)
class InitiativeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InitiativeSerializer
    lookup_field = "slug"
    filterset_class = InitiativeFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return initiatives_with_latest_review()
