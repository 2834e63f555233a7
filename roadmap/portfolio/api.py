"""Public read API of the portfolio: programmes, tranches, milestones, pilots and
published decisions.

Only public fields: no risks, no internal decisions, no unpublished tranches or pilots.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from roadmap.models import (
    Decision,
    DecisionAction,
    Deliverable,
    Milestone,
    OutcomeAssessment,
    Pilot,
    Programme,
    Tranche,
)


class DeliverableSerializer(serializers.ModelSerializer):
    originalDue = serializers.DateField(source="original_due")
    tranche = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Deliverable
        fields = ["title", "tranche", "start", "due", "originalDue", "status"]


class ProgrammeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:programme-detail", lookup_field="slug"
    )
    ownerDirectorate = serializers.CharField(source="owner_directorate")
    deliverables = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "url",
            "slug",
            "name",
            "ownerDirectorate",
            "commissioner",
            "start",
            "end",
            "status",
            "goal",
            "deliverables",
        ]

    def get_deliverables(self, obj) -> list[dict]:
        # Prefetched by the viewset with the public rule (Deliverable.objects.published()).
        return DeliverableSerializer(obj.deliverables.all(), many=True).data


class TrancheSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:tranche-detail", lookup_field="slug")
    valueForCareProviders = serializers.CharField(source="value_for_care_providers")
    exchanges = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = Tranche
        fields = [
            "url",
            "slug",
            "name",
            "goal",
            "valueForCareProviders",
            "start",
            "end",
            "status",
            "exchanges",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    originalDate = serializers.DateField(source="original_date")
    programmes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "title", "date", "originalDate", "status", "owner", "programmes"]


class AssessmentSerializer(serializers.ModelSerializer):
    technicalFeasibility = serializers.IntegerField(source="technical_feasibility")
    userExperience = serializers.IntegerField(source="user_experience")
    scalability = serializers.IntegerField()
    workProcessImpact = serializers.IntegerField(source="work_process_impact")

    class Meta:
        model = OutcomeAssessment
        fields = ["technicalFeasibility", "userExperience", "scalability", "workProcessImpact"]


class PilotSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:pilot-detail", lookup_field="slug")
    participants = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    genericFunction = serializers.CharField(source="generic_function")
    scorecard = serializers.SerializerMethodField()

    class Meta:
        model = Pilot
        fields = [
            "url",
            "slug",
            "title",
            "kind",
            "status",
            "start",
            "end",
            "summary",
            "genericFunction",
            "participants",
            "lessons",
            "scorecard",
        ]

    def get_scorecard(self, obj) -> dict | None:
        assessment = getattr(obj, "assessment", None)
        return AssessmentSerializer(assessment).data if assessment else None


class _StatusFilter(django_filters.FilterSet):
    ordering = django_filters.OrderingFilter(fields=(("start", "start"), ("name", "name")))

    class Meta:
        fields = ["status"]


class ProgrammeFilter(_StatusFilter):
    class Meta(_StatusFilter.Meta):
        model = Programme


class TrancheFilter(_StatusFilter):
    class Meta(_StatusFilter.Meta):
        model = Tranche


class MilestoneFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(field_name="programmes__slug")
    after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    before = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    ordering = django_filters.OrderingFilter(fields=(("date", "date"), ("title", "title")))

    class Meta:
        model = Milestone
        fields = ["status"]


class PilotFilter(django_filters.FilterSet):
    ordering = django_filters.OrderingFilter(fields=(("start", "start"), ("title", "title")))

    class Meta:
        model = Pilot
        fields = ["kind", "status"]


@extend_schema_view(
    list=extend_schema(summary="Programmes", tags=["portfolio"]),
    retrieve=extend_schema(summary="One programme", tags=["portfolio"]),
)
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgrammeSerializer
    lookup_field = "slug"
    filterset_class = ProgrammeFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return Programme.objects.prefetch_related(
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.published().select_related("tranche").order_by("due"),
            )
        ).order_by("name")


@extend_schema_view(
    list=extend_schema(summary="Published tranches", tags=["portfolio"]),
    retrieve=extend_schema(summary="One tranche", tags=["portfolio"]),
)
class TrancheViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TrancheSerializer
    lookup_field = "slug"
    filterset_class = TrancheFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return Tranche.objects.published().prefetch_related("exchanges").order_by("start")


@extend_schema_view(
    list=extend_schema(summary="Public milestones", tags=["portfolio"]),
    retrieve=extend_schema(summary="One milestone", tags=["portfolio"]),
)
class MilestoneViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return Milestone.objects.published().prefetch_related("programmes").order_by("date")


@extend_schema_view(
    list=extend_schema(summary="Pilots and their scorecards", tags=["portfolio"]),
    retrieve=extend_schema(summary="One pilot", tags=["portfolio"]),
)
class PilotViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PilotSerializer
    lookup_field = "slug"
    filterset_class = PilotFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return (
            Pilot.objects.published()
            .select_related("assessment")
            .prefetch_related("participants")
            .order_by("-start", "title")
        )


class DecisionActionSerializer(serializers.ModelSerializer):
    doneOn = serializers.DateField(source="done_on", allow_null=True)

    class Meta:
        model = DecisionAction
        fields = ["description", "owner", "due", "doneOn"]


class DecisionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:decision-detail")
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actions = DecisionActionSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["url", "id", "date", "title", "decision", "rationale", "programme", "actions"]


class DecisionFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(field_name="programme__slug")
    dateFrom = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    dateUntil = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Decision
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Published decisions",
        description=(
            "Decisions of the portfolio meeting that have been published, newest first, "
            "with their rationale and follow-up actions."
        ),
        tags=["portfolio"],
    ),
    retrieve=extend_schema(summary="One published decision", tags=["portfolio"]),
)
class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return (
            Decision.objects.published()
            .select_related("programme")
            .prefetch_related(Prefetch("actions", queryset=DecisionAction.objects.order_by("due")))
            .order_by("-date", "-pk")
        )
