"""Keeping the search index in step with the objects it describes.

Every save of a findable object (or of a part shown in its text, such as a new
version of an agreement) rewrites its entry in the same transaction. Bulk loads that
skip signals run `manage.py rebuild_search_index`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

from portal.core.content import KINDS, Kind, kind_of
from portal.core.markdown import render_markdown
from portal.search.models import SearchEntry


def plain(markdown_text: str) -> str:
    """Markdown to plain words: no markup in the index or in the snippets."""
    if not markdown_text:
        return ""
    return html.unescape(strip_tags(str(render_markdown(markdown_text))))


def _join(*parts: Any) -> str:
    return "\n".join(str(p) for p in parts if p)


@dataclass(frozen=True)
class Document:
    title: str
    body: str


def _agreement(obj: Any) -> Document:
    versions = getattr(obj, "current_versions", None)
    if versions is None:
        versions = list(obj.versions.filter(is_current=True)[:1])
    text = versions[0].text if versions else ""
    return Document(
        f"{obj.code} {obj.title}",
        _join(obj.get_layer_display(), obj.get_topic_display(), plain(text)),
    )


BUILDERS: dict[str, Callable[[Any], Document]] = {
    "agreement": _agreement,
    "release": lambda o: Document(f"{o.number} {o.title}", plain(o.notes)),
    "exchange": lambda o: Document(
        f"{o.number}. {o.title}",
        _join(
            o.care_domain,
            o.commissioner,
            o.quality_standard,
            o.information_standard,
            o.nen_norm,
            o.description,
        ),
    ),
    "programme": lambda o: Document(o.name, _join(o.owner_directorate, o.commissioner, o.goal)),
    "tranche": lambda o: Document(o.name, _join(o.goal, o.value_for_care_providers)),
    "milestone": lambda o: Document(o.title, _join(o.owner)),
    "pilot": lambda o: Document(o.title, _join(o.summary, o.lessons, o.get_kind_display())),
    "initiative": lambda o: Document(
        o.title, _join(o.region.name, o.care_domains, o.purpose, o.own_builds)
    ),
    "consultation": lambda o: Document(o.title, plain(o.introduction)),
}

# Parts whose save changes the text of a findable object: model label → path to it.
PARTS = {"agreements.agreementversion": "agreement"}


def _prefetched(kind: Kind):
    qs = kind.model._default_manager.all()
    if kind.key == "agreement":
        from agreements.models import AgreementVersion

        qs = qs.prefetch_related(
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.filter(is_current=True),
                to_attr="current_versions",
            )
        )
    if kind.key == "initiative":
        qs = qs.select_related("region")
    return qs


def _entry(kind: Kind, ct: ContentType, obj: Any) -> SearchEntry:
    doc = BUILDERS[kind.key](obj)
    return SearchEntry(
        content_type=ct,
        object_id=obj.pk,
        kind=kind.key,
        title=doc.title[:400],
        body=doc.body,
        url=obj.get_absolute_url(),
        is_public=kind.public(obj),
    )


def _refresh_vectors(ids: Iterable[int] | None = None) -> None:
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    qs = SearchEntry.objects.all() if ids is None else SearchEntry.objects.filter(pk__in=ids)
    qs.update(
        search_vector=SearchVector("title", weight="A", config="dutch")
        + SearchVector("body", weight="B", config="dutch")
    )


def index_object(obj: Any) -> None:
    kind = kind_of(obj)
    if kind is None:
        return
    ct = ContentType.objects.get_for_model(obj)
    entry = _entry(kind, ct, obj)
    saved, _created = SearchEntry.objects.update_or_create(
        content_type=ct,
        object_id=obj.pk,
        defaults={
            "kind": entry.kind,
            "title": entry.title,
            "body": entry.body,
            "url": entry.url,
            "is_public": entry.is_public,
        },
    )
    _refresh_vectors([saved.pk])


def remove_object(obj: Any) -> None:
    if kind_of(obj) is None:
        return
    ct = ContentType.objects.get_for_model(obj)
    SearchEntry.objects.filter(content_type=ct, object_id=obj.pk).delete()


def rebuild(kinds: Iterable[Kind] = KINDS, chunk: int = 1000) -> int:
    """Rewrite the whole index from the source objects; returns the number of entries."""
    total = 0
    for kind in kinds:
        ct = ContentType.objects.get_for_model(kind.model)
        SearchEntry.objects.filter(content_type=ct).delete()
        batch: list[SearchEntry] = []
        for obj in _prefetched(kind).order_by("pk").iterator(chunk_size=chunk):
            batch.append(_entry(kind, ct, obj))
            if len(batch) >= chunk:
                SearchEntry.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        total += len(batch)
    _refresh_vectors()
    return total


def _on_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    label = instance._meta.label_lower
    if label in PARTS:
        parent = getattr(instance, PARTS[label], None)
        if parent is not None:
            index_object(parent)
        return
    index_object(instance)


def _on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    label = instance._meta.label_lower
    if label in PARTS:
        parent = getattr(instance, PARTS[label], None)
        if parent is not None and parent.pk is not None:
            index_object(parent)
        return
    remove_object(instance)


def connect_signals() -> None:
    for label in [k.model_label for k in KINDS] + list(PARTS):
        model = apps.get_model(label)
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search.save.{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search.delete.{label}")
