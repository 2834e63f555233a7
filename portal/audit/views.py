"""Staff-only views of the audit trail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portal.audit import selectors
from portal.audit.forms import ActivityFilterForm
from portal.audit.registry import get_audited_model
from portal.core.decorators import permission_required

PAGE_SIZE = 50


@permission_required("portal.view_audit")
def activity(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    flt = selectors.ActivityFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        flt = selectors.ActivityFilter(
            person=data["person"].strip(),
            model_label=data["model"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    page = Paginator(selectors.activity_queryset(flt), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = selectors.hydrate(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/activity.html",
        {"form": form, "page_obj": page, "entries": entries, "querystring": query.urlencode()},
    )


@permission_required("portal.view_audit")
def object_history(request: HttpRequest, label: str, object_id: str) -> HttpResponse:
    audited = get_audited_model(label)
    if audited is None:
        raise Http404
    rows = selectors.object_history_rows(audited, object_id)
    if rows is None:
        raise Http404
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = selectors.hydrate(list(page.object_list))
    if not entries:
        raise Http404
    return render(
        request,
        "audit/object_history.html",
        {
            "audited": audited,
            "object_id": object_id,
            "page_obj": page,
            "entries": entries,
            "current": audited.model._default_manager.filter(pk=entries[0].object_id).first(),
        },
    )
