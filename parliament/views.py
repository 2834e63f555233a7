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
from parliament.models import Commitment, LegislativeTrack
from portal.core.decorators import chart_csp, permission_required
from portal.core.exports import export_response
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


def _filtered(request: HttpRequest):
    form = pforms.RegisterFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.register(
        request.user,
        q=params.get("q", ""),
        kind=params.get("kind", ""),
        status=params.get("status", ""),
        owner=params.get("owner", ""),
        sort=params.get("sort") or "due",
        today=timezone.localdate(),
    )
    return form, qs


def register(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    today = timezone.localdate()
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


EXPORT_HEADERS = [
    "id",
    "kind",
    "title",
    "summary",
    "source",
    "sourceTitle",
    "kamerstuk",
    "sourceDate",
    "submitters",
    "owner",
    "due",
    "status",
    "overdue",
    "fulfilledOn",
    "fulfilledBy",
    "fulfilledUrl",
]


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The register as the page shows it (same filters and visibility), streamed as CSV."""
    _form, qs = _filtered(request)
    today = timezone.localdate()

    def row(c: Commitment) -> list:
        return [
            c.pk,
            c.kind,
            c.title,
            c.summary,
            c.source,
            c.source_title,
            c.kamerstuk,
            c.source_date.isoformat(),
            c.submitters,
            c.owner,
            c.due.isoformat() if c.due else "",
            c.status,
            c.is_overdue(today),
            c.fulfilled_on.isoformat() if c.fulfilled_on else "",
            c.fulfilled_by,
            c.fulfilled_url,
        ]

    return export_response(
        fmt=fmt,
        filename="toezeggingen-en-moties",
        headers=EXPORT_HEADERS,
        rows=qs.iterator(chunk_size=500),
        row=row,
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


# --- legislative tracks -----------------------------------------------------------------


def _visible_track(request: HttpRequest, slug: str) -> LegislativeTrack:
    track = (
        LegislativeTrack.objects.visible_to(request.user)
        .prefetch_related("steps")
        .filter(slug=slug)
        .first()
    )
    if track is None:
        raise Http404
    return track


def tracks(request: HttpRequest) -> HttpResponse:
    form = pforms.TrackFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.tracks(request.user, q=params.get("q", ""), kind=params.get("kind", ""))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [(t, selectors.current_stage(t)) for t in page]
    return render(
        request,
        "parliament/tracks.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "querystring": query.urlencode(),
            "may_manage": request.user.has_perm("parliament.manage"),
        },
    )


@chart_csp
def track_detail(request: HttpRequest, slug: str) -> HttpResponse:
    track = _visible_track(request, slug)
    today = timezone.localdate()
    steps = selectors.steps_in_order(track)
    orders = track.orders.all().visible_to(request.user).order_by("title")
    parent = (
        LegislativeTrack.objects.visible_to(request.user).filter(pk=track.parent_id).first()
        if track.parent_id
        else None
    )
    return render(
        request,
        "parliament/track_detail.html",
        {
            "t": track,
            "steps": steps,
            "current": selectors.current_stage(track),
            "today": today,
            "figure": selectors.timeline_figure(steps, today),
            "parent": parent,
            "orders": list(orders),
            "exchanges": list(track.exchanges.order_by("number")),
            "programmes": list(track.programmes.order_by("name")),
            "commitments": list(
                track.commitments.all().visible_to(request.user).order_by("due", "pk")
            ),
            "consultations": list(
                track.consultations.all().visible_to(request.user).order_by("-opens_at")
            ),
            "may_manage": request.user.has_perm("parliament.manage"),
        },
    )


@permission_required("parliament.manage")
def track_create(request: HttpRequest) -> HttpResponse:
    form = pforms.TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        track = run_create(
            form, lambda: services.track_create(actor=request.user, **data), actor=request.user
        )
        if track is not REFUSED:
            messages.success(request, _("Saved. It is not public until you publish it."))
            return redirect(track)
    return render(request, "parliament/track_form.html", {"form": form, "t": None})


@permission_required("parliament.manage")
def track_edit(request: HttpRequest, slug: str) -> HttpResponse:
    track = _visible_track(request, slug)
    initial = {f: getattr(track, f) for f in services.TRACK_FIELDS}
    initial["lock_version"] = track.lock_version
    for name in services.TRACK_LINKS:
        initial[name] = getattr(track, name).all()
    form = pforms.TrackForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.track_update(
                actor=request.user, track=track, lock_version=lock, **data
            ),
            current_lock=lambda: LegislativeTrack.objects.get(pk=track.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(track)
    return render(request, "parliament/track_form.html", {"form": form, "t": track})


@permission_required("parliament.manage")
def track_steps(request: HttpRequest, slug: str) -> HttpResponse:
    track = _visible_track(request, slug)
    steps = selectors.steps_in_order(track)
    initial: dict = {"lock_version": track.lock_version}
    for s in steps:
        initial.update(
            {
                f"planned_{s.stage}": s.planned,
                f"actual_{s.stage}": s.actual,
                f"note_{s.stage}": s.note,
            }
        )
    form = pforms.StepsForm(request.POST or None, initial=initial, steps=steps)
    if request.method == "POST" and form.is_valid():
        lock = form.cleaned_data["lock_version"]
        saved = run_service(
            form,
            lambda: services.track_plan(
                actor=request.user,
                track=track,
                lock_version=lock,
                dates=form.dates(),
                today=timezone.localdate(),
            ),
            current_lock=lambda: LegislativeTrack.objects.get(pk=track.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The procedure has been saved."))
            return redirect(track)
    return render(request, "parliament/track_steps.html", {"form": form, "t": track})


TRACK_STEPS = {
    "publish": (services.track_publish, _("Published: it is on the public pages.")),
    "unpublish": (services.track_unpublish, _("Withdrawn: it is no longer public.")),
}


@require_POST
@permission_required("parliament.manage")
def track_step(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    track = _visible_track(request, slug)
    if verb not in TRACK_STEPS:
        raise Http404
    service, success = TRACK_STEPS[verb]
    try:
        lock = int(request.POST.get("lock_version", ""))
    except ValueError:
        lock = -1
    run_step(
        request,
        lambda: service(actor=request.user, track=track, lock_version=lock),
        str(success),
    )
    return redirect(track)
