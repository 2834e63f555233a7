"""`/api/v1/regions`, `/api/v1/initiatives`, `/api/v1/funding-schemes` and
`/api/v1/funding-decisions`: public fields only (decided applications, never drafts or
pending ones)."""

from __future__ import annotations

import django_filters
from django.db.models import Count
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from portal.api.writes import IF_MATCH, ScopedWrites, ServiceUpdates
from roadmap.models import (
    FundingApplication,
    FundingCall,
    FundingScheme,
    Initiative,
    ProgressReport,
    Region,
)
from roadmap.regions import services
from roadmap.regions.selectors import (
    committed_by_region,
    initiatives_with_latest_review,
    schemes_with_money,
)

MONEY = {"max_digits": 14, "decimal_places": 0, "coerce_to_string": False}


class RegionSerializer(serializers.ModelSerializer):
    initiatives = serializers.IntegerField(source="n_initiatives", read_only=True)

    class Meta:
        model = Region
        fields = ["slug", "name", "code", "initiatives"]


class DecidedFundingSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    status = serializers.CharField()
    rationale = serializers.CharField()
    amountRequested = serializers.DecimalField(**MONEY)
    amountGranted = serializers.DecimalField(**MONEY, allow_null=True)


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
            {
                "scheme": a.scheme.name,
                "status": a.status,
                "rationale": a.decision_rationale,
                "amountRequested": a.amount_requested,
                "amountGranted": a.amount_granted,
            }
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


class InitiativeChange(serializers.Serializer):
    """The facts of an initiative its region keeps up to date."""

    title = serializers.CharField(max_length=250, required=False)
    purpose = serializers.CharField(required=False)
    careDomains = serializers.CharField(max_length=250, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Initiative.Status.choices, required=False)
    fundingSource = serializers.CharField(max_length=200, required=False, allow_blank=True)
    fundingAmount = serializers.DecimalField(
        max_digits=12, decimal_places=0, min_value=0, required=False, allow_null=True
    )


@extend_schema_view(
    list=extend_schema(summary="Regional initiatives", tags=["regions"]),
    retrieve=extend_schema(summary="One regional initiative", tags=["regions"]),
    partial_update=extend_schema(
        summary="Update an initiative's facts",
        description=(
            "For a region's client (scope `regions:write`), for the initiatives of its own "
            "region: title, purpose, care domains, status and funding, with the ETag you "
            "read in If-Match."
        ),
        tags=["regions"],
        request=InitiativeChange,
        responses={200: InitiativeSerializer},
        parameters=[IF_MATCH],
    ),
)
class InitiativeViewSet(ServiceUpdates, viewsets.ReadOnlyModelViewSet):
    serializer_class = InitiativeSerializer
    lookup_field = "slug"
    filterset_class = InitiativeFilter
    filter_backends = [DjangoFilterBackend]
    permission_classes = [ScopedWrites]
    write_scopes = ["regions:write"]
    http_method_names = ["get", "patch", "head", "options"]
    change_serializer = InitiativeChange
    field_names = {
        "careDomains": "care_domains",
        "fundingSource": "funding_source",
        "fundingAmount": "funding_amount",
    }

    def get_queryset(self):
        return initiatives_with_latest_review()

    def update_service(self, request, obj, lock_version, fields):
        return services.initiative_update(
            actor=request.user, initiative=obj, lock_version=lock_version, **fields
        )


class ProgressReportSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:progress-report-detail")
    initiative = serializers.CharField(source="initiative.slug")
    region = serializers.CharField(source="initiative.region.slug")
    dueDate = serializers.DateField(source="due_date")
    nextSteps = serializers.CharField(source="next_steps")
    submittedAt = serializers.DateTimeField(source="submitted_at", allow_null=True)

    class Meta:
        model = ProgressReport
        fields = [
            "url",
            "id",
            "initiative",
            "region",
            "period",
            "dueDate",
            "status",
            "progress",
            "results",
            "issues",
            "nextSteps",
            "submittedAt",
        ]


class ProgressReportChange(serializers.Serializer):
    progress = serializers.CharField(required=False, allow_blank=True)
    results = serializers.CharField(required=False, allow_blank=True)
    issues = serializers.CharField(required=False, allow_blank=True)
    nextSteps = serializers.CharField(required=False, allow_blank=True)


class ProgressReportFilter(django_filters.FilterSet):
    initiative = django_filters.CharFilter(field_name="initiative__slug")
    region = django_filters.CharFilter(field_name="initiative__region__slug")
    status = django_filters.ChoiceFilter(choices=ProgressReport.Status.choices)

    class Meta:
        model = ProgressReport
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Progress reports",
        description=(
            "The quarterly progress reports of regional initiatives. Not public: a region's "
            "client sees its own region's, staff and CDS reviewers all."
        ),
        tags=["regions"],
    ),
    retrieve=extend_schema(summary="One progress report", tags=["regions"]),
    partial_update=extend_schema(
        summary="Save a progress report as draft",
        description=(
            "Write the texts of a report of your region that is not submitted yet (scope "
            "`regions:write`), with the ETag you read in If-Match."
        ),
        tags=["regions"],
        request=ProgressReportChange,
        responses={200: ProgressReportSerializer},
        parameters=[IF_MATCH],
    ),
    submission=extend_schema(
        summary="Submit a progress report",
        description=(
            "Submit the report (with the texts given, if any); from then on it is locked. "
            "Progress and next steps must be filled in (scope `regions:write`, If-Match)."
        ),
        tags=["regions"],
        request=ProgressReportChange,
        responses={200: ProgressReportSerializer},
        parameters=[IF_MATCH],
    ),
)
class ProgressReportViewSet(ServiceUpdates, viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilter
    filter_backends = [DjangoFilterBackend]
    permission_classes = [ScopedWrites]
    write_scopes = ["regions:write"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    change_serializer = ProgressReportChange
    field_names = {"nextSteps": "next_steps"}

    def get_queryset(self):
        return (
            ProgressReport.objects.visible_to(self.request.user)
            .select_related("initiative__region")
            .order_by("-due_date", "pk")
        )

    def update_service(self, request, obj, lock_version, fields):
        return services.report_save(
            actor=request.user, report=obj, lock_version=lock_version, **fields
        )

    def _submit(self, request, obj, lock_version, fields):
        return services.report_submit(
            actor=request.user, report=obj, lock_version=lock_version, **fields
        )

    @action(detail=True, methods=["post"], url_path="submission")
    def submission(self, request: Request, pk: str) -> Response:
        return self.service_update(request, {"pk": pk}, service=self._submit)


class CallSerializer(serializers.ModelSerializer):
    opensOn = serializers.DateField(source="opens_on")

    class Meta:
        model = FundingCall
        fields = ["name", "opensOn", "deadline", "description"]


class RegionMoneySerializer(serializers.Serializer):
    region = serializers.CharField()
    grants = serializers.IntegerField()
    requested = serializers.DecimalField(**MONEY)
    granted = serializers.DecimalField(**MONEY)


class FundingSchemeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:funding-scheme-detail", lookup_field="slug"
    )
    isOpen = serializers.BooleanField(source="is_open")
    budget = serializers.DecimalField(**MONEY, allow_null=True)
    granted = serializers.DecimalField(source="committed", **MONEY)
    remaining = serializers.DecimalField(**MONEY, allow_null=True)
    grants = serializers.IntegerField(source="n_grants")
    calls = CallSerializer(many=True, read_only=True)
    regions = serializers.SerializerMethodField()

    class Meta:
        model = FundingScheme
        fields = [
            "url",
            "slug",
            "name",
            "description",
            "source",
            "isOpen",
            "budget",
            "granted",
            "remaining",
            "grants",
            "calls",
            "regions",
        ]

    @extend_schema_field(RegionMoneySerializer(many=True))
    def get_regions(self, obj):
        by_scheme = self.context.get("regions_by_scheme")
        rows = committed_by_region(obj) if by_scheme is None else by_scheme.get(obj.slug, [])
        return [
            {
                "region": r["initiative__region__slug"],
                "grants": r["n"],
                "requested": r["requested"],
                "granted": r["committed"],
            }
            for r in rows
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Funding schemes",
        description=(
            "Every funding scheme with its budget ceiling, the amount granted so far, what "
            "remains, its calls for applications and the amounts granted per region."
        ),
        tags=["regions"],
    ),
    retrieve=extend_schema(summary="One funding scheme", tags=["regions"]),
)
class FundingSchemeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FundingSchemeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return schemes_with_money()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # One grouped query for the regions of every scheme on the page.
        grouped: dict[str, list] = {}
        for row in committed_by_region():
            grouped.setdefault(row["scheme__slug"], []).append(row)
        context["regions_by_scheme"] = grouped
        return context


class FundingDecisionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:funding-decision-detail")
    scheme = serializers.CharField(source="scheme.slug")
    call = serializers.CharField(source="call.name", allow_null=True, default=None)
    initiative = serializers.CharField(source="initiative.slug")
    region = serializers.CharField(source="initiative.region.slug")
    amountRequested = serializers.DecimalField(source="amount_requested", **MONEY)
    amountGranted = serializers.DecimalField(source="amount_granted", **MONEY, allow_null=True)
    rationale = serializers.CharField(source="decision_rationale")
    decidedAt = serializers.DateTimeField(source="decided_at")

    class Meta:
        model = FundingApplication
        fields = [
            "url",
            "id",
            "title",
            "scheme",
            "call",
            "initiative",
            "region",
            "status",
            "amountRequested",
            "amountGranted",
            "rationale",
            "decidedAt",
        ]


class FundingDecisionFilter(django_filters.FilterSet):
    scheme = django_filters.CharFilter(field_name="scheme__slug")
    region = django_filters.CharFilter(field_name="initiative__region__slug")
    status = django_filters.ChoiceFilter(
        choices=[
            (s.value, s.label) for s in FundingApplication.Status if s in FundingApplication.DECIDED
        ]
    )

    class Meta:
        model = FundingApplication
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Funding decisions",
        description=(
            "Decided funding applications (granted, granted with conditions, refused) with "
            "the amounts requested and granted; drafts and pending applications are not public."
        ),
        tags=["regions"],
    ),
    retrieve=extend_schema(summary="One funding decision", tags=["regions"]),
)
class FundingDecisionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FundingDecisionSerializer
    filterset_class = FundingDecisionFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        return (
            FundingApplication.objects.published()
            .select_related("scheme", "call", "initiative__region")
            .order_by("-decided_at", "-pk")
        )
