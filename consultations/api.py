"""`/api/v1/consultations`: consultations with their sections; public comments and their
answers per consultation at `/api/v1/consultations/{slug}/comments`, paginated."""

from __future__ import annotations

import django_filters
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination

from consultations.models import (
    Answer,
    Comment,
    Consultation,
    ConsultationDocument,
    ConsultationSession,
    DraftVersion,
    Section,
)


class SectionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Section
        fields = ["id", "number", "title", "text"]


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    version = serializers.IntegerField(source="version.number")

    class Meta:
        model = ConsultationDocument
        fields = ["url", "kind", "title", "version", "size"]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = reverse("consultations:document", args=[obj.version.consultation.slug, obj.pk])
        return request.build_absolute_uri(path) if request else path


class SessionSerializer(serializers.ModelSerializer):
    startsAt = serializers.DateTimeField(source="starts_at")
    endsAt = serializers.DateTimeField(source="ends_at")
    online = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationSession
        fields = ["title", "startsAt", "endsAt", "place", "online", "capacity"]

    def get_online(self, obj) -> bool:
        return bool(obj.online_url)  # the link itself goes to those registered


class ConsultationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:consultation-detail", lookup_field="slug"
    )
    # Only scheduled consultations are published, and they always have these.
    introduction = serializers.CharField(label=_("Introduction (Markdown)"))
    opensAt = serializers.DateTimeField(source="opens_at")
    closesAt = serializers.DateTimeField(source="closes_at")
    phase = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()
    reportPublishedAt = serializers.DateTimeField(source="report_published_at", allow_null=True)
    targetGroup = serializers.CharField(source="target_group")
    expectedEffects = serializers.CharField(source="expected_effects")
    regulatoryBurden = serializers.CharField(source="regulatory_burden")
    documents = serializers.SerializerMethodField()
    sessions = SessionSerializer(source="public_sessions", many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "url",
            "slug",
            "title",
            "subject",
            "introduction",
            "purpose",
            "targetGroup",
            "expectedEffects",
            "regulatoryBurden",
            "contact",
            "documents",
            "sessions",
            "opensAt",
            "closesAt",
            "phase",
            "version",
            "sections",
            "reportPublishedAt",
        ]

    def get_phase(self, obj) -> str:
        return obj.phase()

    def _version(self, obj):
        versions = getattr(obj, "latest_versions", None)
        return versions[0] if versions else None

    def get_version(self, obj) -> int | None:
        version = self._version(obj)
        return version.number if version else None

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, obj) -> list[dict]:
        """The PDFs of every version, newest version first (public with the consultation)."""
        documents = [d for v in getattr(obj, "latest_versions", []) for d in v.documents.all()]
        return DocumentSerializer(documents, many=True, context=self.context).data

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, obj) -> list[dict]:
        version = self._version(obj)
        return SectionSerializer(version.sections.all(), many=True).data if version else []


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ["disposition", "reason"]


class CommentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    # null: a private person's comment.
    organisation = serializers.CharField(
        source="organisation.name",
        allow_null=True,
        help_text="The organisation the comment was written for; null for a private person.",
    )
    section = serializers.CharField(source="section.number", allow_null=True)
    question = serializers.IntegerField(source="question.order", allow_null=True)
    createdAt = serializers.DateTimeField(source="created_at")
    answer = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "organisation", "section", "question", "text", "createdAt", "answer"]

    def get_answer(self, obj) -> dict | None:
        answer = getattr(obj, "answer", None)
        if answer is None or obj.consultation.status != Consultation.Status.REPORTED:
            return None
        return AnswerSerializer(answer).data


class CommentCursorPagination(CursorPagination):
    """Comments page by a cursor on their id: page 1 and page 2,000 cost the same."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "pageSize"
    max_page_size = 200

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        example = (
            "https://gis-portaal.example.org/api/v1/consultations/gisa/comments?cursor=cD0yMDA"
        )
        for key in ("next", "previous"):
            described["properties"][key]["example"] = example
        return described


class ConsultationFilter(django_filters.FilterSet):
    ordering = django_filters.OrderingFilter(fields=(("opens_at", "opensAt"), ("title", "title")))

    class Meta:
        model = Consultation
        fields = ["subject"]


@extend_schema_view(
    list=extend_schema(summary="Consultations", tags=["consultations"]),
    retrieve=extend_schema(
        summary="One consultation with its current draft", tags=["consultations"]
    ),
    comments=extend_schema(
        summary="Public comments of a consultation, with answers once the report is published",
        tags=["consultations"],
        responses=CommentSerializer(many=True),
    ),
)
class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ConsultationSerializer
    lookup_field = "slug"
    filterset_class = ConsultationFilter
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        if self.action == "comments":  # the consultation alone: its comments are read apart
            return Consultation.objects.published()
        versions = DraftVersion.objects.order_by("-number").prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("order")),
            Prefetch(
                "documents",
                queryset=ConsultationDocument.objects.select_related(
                    "version__consultation"
                ).order_by("kind", "pk"),
            ),
        )
        return (
            Consultation.objects.published()
            .prefetch_related(
                Prefetch("versions", queryset=versions, to_attr="latest_versions"),
                Prefetch(
                    "sessions",
                    queryset=ConsultationSession.objects.order_by("starts_at", "pk"),
                    to_attr="public_sessions",
                ),
            )
            .order_by("-opens_at")
        )

    @action(
        detail=True,
        methods=["get"],
        url_path="comments",
        pagination_class=CommentCursorPagination,
        filter_backends=[],  # the consultation filters do not apply to its comments
    )
    def comments(self, request, slug=None):
        consultation = self.get_object()
        # Plain rows, not model instances: a page of 200 comments is read and written out
        # without building 200 objects and 200 nested serializers (CommentSerializer still
        # describes the shape in the OpenAPI document; a test holds the two together).
        qs = (
            Comment.objects.published()
            .filter(consultation=consultation)
            .order_by("id")
            .values(
                "id",
                "text",
                "created_at",
                org=F("organisation__name"),
                section_number=F("section__number"),
                question_order=F("question__order"),
                disposition=F("answer__disposition"),
                reason=F("answer__reason"),
            )
        )
        page = self.paginate_queryset(qs)
        answers = consultation.status == Consultation.Status.REPORTED
        as_datetime = serializers.DateTimeField().to_representation
        rows = [
            {
                "id": r["id"],
                "organisation": r["org"],
                "section": r["section_number"],
                "question": r["question_order"],
                "text": r["text"],
                "createdAt": as_datetime(r["created_at"]),
                "answer": (
                    {"disposition": r["disposition"], "reason": r["reason"]}
                    if answers and r["disposition"]
                    else None
                ),
            }
            for r in page
        ]
        return self.get_paginated_response(rows)
