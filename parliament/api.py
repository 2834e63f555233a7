"""`/api/v1/commitments`, `/api/v1/legislation` and `/api/v1/advisory-reports`: the public
register of commitments and motions, the legislative tracks and the advisory reports.

Published records only, with the same filters as the pages; `asOf` reports each record's
state on a date, read from its audited history (records published by then only).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.apps import apps
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from parliament.models import (
    AdviceItem,
    AdvisoryReport,
    Commitment,
    LegislativeTrack,
    ProcedureStep,
)
from parliament.selectors import OVERDUE


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


class CommitmentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Commitment.Kind.choices)
    status = django_filters.ChoiceFilter(
        choices=[*Commitment.Status.choices, (OVERDUE, "Overdue")], method="filter_status"
    )
    owner = django_filters.CharFilter(field_name="owner", lookup_expr="icontains")
    programme = django_filters.CharFilter(field_name="programmes__slug")
    exchange = django_filters.NumberFilter(field_name="exchanges__number")
    agreement = django_filters.CharFilter(field_name="agreements__code")
    asOf = django_filters.DateFilter(method="filter_as_of")
    ordering = django_filters.OrderingFilter(
        fields=(("due", "due"), ("source_date", "sourceDate"), ("title", "title"))
    )

    class Meta:
        model = Commitment
        fields: list[str] = []

    def filter_as_of(self, queryset, name, value):
        then = Commitment.history.filter(id=OuterRef("pk"), history_date__lt=_end_of(value))
        then = then.order_by("-history_date", "-history_id")
        return queryset.annotate(
            status_as_of=Subquery(then.values("status")[:1]),
            published_as_of=Subquery(then.values("is_published")[:1]),
        ).filter(published_as_of=True)

    def filter_status(self, queryset, name, value):
        return queryset  # applied after asOf, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        status, as_of = data.get("status"), data.get("asOf")
        field = "status_as_of" if as_of else "status"
        day = as_of or timezone.localdate()
        if status == OVERDUE:
            queryset = queryset.exclude(**{field: Commitment.Status.FULFILLED}).filter(due__lt=day)
        elif status:
            queryset = queryset.filter(**{field: status})
        return (
            queryset.distinct()
            if any(data.get(k) for k in ("programme", "exchange", "agreement"))
            else queryset
        )


class CommitmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:commitment-detail")
    sourceTitle = serializers.CharField(source="source_title")
    sourceDate = serializers.DateField(source="source_date")
    status = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    fulfilledOn = serializers.DateField(source="fulfilled_on")
    fulfilledBy = serializers.CharField(source="fulfilled_by")
    fulfilledUrl = serializers.CharField(source="fulfilled_url")
    programmes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    exchanges = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    agreements = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    milestones = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "kind",
            "title",
            "summary",
            "source",
            "sourceTitle",
            "kamerstuk",
            "sourceDate",
            "submitters",
            "owner",
            "due",
            "status",
            "overdue",
            "fulfilledOn",
            "fulfilledBy",
            "fulfilledUrl",
            "programmes",
            "exchanges",
            "agreements",
            "milestones",
        ]

    def get_status(self, obj) -> str:
        """The state now, or on `asOf` when given."""
        return getattr(obj, "status_as_of", None) or obj.status

    def get_overdue(self, obj) -> bool:
        """Not fulfilled and past its due date (today, or on `asOf`)."""
        day = self.context.get("as_of") or timezone.localdate()
        return (
            self.get_status(obj) != Commitment.Status.FULFILLED
            and obj.due is not None
            and obj.due < day
        )


@extend_schema_view(
    list=extend_schema(
        summary="Commitments to parliament and motions",
        description="Published commitments (toezeggingen) and adopted motions (moties) with "
        "their source, owner, due date and state; `asOf` gives each one's state on a date.",
        tags=["parliament"],
    ),
    retrieve=extend_schema(
        summary="One commitment or motion",
        description="A published commitment or motion with what it is about.",
        tags=["parliament"],
    ),
)
class CommitmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter
    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        agreement = apps.get_model("agreements.Agreement")
        milestone = apps.get_model("roadmap.Milestone")
        return (
            Commitment.objects.published()
            .prefetch_related(
                "programmes",
                "exchanges",
                Prefetch("agreements", queryset=agreement.objects.published()),
                Prefetch("milestones", queryset=milestone.objects.published()),
            )
            .order_by("due", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        flt = CommitmentFilter(self.request.query_params, queryset=Commitment.objects.none())
        if flt.is_valid():
            context["as_of"] = flt.form.cleaned_data.get("asOf")
        return context


class ProcedureStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcedureStep
        fields = ["stage", "planned", "actual", "note"]


class LegislationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=LegislativeTrack.Kind.choices)
    exchange = django_filters.NumberFilter(field_name="exchanges__number")
    programme = django_filters.CharFilter(field_name="programmes__slug")
    asOf = django_filters.DateFilter(method="filter_as_of")

    class Meta:
        model = LegislativeTrack
        fields: list[str] = []

    def filter_as_of(self, queryset, name, value):
        then = LegislativeTrack.history.filter(
            id=OuterRef("pk"), history_date__lt=_end_of(value)
        ).order_by("-history_date", "-history_id")
        return queryset.annotate(published_as_of=Subquery(then.values("is_published")[:1])).filter(
            published_as_of=True
        )


class LegislationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:legislation-detail", lookup_field="slug"
    )
    parent = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    exchanges = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    programmes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    consultations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = LegislativeTrack
        fields = [
            "url",
            "slug",
            "kind",
            "title",
            "summary",
            "owner",
            "dossier",
            "parent",
            "steps",
            "exchanges",
            "programmes",
            "consultations",
        ]

    def get_parent(self, obj) -> str | None:
        """The short name of the act an order works out (when that act is public)."""
        parent = obj.parent
        return parent.slug if parent is not None and parent.is_published else None

    def get_steps(self, obj) -> list[dict]:
        """The procedure in its order, with planned and actual dates; with `asOf`, the
        dates as they were recorded on that day."""
        steps = sorted(obj.steps.all(), key=lambda s: s.order)
        as_of = self.context.get("as_of")
        if as_of:
            rows = (
                ProcedureStep.history.filter(track_id=obj.pk, history_date__lt=_end_of(as_of))
                .order_by("id", "-history_date", "-history_id")
                .distinct("id")
            )
            then = {r.id: r for r in rows}
            steps = [then[s.pk] for s in steps if s.pk in then]
        return [
            {
                "stage": s.stage,
                "planned": s.planned.isoformat() if s.planned else None,
                "actual": s.actual.isoformat() if s.actual else None,
                "note": s.note,
            }
            for s in steps
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Acts, orders in council and regulations",
        description="Published legislative tracks with their procedure steps (planned and "
        "actual dates) and the Wegiz exchanges an order designates.",
        tags=["parliament"],
    ),
    retrieve=extend_schema(
        summary="One legislative track",
        description="A published act, order in council or regulation with its procedure.",
        tags=["parliament"],
    ),
)
class LegislationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LegislationSerializer
    filterset_class = LegislationFilter
    filter_backends = [DjangoFilterBackend]
    lookup_field = "slug"

    def get_queryset(self):
        return (
            LegislativeTrack.objects.published()
            .select_related("parent")
            .prefetch_related(
                "steps",
                "exchanges",
                "programmes",
                Prefetch(
                    "consultations",
                    queryset=apps.get_model("consultations.Consultation").objects.published(),
                ),
            )
            .order_by("title")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        flt = LegislationFilter(self.request.query_params, queryset=LegislativeTrack.objects.none())
        if flt.is_valid():
            context["as_of"] = flt.form.cleaned_data.get("asOf")
        return context


class AdvisoryReportFilter(django_filters.FilterSet):
    advisor = django_filters.CharFilter(field_name="advisor", lookup_expr="icontains")
    programme = django_filters.CharFilter(method="filter_programme")
    asOf = django_filters.DateFilter(method="filter_as_of")
    ordering = django_filters.OrderingFilter(
        fields=(("received_on", "receivedOn"), ("title", "title"))
    )

    class Meta:
        model = AdvisoryReport
        fields: list[str] = []

    def filter_programme(self, queryset, name, value):
        """Reports about the programme, or with an item about it."""
        from django.db.models import Exists, Q

        about = AdviceItem.objects.filter(report=OuterRef("pk"), programmes__slug=value)
        return queryset.filter(Q(programmes__slug=value) | Exists(about)).distinct()

    def filter_as_of(self, queryset, name, value):
        then = AdvisoryReport.history.filter(
            id=OuterRef("pk"), history_date__lt=_end_of(value)
        ).order_by("-history_date", "-history_id")
        return queryset.annotate(published_as_of=Subquery(then.values("is_published")[:1])).filter(
            published_as_of=True
        )


class AdvisoryReportSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:advisory-report-detail", lookup_field="slug"
    )
    receivedOn = serializers.DateField(source="received_on")
    responseOn = serializers.DateField(source="response_on")
    responseReference = serializers.CharField(source="response_reference")
    reportUrl = serializers.CharField(source="url")
    programmes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = AdvisoryReport
        fields = [
            "url",
            "slug",
            "advisor",
            "title",
            "summary",
            "receivedOn",
            "responseOn",
            "responseReference",
            "reportUrl",
            "programmes",
            "items",
        ]

    def get_items(self, obj) -> list[dict]:
        """Its conclusions and recommendations with the ministry's disposition and the
        follow-up; with `asOf`, as they were recorded on that day."""
        items = sorted(obj.items.all(), key=lambda i: (i.kind, i.label, i.pk))
        as_of = self.context.get("as_of")
        day = as_of or timezone.localdate()
        links = {i.pk: i for i in items}
        if as_of:
            rows = (
                AdviceItem.history.filter(report_id=obj.pk, history_date__lt=_end_of(as_of))
                .order_by("id", "-history_date", "-history_id")
                .distinct("id")
            )
            then = {r.id: r for r in rows if r.history_type != "-"}
            items = [then[i.pk] for i in items if i.pk in then]
        out = []
        for i in items:
            current = links[i.id if as_of else i.pk]
            out.append(
                {
                    "kind": i.kind,
                    "label": i.label,
                    "title": i.title,
                    "disposition": i.disposition,
                    "reasoning": i.reasoning,
                    "owner": i.owner,
                    "deadline": i.deadline.isoformat() if i.deadline else None,
                    "status": i.status,
                    "overdue": i.status != AdviceItem.Status.DONE
                    and i.deadline is not None
                    and i.deadline < day,
                    "followUp": i.follow_up,
                    "decisions": [d.pk for d in current.decisions.all()],
                    "programmes": [p.slug for p in current.programmes.all()],
                    "milestones": [m.pk for m in current.milestones.all()],
                }
            )
        return out


@extend_schema_view(
    list=extend_schema(
        summary="Advisory reports",
        description="Published advice to the ministry (e.g. of the ICT review board) with "
        "each conclusion and recommendation, the ministry's disposition, owner, deadline "
        "and follow-up; `asOf` gives them as recorded on a date.",
        tags=["parliament"],
    ),
    retrieve=extend_schema(
        summary="One advisory report",
        description="A published advisory report with its conclusions and recommendations.",
        tags=["parliament"],
    ),
)
class AdvisoryReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AdvisoryReportSerializer
    filterset_class = AdvisoryReportFilter
    filter_backends = [DjangoFilterBackend]
    lookup_field = "slug"

    def get_queryset(self):
        decision = apps.get_model("roadmap.Decision")
        milestone = apps.get_model("roadmap.Milestone")
        return (
            AdvisoryReport.objects.published()
            .prefetch_related(
                "programmes",
                Prefetch(
                    "items",
                    queryset=AdviceItem.objects.prefetch_related(
                        "programmes",
                        Prefetch("decisions", queryset=decision.objects.published()),
                        Prefetch("milestones", queryset=milestone.objects.published()),
                    ),
                ),
            )
            .order_by(F("received_on").desc(nulls_last=True), "title")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        flt = AdvisoryReportFilter(
            self.request.query_params, queryset=AdvisoryReport.objects.none()
        )
        if flt.is_valid():
            context["as_of"] = flt.form.cleaned_data.get("asOf")
        return context


class RecommendationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:recommendation-detail")
    report = serializers.CharField(source="report.slug")
    advisor = serializers.CharField(source="report.advisor")
    followUp = serializers.CharField(source="follow_up")
    overdue = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    programmes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    milestones = serializers.SerializerMethodField()

    class Meta:
        model = AdviceItem
        fields = [
            "url",
            "id",
            "report",
            "advisor",
            "label",
            "title",
            "disposition",
            "reasoning",
            "owner",
            "deadline",
            "status",
            "overdue",
            "followUp",
            "decisions",
            "programmes",
            "milestones",
        ]

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if hasattr(obj, "status_as_of"):  # asOf: the follow-up as recorded that day
            data.update(
                disposition=obj.disposition_as_of,
                status=obj.status_as_of,
                followUp=obj.follow_up_as_of,
                owner=obj.owner_as_of,
                deadline=obj.deadline_as_of.isoformat() if obj.deadline_as_of else None,
                overdue=self._overdue(
                    obj.status_as_of, obj.deadline_as_of, self.context.get("as_of")
                ),
            )
        return data

    @staticmethod
    def _overdue(status, deadline, day) -> bool:
        return (
            status != AdviceItem.Status.DONE
            and deadline is not None
            and deadline < (day or timezone.localdate())
        )

    def get_overdue(self, obj) -> bool:
        return self._overdue(obj.status, obj.deadline, None)

    def get_decisions(self, obj) -> list[int]:
        return [d.pk for d in obj.decisions.all()]

    def get_milestones(self, obj) -> list[int]:
        return [m.pk for m in obj.milestones.all()]


# What `asOf` reports of a recommendation: its follow-up as recorded on that day.
_AS_OF_FIELDS = ("disposition", "status", "follow_up", "owner", "deadline")


class RecommendationFilter(django_filters.FilterSet):
    asOf = django_filters.DateFilter(method="filter_as_of")
    report = django_filters.CharFilter(field_name="report__slug")
    advisor = django_filters.CharFilter(field_name="report__advisor")
    programme = django_filters.CharFilter(field_name="programmes__slug", distinct=True)
    disposition = django_filters.ChoiceFilter(choices=AdviceItem.Disposition.choices)
    status = django_filters.ChoiceFilter(choices=AdviceItem.Status.choices)
    deadlineBefore = django_filters.DateFilter(field_name="deadline", lookup_expr="lt")
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    ordering = django_filters.OrderingFilter(
        fields=(("deadline", "deadline"), ("report__received_on", "received"))
    )

    class Meta:
        model = AdviceItem
        fields: list[str] = []

    def filter_overdue(self, queryset, name, value):
        late = queryset.follow_up_open().filter(deadline__lt=timezone.localdate())
        return late if value else queryset.exclude(pk__in=late.values("pk"))

    def filter_as_of(self, queryset, name, value):
        """Recommendations of reports published by then, that existed then, with their
        follow-up as recorded on that day (from the audited history)."""
        end = _end_of(value)
        report_then = AdvisoryReport.history.filter(
            id=OuterRef("report_id"), history_date__lt=end
        ).order_by("-history_date", "-history_id")
        item_then = AdviceItem.history.filter(id=OuterRef("pk"), history_date__lt=end).order_by(
            "-history_date", "-history_id"
        )
        return queryset.annotate(
            report_published_as_of=Subquery(report_then.values("is_published")[:1]),
            change_as_of=Subquery(item_then.values("history_type")[:1]),
            **{f"{f}_as_of": Subquery(item_then.values(f)[:1]) for f in _AS_OF_FIELDS},
        ).filter(report_published_as_of=True, change_as_of__in=["+", "~"])


@extend_schema_view(
    list=extend_schema(
        summary="Recommendations of advisory reports",
        description=(
            "Every recommendation of a published advisory report, with the ministry's "
            "disposition, who follows it up by when, the status of the follow-up and the "
            "decisions, programmes and milestones it led to; filter by report, advisor, "
            "programme, disposition, status or overdue; `asOf` gives the follow-up as "
            "recorded on a date."
        ),
        tags=["parliament"],
    ),
    retrieve=extend_schema(
        summary="One recommendation",
        description="A recommendation of a published advisory report, with its follow-up.",
        tags=["parliament"],
    ),
)
class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        decision = apps.get_model("roadmap.Decision")
        milestone = apps.get_model("roadmap.Milestone")
        return (
            AdviceItem.objects.published()
            .filter(kind=AdviceItem.Kind.RECOMMENDATION)
            .select_related("report")
            .prefetch_related(
                "programmes",
                Prefetch("decisions", queryset=decision.objects.published()),
                Prefetch("milestones", queryset=milestone.objects.published()),
            )
            .order_by(F("deadline").asc(nulls_last=True), "report__slug", "label", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        flt = RecommendationFilter(self.request.query_params, queryset=AdviceItem.objects.none())
        if flt.is_valid():
            context["as_of"] = flt.form.cleaned_data.get("asOf")
        return context
