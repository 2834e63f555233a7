"""Rendered fragments and computed values kept until the data changes.

Some parts of a page cost more than the rest of it and change only when the data does:
a catalogue's filter form (a field template per field, an option template per option),
the count of a filtered catalogue (a scan of the whole catalogue), which rows make up a
page of ranked search results (every match ranked to find the best twenty). They are
kept in the
cache under the data version (moved on by every audited change, `portal.core.freshness`),
the language and what else they depend on, so that they are computed once per change
instead of once per request, and can never be stale. Where there is no data version
(SQLite for `make run`) they are computed each time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.core import freshness

TIMEOUT = 3600  # seconds; a new data version makes new keys anyway


def data_version(request: HttpRequest) -> int | None:
    """The data version, once per request (the conditional-page middleware may have read it)."""
    if not hasattr(request, "data_version"):
        request.data_version = freshness.current()  # type: ignore[attr-defined]
    return request.data_version  # type: ignore[attr-defined]


def cached(
    request: HttpRequest, name: str, compute: Callable[[], Any], *, vary: Iterable[str] = ()
) -> Any:
    """`compute()`'s value (something the cache can keep), from the cache while the data
    version, the language and `vary` are the same; computed each time without a data
    version. Whatever else the value depends on (who asks, the date) goes in `vary`."""
    version = data_version(request)
    if version is None:
        return compute()
    parts = [name, str(version), get_language() or "", *vary]
    key = "fragment:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def cached_fragment(
    request: HttpRequest, name: str, render: Callable[[], str], *, vary: Iterable[str] = ()
) -> SafeString:
    """`render()`'s HTML, kept as `cached` keeps a value. The fragment must not depend on
    who asks (no tokens, no per-user parts) unless `vary` says so."""
    html = cached(request, name, lambda: str(render()), vary=vary)
    return mark_safe(html)  # noqa: S308 (rendered by our templates)


def cached_page(
    request: HttpRequest, name: str, page: Page, rows: QuerySet, *, vary: Iterable[str] = ()
) -> Page:
    """`page` (cut from `rows`) with its rows read by primary key: which rows they are, in
    order, is kept as `cached` keeps a value, so that a page of a ranked or sorted list
    costs a lookup of its own rows instead of ranking or sorting every match. The rows are
    read through `rows` itself (visibility, annotations and order as before), so ids kept
    for someone who saw more can never show another person more than `rows` allows.
    `vary` says what else decides the rows (the query string, who asks)."""
    ids = cached(
        request,
        name,
        lambda: list(page.object_list.values_list("pk", flat=True)),
        vary=[*vary, str(page.number)],
    )
    page.object_list = list(rows.filter(pk__in=ids))
    return page
