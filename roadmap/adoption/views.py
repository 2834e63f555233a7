"""Pages of adoption monitoring: the register of figures (with downloads), recording and
correcting a figure, and targets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from portal.core.decorators import permission_required
from portal.core.exports import export_response
from portal.core.forms import REFUSED, posted_lock, run_create, run_service, run_step
from roadmap.adoption import forms as aforms
from roadmap.adoption import selectors, services
from roadmap.models import AdoptionMeasurement, AdoptionTarget, Exchange

PER_PAGE = 25


def _filtered(request: HttpRequest):
    form = aforms.FilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.register(
        request.user,
        q=params.get("q", ""),
        indicator=params.get("indicator", ""),
        kind=params.get("kind", ""),
        sort=params.get("sort") or "newest",
    )
    return form, qs


def register(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "adoption/register.html",
        {"form": form, "page_obj": page, "querystring": query.urlencode()},
    )


EXPORT_HEADERS = [
    "exchange",
    "agreement",
    "indicator",
    "value",
    "measuredOn",
    "source",
    "reportedBy",
    "note",
]


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The figures as the page shows them (same filters and visibility), streamed."""
    _form, qs = _filtered(request)

    def row(f: AdoptionMeasurement) -> list:
        return [
            f.exchange.number if f.exchange else "",
            f.agreement.code if f.agreement else "",
            f.indicator,
            f.value,
            f.measured_on,
            f.source,
            f.organisation.name if f.organisation else "",
            f.note,
        ]

    return export_response(
        fmt=fmt,
        filename="adoptie",
        headers=EXPORT_HEADERS,
        rows=qs.iterator(chunk_size=500),
        row=row,
    )


def _initial_subject(request: HttpRequest) -> dict[str, Any]:
    """The subject a page's "record a figure" link names (`?exchange=3`, `?agreement=CODE`)."""
    initial: dict[str, Any] = {}
    number = request.GET.get("exchange", "")
    if number.isdigit():
        initial["exchange"] = Exchange.objects.filter(number=int(number)).first()
    code = request.GET.get("agreement", "")
    if code:
        agreement = Agreement.objects.published().filter(code=code).first()
        if agreement is not None:
            initial["agreement"] = agreement.code
    return initial


def _back(subject: Any) -> str:
    return subject.get_absolute_url() + "#adoption-heading"


@permission_required("adoption.record")
def figure_create(request: HttpRequest) -> HttpResponse:
    form = aforms.FigureForm(request.POST or None, initial=_initial_subject(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        figure = run_create(
            form, lambda: services.figure_record(actor=request.user, **data), actor=request.user
        )
        if figure is not REFUSED:
            messages.success(request, _("The figure has been recorded."))
            return redirect(_back(figure.subject))
    return render(request, "adoption/form.html", {"form": form, "figure": None, "target": None})


def _figure(request: HttpRequest, pk: int) -> AdoptionMeasurement:
    figure = (
        AdoptionMeasurement.objects.visible_to(request.user)
        .select_related("exchange", "agreement")
        .filter(pk=pk)
        .first()
    )
    if figure is None:
        raise Http404
    if not request.user.has_perm("adoption.change", figure):
        raise Http404  # another organisation's figure: as if it were not there to change
    return figure


@permission_required("adoption.record")
def figure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    figure = _figure(request, pk)
    initial = {f: getattr(figure, f) for f in services.FIGURE_FIELDS}
    initial["lock_version"] = figure.lock_version
    form = aforms.FigureForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.figure_update(
                actor=request.user, figure=figure, lock_version=lock, **data
            ),
            current_lock=lambda: AdoptionMeasurement.objects.get(pk=figure.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(_back(saved.subject))
    return render(request, "adoption/form.html", {"form": form, "figure": figure, "target": None})


@require_POST
@permission_required("adoption.record")
def figure_remove(request: HttpRequest, pk: int) -> HttpResponse:
    figure = _figure(request, pk)
    subject = figure.subject
    lock = posted_lock(request)
    run_step(
        request,
        lambda: services.figure_remove(actor=request.user, figure=figure, lock_version=lock),
        str(_("The figure has been removed.")),
    )
    return redirect(_back(subject))


@permission_required("adoption.targets")
def target_create(request: HttpRequest) -> HttpResponse:
    form = aforms.TargetForm(request.POST or None, initial=_initial_subject(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = run_create(
            form, lambda: services.target_set(actor=request.user, **data), actor=request.user
        )
        if target is not REFUSED:
            messages.success(request, _("The target has been set."))
            return redirect(_back(target.subject))
    return render(request, "adoption/form.html", {"form": form, "figure": None, "target": None})


@permission_required("adoption.targets")
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = (
        AdoptionTarget.objects.visible_to(request.user)
        .select_related("exchange", "agreement")
        .filter(pk=pk)
        .first()
    )
    if target is None:
        raise Http404
    initial = {f: getattr(target, f) for f in services.TARGET_FIELDS}
    initial["lock_version"] = target.lock_version
    form = aforms.TargetForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.target_update(
                actor=request.user, target=target, lock_version=lock, **data
            ),
            current_lock=lambda: AdoptionTarget.objects.get(pk=target.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(_back(saved.subject))
    return render(request, "adoption/form.html", {"form": form, "figure": None, "target": target})
