from __future__ import annotations

from django.db.models import Prefetch
from django.utils.dateparse import parse_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from agreements.api.serializers import (
    AgreementDetailSerializer,
    AgreementListSerializer,
    ReleaseSerializer,
    StandardSerializer,
)
from agreements.filters import AgreementApiFilter, ReleaseFilter
from agreements.models import Agreement, AgreementVersion, Release, ReleaseItem, Review, Standard

AS_OF = OpenApiParameter(
    "asOf", OpenApiTypes.DATE, description="Show the version in force on this date (YYYY-MM-DD)."
)


@extend_schema_view(
    list=extend_schema(summary="Agreements of the national catalogue", tags=["agreements"]),
    retrieve=extend_schema(summary="One agreement", tags=["agreements"], parameters=[AS_OF]),
)
class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "code"
    filterset_class = AgreementApiFilter
    filter_backends = [DjangoFilterBackend]

    def _as_of(self):
        raw = self.request.query_params.get("asOf")
        if not raw:
            return None
        try:
            day = parse_date(raw) if len(raw) == 10 else None
        except ValueError:  # well formed but impossible, such as 2026-02-30
            day = None
        if day is None:
            raise ValidationError({"asOf": ["Use a date as YYYY-MM-DD."]})
        return day

    def get_queryset(self):
        day = self._as_of()
        shown = (
            AgreementVersion.objects.in_force_on(day)
            if day
            else AgreementVersion.objects.filter(is_current=True)
        )
        qs = (
            Agreement.objects.visible_to(self.request.user)
            .select_related("system")
            .prefetch_related(
                Prefetch("versions", queryset=shown, to_attr="shown_versions"), "standards"
            )
            .order_by("code")
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                "standards__maintainer",
                "harmonisations__system",
                Prefetch(
                    "versions",
                    queryset=AgreementVersion.objects.published()
                    .order_by("-number")
                    .prefetch_related(
                        Prefetch(
                            "release_items",
                            queryset=ReleaseItem.objects.published().select_related(
                                "release", "version"
                            ),
                        )
                    ),
                ),
            )
        return qs

    def get_serializer_class(self):
        return AgreementDetailSerializer if self.action == "retrieve" else AgreementListSerializer


@extend_schema_view(
    list=extend_schema(summary="Published releases of the agreement system", tags=["releases"]),
    retrieve=extend_schema(summary="One release", tags=["releases"]),
)
class ReleaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReleaseSerializer
    lookup_field = "number"
    lookup_value_regex = r"[^/]+"
    filterset_class = ReleaseFilter
    filter_backends = AgreementViewSet.filter_backends

    def get_queryset(self):
        return (
            Release.objects.visible_to(self.request.user)
            .prefetch_related(
                Prefetch(
                    "items",
                    queryset=ReleaseItem.objects.select_related("version__agreement").order_by(
                        "version__agreement__code"
                    ),
                ),
                Prefetch("reviews", queryset=Review.objects.order_by("-created_at")),
            )
            .order_by("-published_on", "-number")
        )


@extend_schema_view(
    list=extend_schema(summary="Standards the catalogue refers to", tags=["standards"]),
    retrieve=extend_schema(summary="One standard", tags=["standards"]),
)
class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StandardSerializer
    lookup_field = "code"
    ordering_fields = ["code", "name"]
    ordering = ["name"]

    def get_queryset(self):
        return Standard.objects.select_related("maintainer").prefetch_related(
            Prefetch("agreements", queryset=Agreement.objects.published())
        )
