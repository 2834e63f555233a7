"""Pages of the register of commitments and motions, the report to parliament, the
legislative tracks and the advisory reports with their follow-up."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parliament import forms as pforms
from parliament import selectors, services
from parliament.models import AdviceItem, AdvisoryReport, Commitment, LegislativeTrack
from portal.core.decorators import chart_csp, permission_required
from portal.core.exports import export_response
from portal.core.forms import REFUSED, posted_lock, run_create, run_service, run_step

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
    lock = posted_lock(request)
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
    # Tagged (PDF/UA-1): structure, language and title for assistive technology.
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        pdf_variant="pdf/ua-1"
    )
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


TRACK_EXPORT_HEADERS = [
    "track",
    "title",
    "kind",
    "dossier",
    "parent",
    "stage",
    "planned",
    "actual",
    "note",
]


def track_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every procedure step of the tracks the page lists (same filters and visibility), one
    row per step in the order of the procedure, streamed."""
    from parliament.models import STAGE_ORDER, ProcedureStep

    form = pforms.TrackFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    tracks = selectors.tracks(request.user, q=params.get("q", ""), kind=params.get("kind", ""))
    steps = (
        ProcedureStep.objects.filter(track__in=tracks.values("pk"))
        .select_related("track", "track__parent")
        .order_by("track__title", "track_id", "pk")
    )

    def rows():
        # Steps are created in the order of the procedure; sort each track's run anyway.
        run: list[ProcedureStep] = []
        for step in steps.iterator(chunk_size=500):
            if run and run[-1].track_id != step.track_id:
                yield from sorted(run, key=lambda s: STAGE_ORDER[s.stage])
                run = []
            run.append(step)
        yield from sorted(run, key=lambda s: STAGE_ORDER[s.stage])

    sees_all = LegislativeTrack.objects.sees_all(request.user)

    def row(s: ProcedureStep) -> list:
        t = s.track
        parent = t.parent if t.parent is not None and (t.parent.is_published or sees_all) else None
        return [
            t.slug,
            t.title,
            t.kind,
            t.dossier,
            parent.slug if parent is not None else "",
            s.stage,
            s.planned.isoformat() if s.planned else "",
            s.actual.isoformat() if s.actual else "",
            s.note,
        ]

    return export_response(
        fmt=fmt, filename="wetgeving", headers=TRACK_EXPORT_HEADERS, rows=rows(), row=row
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
    lock = posted_lock(request)
    run_step(
        request,
        lambda: service(actor=request.user, track=track, lock_version=lock),
        str(success),
    )
    return redirect(track)


# --- advisory reports -------------------------------------------------------------------


def _visible_advice(request: HttpRequest, slug: str) -> AdvisoryReport:
    report = AdvisoryReport.objects.visible_to(request.user).filter(slug=slug).first()
    if report is None:
        raise Http404
    return report


def _item_of(request: HttpRequest, report: AdvisoryReport, pk: int) -> AdviceItem:
    """An item only through the report it belongs to (another report's id is a 404)."""
    item = AdviceItem.objects.filter(report=report, pk=pk).select_related("report").first()
    if item is None:
        raise Http404
    return item


def advice_list(request: HttpRequest) -> HttpResponse:
    form = pforms.AdviceFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.advice_reports(
        request.user, q=params.get("q", ""), advisor=params.get("advisor", "")
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "parliament/advice_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": query.urlencode(),
            "may_manage": request.user.has_perm("parliament.manage"),
        },
    )


def _follow_ups(request: HttpRequest):
    form = pforms.FollowUpFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.follow_ups(
        request.user,
        q=params.get("q", ""),
        kind=params.get("kind", ""),
        disposition=params.get("disposition", ""),
        status=params.get("status", ""),
        owner=params.get("owner", ""),
        sort=params.get("sort") or "deadline",
        today=timezone.localdate(),
    )
    return form, qs


def follow_up_list(request: HttpRequest) -> HttpResponse:
    form, qs = _follow_ups(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "parliament/follow_ups.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


FOLLOW_UP_HEADERS = [
    "report",
    "advisor",
    "kind",
    "label",
    "title",
    "disposition",
    "reasoning",
    "owner",
    "deadline",
    "status",
    "overdue",
    "followUp",
]


def follow_up_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The follow-up register as the page shows it (same filters and visibility), streamed."""
    _form, qs = _follow_ups(request)
    today = timezone.localdate()

    def row(i: AdviceItem) -> list:
        return [
            i.report.slug,
            i.report.advisor,
            i.kind,
            i.label,
            i.title,
            i.disposition,
            i.reasoning,
            i.owner,
            i.deadline.isoformat() if i.deadline else "",
            i.status,
            i.is_overdue(today),
            i.follow_up,
        ]

    return export_response(
        fmt=fmt,
        filename="opvolging-adviezen",
        headers=FOLLOW_UP_HEADERS,
        rows=qs.iterator(chunk_size=500),
        row=row,
    )


def advice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    report = _visible_advice(request, slug)
    user = request.user
    decision = apps.get_model("roadmap.Decision")
    milestone = apps.get_model("roadmap.Milestone")
    items = list(
        report.items.prefetch_related(
            "programmes",
            Prefetch("decisions", queryset=decision.objects.visible_to(user).order_by("-date")),
            Prefetch("milestones", queryset=milestone.objects.visible_to(user).order_by("date")),
        ).order_by("kind", "label", "pk")
    )
    today = timezone.localdate()
    for item in items:
        item.late = item.is_overdue(today)
    return render(
        request,
        "parliament/advice_detail.html",
        {
            "r": report,
            "conclusions": [i for i in items if i.kind == AdviceItem.Kind.CONCLUSION],
            "recommendations": [i for i in items if i.kind == AdviceItem.Kind.RECOMMENDATION],
            "programmes": list(report.programmes.order_by("name")),
            "may_manage": user.has_perm("parliament.manage"),
        },
    )


@permission_required("parliament.manage")
def advice_create(request: HttpRequest) -> HttpResponse:
    form = pforms.AdviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        report = run_create(
            form, lambda: services.advice_create(actor=request.user, **data), actor=request.user
        )
        if report is not REFUSED:
            messages.success(request, _("Saved. It is not public until you publish it."))
            return redirect(report)
    return render(request, "parliament/advice_form.html", {"form": form, "r": None})


@permission_required("parliament.manage")
def advice_edit(request: HttpRequest, slug: str) -> HttpResponse:
    report = _visible_advice(request, slug)
    initial = {f: getattr(report, f) for f in services.REPORT_FIELDS}
    initial["lock_version"] = report.lock_version
    initial["programmes"] = report.programmes.all()
    form = pforms.AdviceForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.advice_update(
                actor=request.user, report=report, lock_version=lock, **data
            ),
            current_lock=lambda: AdvisoryReport.objects.get(pk=report.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(report)
    return render(request, "parliament/advice_form.html", {"form": form, "r": report})


ADVICE_STEPS = {
    "publish": (services.advice_publish, _("Published: it is on the public pages.")),
    "unpublish": (services.advice_unpublish, _("Withdrawn: it is no longer public.")),
}


@require_POST
@permission_required("parliament.manage")
def advice_step(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    report = _visible_advice(request, slug)
    if verb not in ADVICE_STEPS:
        raise Http404
    service, success = ADVICE_STEPS[verb]
    lock = posted_lock(request)
    run_step(
        request,
        lambda: service(actor=request.user, report=report, lock_version=lock),
        str(success),
    )
    return redirect(report)


@permission_required("parliament.manage")
def item_create(request: HttpRequest, slug: str) -> HttpResponse:
    report = _visible_advice(request, slug)
    form = pforms.AdviceItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        item = run_create(
            form,
            lambda: services.advice_item_create(actor=request.user, report=report, **data),
            actor=request.user,
        )
        if item is not REFUSED:
            messages.success(request, _("Saved."))
            return redirect(item)
    return render(
        request, "parliament/advice_item_form.html", {"form": form, "r": report, "item": None}
    )


@permission_required("parliament.manage")
def item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _visible_advice(request, slug)
    item = _item_of(request, report, pk)
    initial = {f: getattr(item, f) for f in services.ITEM_FIELDS}
    initial["lock_version"] = item.lock_version
    for name in services.ITEM_LINKS:
        initial[name] = getattr(item, name).all()
    form = pforms.AdviceItemForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.advice_item_update(
                actor=request.user, item=item, lock_version=lock, **data
            ),
            current_lock=lambda: AdviceItem.objects.get(pk=item.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(item)
    return render(
        request, "parliament/advice_item_form.html", {"form": form, "r": report, "item": item}
    )


ITEM_STEPS = {
    "start": (services.advice_item_start, _("The follow-up is in progress.")),
    "complete": (services.advice_item_complete, _("The follow-up is done.")),
    "reopen": (services.advice_item_reopen, _("Reopened: the follow-up is in progress again.")),
}


@require_POST
@permission_required("parliament.manage")
def item_step(request: HttpRequest, slug: str, pk: int, verb: str) -> HttpResponse:
    report = _visible_advice(request, slug)
    item = _item_of(request, report, pk)
    if verb not in ITEM_STEPS:
        raise Http404
    service, success = ITEM_STEPS[verb]
    lock = posted_lock(request)
    run_step(
        request,
        lambda: service(actor=request.user, item=item, lock_version=lock),
        str(success),
    )
    return redirect(item)
