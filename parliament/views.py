"""Pages of the register of commitments and motions and the report to parliament."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parliament import forms as pforms
from parliament import selectors, services
from parliament.models import Commitment
from portal.core.decorators import permission_required
from portal.core.forms import REFUSED, run_create, run_service, run_step

PER_PAGE = 25


def _visible(request: HttpRequest, pk: int) -> Commitment:
    commitment = Commitment.objects.visible_to(request.user).filter(pk=pk).first()
    if commitment is None:
        raise Http404
    return commitment


LINK_ORDER = {
    "programmes": "name",
    "exchanges": "number",
    "agreements": "code",
    "milestones": "date",
}


def _links(request: HttpRequest, commitment: Commitment) -> dict[str, list]:
    """What the item is about, each kind by its own visibility rule."""
    links = {}
    for name, order in LINK_ORDER.items():
        qs = getattr(commitment, name).all()
        if hasattr(qs, "visible_to"):
            qs = qs.visible_to(request.user)
        links[name] = list(qs.order_by(order))
    return links


def register(request: HttpRequest) -> HttpResponse:
    form = pforms.RegisterFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    qs = selectors.register(
        request.user,
        q=params.get("q", ""),
        kind=params.get("kind", ""),
        status=params.get("status", ""),
        owner=params.get("owner", ""),
        sort=params.get("sort") or "due",
        today=today,
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "parliament/register.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": query.urlencode(),
            "today": today,
            "may_manage": request.user.has_perm("parliament.manage"),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _visible(request, pk)
    links = _links(request, commitment)
    may_manage = request.user.has_perm("parliament.manage")
    return render(
        request,
        "parliament/detail.html",
        {
            "c": commitment,
            "links": links,
            "may_manage": may_manage,
            "fulfil_form": pforms.FulfilForm(initial={"lock_version": commitment.lock_version})
            if may_manage and not commitment.is_fulfilled
            else None,
        },
    )


@permission_required("parliament.manage")
def create(request: HttpRequest) -> HttpResponse:
    form = pforms.CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        commitment = run_create(
            form,
            lambda: services.commitment_create(actor=request.user, **data),
            actor=request.user,
        )
        if commitment is not REFUSED:
            messages.success(request, _("Saved. It is not public until you publish it."))
            return redirect(commitment)
    return render(request, "parliament/form.html", {"form": form, "c": None})


@permission_required("parliament.manage")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _visible(request, pk)
    initial = {f: getattr(commitment, f) for f in services.COMMITMENT_FIELDS}
    initial["lock_version"] = commitment.lock_version
    for name in services.LINKS:
        initial[name] = getattr(commitment, name).all()
    form = pforms.CommitmentForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.commitment_update(
                actor=request.user, commitment=commitment, lock_version=lock, **data
            ),
            current_lock=lambda: Commitment.objects.get(pk=commitment.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(commitment)
    return render(request, "parliament/form.html", {"form": form, "c": commitment})


STEPS = {
    "start": (services.commitment_start, _("Marked as in progress.")),
    "reopen": (services.commitment_reopen, _("Reopened: it is in progress again.")),
    "publish": (services.commitment_publish, _("Published: it is in the public register.")),
    "unpublish": (
        services.commitment_unpublish,
        _("Withdrawn: it is no longer in the public register."),
    ),
}


@require_POST
@permission_required("parliament.manage")
def step(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    commitment = _visible(request, pk)
    if verb not in STEPS:
        raise Http404
    service, success = STEPS[verb]
    try:
        lock = int(request.POST.get("lock_version", ""))
    except ValueError:
        lock = -1  # refused as a concurrent edit: the page was not the current one
    run_step(
        request,
        lambda: service(actor=request.user, commitment=commitment, lock_version=lock),
        str(success),
    )
    return redirect(commitment)


@require_POST
@permission_required("parliament.manage")
def fulfil(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _visible(request, pk)
    form = pforms.FulfilForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.commitment_fulfil(
                actor=request.user,
                commitment=commitment,
                lock_version=data["lock_version"],
                on=data["on"],
                by=data["by"],
                url=data["url"],
            ),
        )
        if done is not REFUSED:
            messages.success(request, _("Recorded as fulfilled."))
            return redirect(commitment)
    links = _links(request, commitment)
    return render(
        request,
        "parliament/detail.html",
        {"c": commitment, "links": links, "may_manage": True, "fulfil_form": form},
        status=400,
    )


def _report(request: HttpRequest) -> tuple[pforms.ReportDateForm, selectors.Report]:
    form = pforms.ReportDateForm(request.GET or None)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    day: dt.date = data.get("datum") or today
    since: dt.date | None = data.get("vorige")
    return form, selectors.report(request.user, day, since)


def report(request: HttpRequest) -> HttpResponse:
    form, rep = _report(request)
    return render(request, "parliament/report.html", {"form": form, "report": rep})


def report_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    form, rep = _report(request)
    if form.is_bound and not form.is_valid():
        return render(request, "parliament/report.html", {"form": form, "report": rep}, status=400)
    html = render_to_string("parliament/report_pdf.html", {"report": rep}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="rapportage-kamer-{rep.date.isoformat()}.pdf"'
    )
    return response
