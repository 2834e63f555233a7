"""The site-wide search: ranked, highlighted, in facets, and only what the person may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.core.content import kinds_by_key, registered_kinds
from portal.search.models import SearchEntry

# Markers that cannot occur in text, put in by PostgreSQL around matches. The snippet is
# escaped first and only then are the markers turned into <mark>: text in the index
# (comments, titles typed by anyone) can never become markup.
START, STOP = "\ue000", "\ue001"


def visible_entries(user: Any) -> QuerySet[SearchEntry]:
    # Entries carry the public flag of their object's own rule (set when indexed); those who
    # may see every object of a kind see its non-public entries too.
    may_see_all = [k.key for k in registered_kinds() if k.may_see_all(user)]
    return SearchEntry.objects.filter(Q(is_public=True) | Q(kind__in=may_see_all))


def audience(user: Any) -> str:
    """What decides which entries `user` finds besides the words: the kinds they see in
    full (everyone else sees the same public entries)."""
    return ",".join(k.key for k in registered_kinds() if k.may_see_all(user))


def highlight(text: str) -> SafeString:
    escaped = escape(text)
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


@dataclass
class Results:
    query: str
    entries: QuerySet[SearchEntry]
    facets: list[tuple[str, str, int]]  # key, title, count
    total: int


def search(user: Any, text: str, kind: str = "", *, counts: Any = None) -> Results:
    """The entries `user` may find for `text` (of one kind, if given), best first, with
    the count of each kind. `counts`, if given, is called with a function computing the
    counts and returns them (so that a caller can keep them, `portal.core.fragments`)."""
    text = text.strip()[:200]
    base = visible_entries(user)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

        query = SearchQuery(text, config="dutch", search_type="websearch")
        matched = base.filter(search_vector=query)
        entries = matched.annotate(
            rank=SearchRank(F("search_vector"), query),
            title_marked=SearchHeadline(
                "title",
                query,
                config="dutch",
                start_sel=START,
                stop_sel=STOP,
                highlight_all=True,
            ),
            snippet=SearchHeadline(
                "body",
                query,
                config="dutch",
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        ).order_by("-rank", "title", "pk")
    else:  # `make run` on SQLite: substring match, no ranking
        matched = base.filter(Q(title__icontains=text) | Q(body__icontains=text))
        entries = matched.annotate(title_marked=F("title"), snippet=F("body")).order_by(
            "title", "pk"
        )

    def count() -> dict[str, int]:
        return dict(matched.values_list("kind").annotate(n=Count("pk")).order_by())

    counts = count() if counts is None else counts(count)
    facets = [(k.key, str(k.title), counts[k.key]) for k in registered_kinds() if counts.get(k.key)]
    if kind in kinds_by_key():
        entries = entries.filter(kind=kind)
    total = counts.get(kind, 0) if kind in kinds_by_key() else sum(counts.values())
    return Results(query=text, entries=entries, facets=facets, total=total)
