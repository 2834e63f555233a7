from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Agreement, AgreementVersion, Release, ReleaseItem, Standard


class StandardRefSerializer(serializers.ModelSerializer):
    maintainer = serializers.CharField(source="maintainer.name")

    class Meta:
        model = Standard
        fields = ["code", "name", "maintainer", "url"]


class VersionSerializer(serializers.ModelSerializer):
    # Declared, so the schema does not depend on the database's integer range.
    number = serializers.IntegerField(min_value=1, read_only=True)
    changeNote = serializers.CharField(source="change_note")
    effectiveFrom = serializers.DateField(source="effective_from", allow_null=True)
    effectiveUntil = serializers.DateField(source="effective_until", allow_null=True)

    class Meta:
        model = AgreementVersion
        fields = ["number", "changeNote", "effectiveFrom", "effectiveUntil"]


class AgreementListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:agreement-detail", lookup_field="code"
    )
    system = serializers.CharField(source="system.slug")
    isTemporary = serializers.BooleanField(source="is_temporary")
    validFrom = serializers.DateField(source="valid_from", allow_null=True)
    validUntil = serializers.DateField(source="valid_until", allow_null=True)
    reassessmentDate = serializers.DateField(source="reassessment_date", allow_null=True)
    version = serializers.SerializerMethodField()
    standards = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "url",
            "code",
            "title",
            "system",
            "layer",
            "topic",
            "plateau",
            "status",
            "isTemporary",
            "validFrom",
            "validUntil",
            "reassessmentDate",
            "version",
            "standards",
        ]

    def _shown(self, obj) -> AgreementVersion | None:
        shown = getattr(obj, "shown_versions", None)
        return shown[0] if shown else None

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_version(self, obj):
        """The version in force (today, or on `asOf`)."""
        version = self._shown(obj)
        return VersionSerializer(version).data if version else None


class ReleaseRefSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="release.number")
    publishedOn = serializers.DateField(source="release.published_on", allow_null=True)
    changeType = serializers.CharField(source="change_type")
    version = serializers.IntegerField(source="version.number")

    class Meta:
        model = ReleaseItem
        fields = ["number", "publishedOn", "changeType", "version"]


class AgreementDetailSerializer(AgreementListSerializer):
    text = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    standards = StandardRefSerializer(many=True, read_only=True)
    releases = serializers.SerializerMethodField()
    harmonisations = serializers.SerializerMethodField()
    replacementNote = serializers.CharField(source="replacement_note")
    withdrawalReason = serializers.CharField(source="withdrawal_reason")

    class Meta(AgreementListSerializer.Meta):
        fields = [
            *AgreementListSerializer.Meta.fields,
            "text",
            "replacementNote",
            "withdrawalReason",
            "versions",
            "releases",
            "harmonisations",
        ]

    def get_text(self, obj) -> str | None:
        version = self._shown(obj)
        return version.text if version else None

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, obj):
        # Prefetched by the viewset with the public rule (AgreementVersion.objects.published()).
        return VersionSerializer(obj.versions.all(), many=True).data

    @extend_schema_field(ReleaseRefSerializer(many=True))
    def get_releases(self, obj):
        # Prefetched with the public rule (ReleaseItem.objects.published()).
        items = [i for v in obj.versions.all() for i in v.release_items.all()]
        return ReleaseRefSerializer(items, many=True).data

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    )
    def get_harmonisations(self, obj):
        return [
            {"system": h.system.slug, "relation": h.relation, "note": h.note}
            for h in obj.harmonisations.all()
        ]


class ReleaseItemSerializer(serializers.ModelSerializer):
    agreement = serializers.CharField(source="version.agreement.code")
    title = serializers.CharField(source="version.agreement.title")
    version = serializers.IntegerField(source="version.number")
    changeType = serializers.CharField(source="change_type")

    class Meta:
        model = ReleaseItem
        fields = ["agreement", "title", "version", "changeType"]


class ReleaseSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:release-detail", lookup_field="number"
    )
    publishedOn = serializers.DateField(source="published_on", allow_null=True)
    items = ReleaseItemSerializer(many=True, read_only=True)
    reviewOutcome = serializers.SerializerMethodField()

    class Meta:
        model = Release
        fields = [
            "url",
            "number",
            "title",
            "status",
            "publishedOn",
            "notes",
            "items",
            "reviewOutcome",
        ]

    def get_reviewOutcome(self, obj) -> str | None:
        reviews = list(obj.reviews.all())
        return reviews[0].outcome if reviews else None


class StandardSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:standard-detail", lookup_field="code")
    maintainer = serializers.CharField(source="maintainer.name")
    link = serializers.URLField(source="url")
    agreements = serializers.SerializerMethodField()

    class Meta:
        model = Standard
        fields = ["url", "code", "name", "maintainer", "link", "description", "agreements"]

    def get_agreements(self, obj) -> list[str]:
        # Prefetched by the viewset with the public rule (Agreement.objects.published()).
        return [a.code for a in obj.agreements.all()]
