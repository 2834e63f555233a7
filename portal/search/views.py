from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from portal.core.content import kinds_by_key
from portal.core.fragments import cached, cached_page
from portal.search.selectors import audience, highlight, search

PAGE = 20


class _Counted(Paginator):
    """The facet query already counted the matches; do not count them again."""

    def __init__(self, object_list, per_page, total):
        super().__init__(object_list, per_page)
        self._total = total

    @property
    def count(self) -> int:
        return self._total


def results(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("soort", "")
    if kind not in kinds_by_key():
        kind = ""
    context = {"q": text, "kind": kind, "rows": [], "facets": [], "total": 0}
    if text:
        # Counting and ranking every match is kept per change of the data (see
        # portal.core.fragments): a page of results reads only its own rows.
        who = audience(request.user)
        found = search(
            request.user,
            text,
            kind,
            counts=lambda count: cached(request, "search.counts", count, vary=[text, who]),
        )
        page = cached_page(
            request,
            "search.page",
            _Counted(found.entries, PAGE, found.total).get_page(request.GET.get("page")),
            found.entries,
            vary=[text, kind, who],
        )
        kinds = kinds_by_key()
        context.update(
            page_obj=page,
            total=found.total,
            facets=found.facets,
            rows=[
                {
                    "entry": e,
                    "kind_title": str(kinds[e.kind].model._meta.verbose_name).capitalize(),
                    "title": highlight(e.title_marked),
                    "snippet": highlight(e.snippet[:400]),
                }
                for e in page.object_list
            ],
            querystring=urlencode({"q": text, **({"soort": kind} if kind else {})}),
            base_querystring=urlencode({"q": text}),
        )
    return render(request, "search/results.html", context)
