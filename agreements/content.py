"""What the catalogue contributes to search, follow, notifications and impact."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from portal.core.content import Document, Kind, Part, register_kind, register_part
from portal.core.text import join_lines, plain


def _agreement_document(obj: Any) -> Document:
    # Only the version in force is findable: unreleased wording stays internal.
    versions = getattr(obj, "current_versions", None)
    if versions is None:
        versions = list(obj.versions.filter(is_current=True)[:1])
    text = versions[0].text if versions else ""
    return Document(
        f"{obj.code} {obj.title}",
        join_lines(obj.get_layer_display(), obj.get_topic_display(), plain(text)),
    )


def _agreement_search_queryset(qs: QuerySet) -> QuerySet:
    from agreements.models import AgreementVersion

    return qs.prefetch_related(
        Prefetch(
            "versions",
            queryset=AgreementVersion.objects.filter(is_current=True),
            to_attr="current_versions",
        )
    )


def register() -> None:
    register_kind(
        Kind(
            "agreement",
            "agreements.agreement",
            "agreements",
            _("Agreements"),
            search=_agreement_document,
            search_queryset=_agreement_search_queryset,
        )
    )
    register_kind(
        Kind(
            "release",
            "agreements.release",
            "agreements",
            _("Releases"),
            search=lambda o: Document(f"{o.number} {o.title}", plain(o.notes)),
        )
    )
    register_part(Part("agreements.agreementversion", ("agreement",), reindexes=True))
    register_part(Part("agreements.harmonisation", ("agreement",)))
    register_part(Part("agreements.releaseitem", ("release",)))
    register_part(Part("agreements.review", ("release",)))
    register_part(Part("agreements.reassessment", ("agreement",)))
