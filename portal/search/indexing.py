"""Keeping the search index in step with the objects it describes.

Every save of a findable object (or of a part shown in its text, such as a new
version of an agreement) rewrites its entry in the same transaction. Bulk loads that
skip signals run `manage.py rebuild_search_index`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_delete, post_save

from portal.core.content import Kind, kind_of, part_of, registered_kinds
from portal.search.models import SearchEntry


def _indexed_kinds() -> list[Kind]:
    return [kind for kind in registered_kinds() if kind.search is not None]


def _entry(kind: Kind, ct: ContentType, obj: Any, is_public: bool) -> SearchEntry:
    assert kind.search is not None
    doc = kind.search(obj)
    return SearchEntry(
        content_type=ct,
        object_id=obj.pk,
        kind=kind.key,
        title=doc.title[:400],
        body=doc.body,
        url=obj.get_absolute_url(),
        is_public=is_public,
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
    if kind is None or kind.search is None:
        return
    ct = ContentType.objects.get_for_model(obj)
    entry = _entry(kind, ct, obj, kind.is_public(obj))
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


def rebuild(kinds: Iterable[Kind] | None = None, chunk: int = 1000) -> int:
    """Rewrite the whole index from the source objects; returns the number of entries."""
    total = 0
    for kind in _indexed_kinds() if kinds is None else kinds:
        ct = ContentType.objects.get_for_model(kind.model)
        SearchEntry.objects.filter(content_type=ct).delete()
        batch: list[SearchEntry] = []
        public_ids = set(kind.published().values_list("pk", flat=True))
        objects = kind.search_queryset(kind.manager.all()).order_by("pk")
        for obj in objects.iterator(chunk_size=chunk):
            batch.append(_entry(kind, ct, obj, obj.pk in public_ids))
            if len(batch) >= chunk:
                SearchEntry.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        total += len(batch)
    _refresh_vectors()
    return total


def _reindexed_wholes(instance: Any) -> list[Any] | None:
    """The findable wholes whose text includes `instance`, or None when it is no such part."""
    part = part_of(instance)
    if part is None or not part.reindexes:
        return None
    wholes = (getattr(instance, path, None) for path in part.paths)
    return [w for w in wholes if w is not None and w.pk is not None]


def _on_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    # Raw fixture loads, and the historical models a data migration saves (module
    # `__fake__`: no methods, no index of their own), are not the site's changes.
    if raw or sender.__module__ == "__fake__":
        return
    wholes = _reindexed_wholes(instance)
    if wholes is not None:
        for whole in wholes:
            index_object(whole)
        return
    index_object(instance)


def _on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    if sender.__module__ == "__fake__":
        return
    wholes = _reindexed_wholes(instance)
    if wholes is not None:
        for whole in wholes:
            index_object(whole)
        return
    remove_object(instance)


def connect_signals() -> None:
    # Every model's saves pass here; those of unregistered models return at the lookup.
    post_save.connect(_on_save, dispatch_uid="search.save")
    post_delete.connect(_on_delete, dispatch_uid="search.delete")


def load_demo(out: Any) -> None:
    """After the demo content is in (some of it loaded in bulk): index everything."""
    out(f"  search: {rebuild()} entries indexed")
