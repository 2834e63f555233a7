"""Named reads of the catalogue. Each carries the joins its callers need."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, models
from django.db.models import Exists, OuterRef, Q


def _is_staff(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("agreements.view_drafts"))


class VersionQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date) -> VersionQuerySet:
        """Versions in force on `day`: taken effect on or before it, not yet replaced."""
        return self.filter(effective_from__lte=day).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gt=day)
        )


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> AgreementQuerySet:
        """Staff see drafts; everyone else sees what has been published at least once."""
        if _is_staff(user):
            return self
        return self.exclude(status="draft")

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


class ReleaseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ReleaseQuerySet:
        if _is_staff(user):
            return self
        return self.filter(status="published")

    def published(self) -> ReleaseQuerySet:
        return self.filter(status="published")
