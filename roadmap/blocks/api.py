"""`/api/v1/building-blocks`: the public register of national building blocks, with the
same filters as the page; `asOf` gives each block's state on a date from its history
(blocks published by then only)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import OuterRef, Prefetch, Subquery
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from agreements.models import Agreement
from roadmap.models import BuildingBlock, Pilot


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


class BuildingBlockFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=BuildingBlock.Status.choices, method="by_status")
    function = django_filters.ChoiceFilter(
        field_name="generic_function", choices=Agreement.Topic.choices
    )
    agreement = django_filters.CharFilter(field_name="agreements__code")
    asOf = django_filters.DateFilter(method="filter_as_of")

    class Meta:
        model = BuildingBlock
        fields: list[str] = []

    def filter_as_of(self, queryset, name, value):
        then = BuildingBlock.history.filter(
            id=OuterRef("pk"), history_date__lt=_end_of(value)
        ).order_by("-history_date", "-history_id")
        return queryset.annotate(
            status_as_of=Subquery(then.values("status")[:1]),
            published_as_of=Subquery(then.values("is_published")[:1]),
        ).filter(published_as_of=True)

    def by_status(self, queryset, name, value):
        return queryset  # applied after asOf, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        status = data.get("status")
        if status:
            field = "status_as_of" if data.get("asOf") else "status"
            queryset = queryset.filter(**{field: status})
        return queryset.distinct() if data.get("agreement") else queryset


class BuildingBlockSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:building-block-detail", lookup_field="slug"
    )
    genericFunction = serializers.CharField(source="generic_function")
    status = serializers.SerializerMethodField()
    infoUrl = serializers.CharField(source="url")
    agreements = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    pilots = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    initiatives = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = BuildingBlock
        fields = [
            "url",
            "slug",
            "name",
            "summary",
            "owner",
            "genericFunction",
            "status",
            "infoUrl",
            "agreements",
            "pilots",
            "initiatives",
        ]

    def get_status(self, obj) -> str:
        """The state now, or on `asOf` when given."""
        return getattr(obj, "status_as_of", None) or obj.status


@extend_schema_view(
    list=extend_schema(
        summary="National building blocks",
        description="Published national building blocks (Dezi, Mitz, ZorgAB, …) with their "
        "owner, state, generic function, the agreements that specify them, the pilots that "
        "tested them and the regional initiatives that reuse them.",
        tags=["portfolio"],
    ),
    retrieve=extend_schema(
        summary="One building block",
        description="A published national building block with what specifies and reuses it.",
        tags=["portfolio"],
    ),
)
class BuildingBlockViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BuildingBlockSerializer
    filterset_class = BuildingBlockFilter
    filter_backends = [DjangoFilterBackend]
    lookup_field = "slug"

    def get_queryset(self):
        return (
            BuildingBlock.objects.published()
            .prefetch_related(
                Prefetch("agreements", queryset=Agreement.objects.published()),
                Prefetch("pilots", queryset=Pilot.objects.published()),
                "initiatives",
            )
            .order_by("name")
        )
