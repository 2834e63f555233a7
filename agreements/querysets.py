"""Named reads of the catalogue. Each carries the joins its callers need."""

from __future__ import annotations

import datetime as dt

from django.db import connection, models
from django.db.models import Exists, OuterRef, Q

from portal.core.visibility import VisibleQuerySet, prefixed

# Staff read drafts, unreleased versions and unpublished releases.
SEE_ALL = "agreements.view_drafts"


class VersionQuerySet(VisibleQuerySet):
    """A version is public once a published release has put it in force, and only while its
    agreement is public: the wording of a change under preparation stays internal."""

    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return prefixed(prefix, effective_from__isnull=False) & AgreementQuerySet.public_q(
            f"{prefix}agreement__"
        )

    def in_force_on(self, day: dt.date) -> VersionQuerySet:
        """Versions in force on `day`: taken effect on or before it, not yet replaced."""
        return self.filter(effective_from__lte=day).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gt=day)
        )


class AgreementQuerySet(VisibleQuerySet):
    """Everyone sees what has been published at least once; a draft agreement is internal."""

    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        from agreements.models import Agreement

        return ~prefixed(prefix, status=Agreement.Status.DRAFT)

    def in_force_on(self, day: dt.date) -> AgreementQuerySet:
        """Agreements that had a version in force on `day` (the catalogue as it was)."""
        from agreements.models import AgreementVersion

        return self.filter(
            Exists(AgreementVersion.objects.in_force_on(day).filter(agreement=OuterRef("pk")))
        )

    def for_list(self) -> AgreementQuerySet:
        return self.select_related("system")

    def search(self, text: str) -> AgreementQuerySet:
        """Full-text search in Dutch on code, title and the current text, best match first."""
        text = text.strip()
        if not text:
            return self
        if connection.vendor != "postgresql":
            # `make run` on SQLite: a plain substring match is enough for a first look.
            return self.filter(Q(title__icontains=text) | Q(code__icontains=text))
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, config="dutch", search_type="websearch")
        return (
            self.filter(Q(search_vector=query) | Q(code__iexact=text))
            .annotate(rank=SearchRank(models.F("search_vector"), query))
            .order_by("-rank", "code")
        )


class ReleaseQuerySet(VisibleQuerySet):
    """A release is public once published; composing, review and approval are internal."""

    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        from agreements.models import Release

        return prefixed(prefix, status=Release.Status.PUBLISHED)


class ReleaseItemQuerySet(VisibleQuerySet):
    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return ReleaseQuerySet.public_q(f"{prefix}release__")


class ComplianceQuerySet(VisibleQuerySet):
    """Compliance records are public with the version they are about."""

    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return AgreementQuerySet.public_q(f"{prefix}version__agreement__")


class HarmonisationQuerySet(VisibleQuerySet):
    see_all_perm = SEE_ALL

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        return AgreementQuerySet.public_q(f"{prefix}agreement__")
