"""Portfolio pages: programmes, tranches, milestones, decisions, the Gantt timeline, pilots,
and the staff's registers and meeting overview."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from portal.core.decorators import chart_csp, permission_required
from portal.core.exports import export_response
from portal.core.forms import REFUSED, run_create, run_service, run_step
from roadmap.models import (
    Blueprint,
    Decision,
    DecisionAction,
    Deliverable,
    Milestone,
    OutcomeAssessment,
    Pilot,
    PortfolioMeeting,
    Programme,
    Risk,
    Tranche,
)
from roadmap.portfolio import forms as pforms
from roadmap.portfolio import selectors, services


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "portfolio/index.html",
        {
            "programmes": Programme.objects.order_by("status", "name"),
            "tranches": Tranche.objects.visible_to(request.user).order_by("start"),
            "milestones": Milestone.objects.visible_to(request.user)
            .filter(date__gte=today)
            .order_by("date")[:8],
        },
    )


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = Programme.objects.prefetch_related("exchanges").filter(slug=slug).first()
    if programme is None:
        raise Http404
    deliverables = (
        programme.deliverables.visible_to(request.user).select_related("tranche").order_by("due")
    )
    return render(
        request,
        "portfolio/programme_detail.html",
        {
            "p": programme,
            "deliverables": deliverables,
            "milestones": Milestone.objects.visible_to(request.user).filter(programmes=programme),
            "decisions": Decision.objects.visible_to(request.user)
            .select_related("programme", "meeting")
            .filter(programme=programme),
            "risks": programme.risks.all()
            if request.user.has_perm("portfolio.view_internal")
            else None,
            "today": timezone.localdate(),
        },
    )


def tranche_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tranche = (
        Tranche.objects.visible_to(request.user)
        .prefetch_related("exchanges")
        .filter(slug=slug)
        .first()
    )
    if tranche is None:
        raise Http404
    return render(
        request,
        "portfolio/tranche_detail.html",
        {
            "t": tranche,
            "deliverables": tranche.deliverables.select_related("programme").order_by(
                "programme__name", "due"
            ),
            "milestones": Milestone.objects.visible_to(request.user).filter(tranches=tranche),
            "today": timezone.localdate(),
        },
    )


def milestones(request: HttpRequest) -> HttpResponse:
    qs = Milestone.objects.visible_to(request.user).prefetch_related("programmes").order_by("date")
    status = request.GET.get("status", "")
    if status in Milestone.Status.values:
        qs = qs.filter(status=status)
    one = request.GET.get("mijlpaal", "")
    if one.isdigit():  # a link to one milestone (from search, impact or a notification)
        qs = qs.filter(pk=int(one))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/milestone_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": Milestone.Status.choices,
            "querystring": f"status={status}" if status else "",
        },
    )


def decisions(request: HttpRequest) -> HttpResponse:
    qs = (
        Decision.objects.visible_to(request.user)
        .select_related("programme", "meeting")
        .prefetch_related("actions")
        .order_by("-date")
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "portfolio/decision_list.html", {"page_obj": page})


def recommendations(request: HttpRequest) -> HttpResponse:
    """The recommendations moved to the advisory reports (with their conclusions)."""
    return redirect("parliament:advice-list", permanent=True)


def _gantt(request: HttpRequest):
    programmes = list(Programme.objects.order_by("name"))
    tranches = list(Tranche.objects.visible_to(request.user).order_by("start"))
    form = pforms.GanttFilterForm(request.GET or None, programmes=programmes, tranches=tranches)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    rows = selectors.gantt_rows(
        request.user,
        programme=params.get("programme", ""),
        tranche=params.get("tranche", ""),
        today=today,
    )
    return form, rows, today


@chart_csp
def gantt(request: HttpRequest) -> HttpResponse:
    form, rows, today = _gantt(request)
    return render(
        request,
        "portfolio/gantt.html",
        {
            "form": form,
            "rows": rows,
            "today": today,
            "figure": selectors.gantt_figure(rows, today),
            "querystring": request.GET.urlencode(),
        },
    )


def gantt_data(request: HttpRequest) -> JsonResponse:
    """The timeline's data as JSON (for other tools and the open data page)."""
    _form, rows, today = _gantt(request)
    return JsonResponse(
        {
            "today": today.isoformat(),
            "tranches": [
                {"name": t.name, "start": t.start, "end": t.end, "status": t.status}
                for t in rows["tranches"]
            ],
            "deliverables": [
                {
                    "id": d.pk,
                    "title": d.title,
                    "programme": d.programme.name,
                    "tranche": d.tranche.name if d.tranche else None,
                    "start": d.start,
                    "due": d.due,
                    "originalDue": d.original_due,
                    "status": d.status,
                    "late": d.pk in rows["late"],
                    "dependsOn": [p.pk for p in d.depends_on.all()],
                }
                for d in rows["deliverables"]
            ],
            "milestones": [
                {
                    "title": m.title,
                    "date": m.date,
                    "originalDate": m.original_date,
                    "status": m.status,
                }
                for m in rows["milestones"]
            ],
        }
    )


def pilots(request: HttpRequest) -> HttpResponse:
    qs = (
        Pilot.objects.visible_to(request.user)
        .select_related("assessment", "programme")
        .prefetch_related("participants")
    )
    kind = request.GET.get("kind", "")
    if kind in Pilot.Kind.values:
        qs = qs.filter(kind=kind)
    items = list(qs.order_by("-start", "title"))
    return render(
        request,
        "portfolio/pilot_list.html",
        {
            "pilots": items,
            "kind": kind,
            "kinds": Pilot.Kind.choices,
            "scored": [p for p in items if hasattr(p, "assessment")],
        },
    )


def pilot_detail(request: HttpRequest, slug: str) -> HttpResponse:
    qs = (
        Pilot.objects.visible_to(request.user)
        .select_related("programme")
        .prefetch_related(
            "participants",
            "exchanges",
            "blueprints",
            Prefetch("agreements", queryset=Agreement.objects.visible_to(request.user)),
        )
    )
    pilot = qs.filter(slug=slug).first()
    if pilot is None:
        raise Http404
    assessment = OutcomeAssessment.objects.filter(pilot=pilot).first()
    return render(
        request, "portfolio/pilot_detail.html", {"pilot": pilot, "assessment": assessment}
    )


def programmes_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export_response(
        fmt=fmt,
        filename="programmas",
        headers=["name", "ownerDirectorate", "commissioner", "start", "end", "status", "goal"],
        rows=Programme.objects.order_by("name"),
        row=lambda p: [
            p.name,
            p.owner_directorate,
            p.commissioner,
            p.start and p.start.isoformat(),
            p.end and p.end.isoformat(),
            p.status,
            p.goal,
        ],
    )


def milestones_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export_response(
        fmt=fmt,
        filename="mijlpalen",
        headers=["title", "date", "originalDate", "status", "owner"],
        rows=Milestone.objects.visible_to(request.user).order_by("date"),
        row=lambda m: [m.title, m.date.isoformat(), m.original_date.isoformat(), m.status, m.owner],
    )


# --- staff ----------------------------------------------------------------------------


@permission_required("portfolio.view_internal")
def risks(request: HttpRequest) -> HttpResponse:
    open_risks = list(Risk.objects.filter(status=Risk.Status.OPEN).select_related("programme"))
    heat = [[0] * 5 for _ in range(5)]
    for risk in open_risks:
        heat[risk.impact - 1][risk.probability - 1] += 1
    return render(
        request,
        "portfolio/risk_list.html",
        {
            "risks": Risk.objects.select_related("programme").order_by(
                "status", "-probability", "-impact"
            ),
            "heat_rows": [(impact, heat[impact - 1]) for impact in range(5, 0, -1)],
        },
    )


def _meeting_day(request: HttpRequest) -> tuple[pforms.MeetingDateForm, dt.date]:
    form = pforms.MeetingDateForm(request.GET or {"date": timezone.localdate().isoformat()})
    day = form.cleaned_data["date"] if form.is_valid() else timezone.localdate()
    return form, day


@permission_required("portfolio.view_internal")
def meeting(request: HttpRequest) -> HttpResponse:
    form, day = _meeting_day(request)
    overview = selectors.meeting_overview(day)
    return render(
        request,
        "portfolio/meeting.html",
        {
            "form": form,
            "o": overview,
            "meeting_today": PortfolioMeeting.objects.filter(date=day).first(),
        },
    )


@permission_required("portfolio.view_internal")
def meeting_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    _form, day = _meeting_day(request)
    overview = selectors.meeting_overview(day)
    html = render_to_string("portfolio/meeting_pdf.html", {"o": overview}, request=request)
    # Tagged (PDF/UA-1): structure, language and title for assistive technology.
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="portfolio-overleg-{day.isoformat()}.pdf"'
    )
    return response


EDITABLE = {
    "programma": (Programme, pforms.ProgrammeForm, gettext_lazy("programme")),
    "tranche": (Tranche, pforms.TrancheForm, gettext_lazy("tranche")),
    "product": (Deliverable, pforms.DeliverableForm, gettext_lazy("deliverable")),
    "mijlpaal": (Milestone, pforms.MilestoneForm, gettext_lazy("milestone")),
    "risico": (Risk, pforms.RiskForm, gettext_lazy("risk")),
    "overleg": (PortfolioMeeting, pforms.MeetingForm, gettext_lazy("portfolio meeting")),
    "besluit": (Decision, pforms.DecisionForm, gettext_lazy("decision")),
    "actie": (DecisionAction, pforms.DecisionActionForm, gettext_lazy("follow-up action")),
    "pilot": (Pilot, pforms.PilotForm, gettext_lazy("pilot")),
    "beoordeling": (
        OutcomeAssessment,
        pforms.OutcomeAssessmentForm,
        gettext_lazy("outcome assessment"),
    ),
    "blauwdruk": (Blueprint, pforms.BlueprintForm, gettext_lazy("blueprint")),
}


def _after_save(request: HttpRequest, instance) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=False
    ):
        return target
    return instance.get_absolute_url()  # every portfolio record has a page to return to


# The named steps per kind: publishing (flag, publish service, unpublish service) and
# moving the date (field, service).
PUBLICATION = {
    "tranche": ("is_published", services.tranche_publish, services.tranche_unpublish),
    "pilot": ("is_published", services.pilot_publish, services.pilot_unpublish),
    "besluit": ("is_published", services.decision_publish, services.decision_unpublish),
    "mijlpaal": ("is_public", services.milestone_publish, services.milestone_unpublish),
}
RESCHEDULE = {
    "product": ("due", services.deliverable_reschedule),
    "mijlpaal": ("date", services.milestone_reschedule),
}


def _record(kind: str, pk: int | None):
    if kind not in EDITABLE:
        raise Http404
    model, form_class, label = EDITABLE[kind]
    instance = model() if pk is None else model.objects.filter(pk=pk).first()
    if instance is None:
        raise Http404
    return instance, form_class, label


def _steps(kind: str, instance) -> dict:
    """What the edit page offers beside the form for an existing record."""
    if instance.pk is None:
        return {}
    steps: dict = {}
    if kind in PUBLICATION:
        steps["is_public"] = getattr(instance, PUBLICATION[kind][0])
    if kind in RESCHEDULE:
        field = RESCHEDULE[kind][0]
        steps["reschedule"] = pforms.RescheduleForm(
            initial={"date": getattr(instance, field), "lock_version": instance.lock_version},
            auto_id="reschedule_%s",
        )
        steps["date"] = getattr(instance, field)
        steps["original"] = getattr(instance, f"original_{field}")
    return steps


@permission_required("portfolio.manage")
def edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    instance, form_class, label = _record(kind, pk)
    initial = {k: v for k, v in request.GET.items() if k in form_class.base_fields}
    form = form_class(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        model = type(instance)
        m2m = {
            name: form.cleaned_data[name]
            for name in form.cleaned_data
            if name in {f.name for f in model._meta.many_to_many}
        }
        save = lambda: services.record_save(  # noqa: E731
            actor=request.user,
            instance=form.save(commit=False),
            m2m=m2m,
            lock_version=form.cleaned_data.get("lock_version"),
        )
        if pk is None:  # a new record: sending the form twice makes one
            saved = run_create(form, save, actor=request.user)
        else:
            saved = run_service(
                form, save, current_lock=lambda: model.objects.get(pk=pk).lock_version
            )
        if saved is not REFUSED:
            messages.success(request, _("Saved."))
            return redirect(_after_save(request, saved))
    return render(
        request,
        "portfolio/edit.html",
        {
            "form": form,
            "label": label,
            "instance": instance,
            "kind": kind,
            "next": request.GET.get("next", ""),
            "steps": _steps(kind, instance),
        },
    )


def _lock_version(request: HttpRequest) -> int | None:
    value = request.POST.get("lock_version", "")
    return int(value) if value.isdigit() else None


@require_POST
@permission_required("portfolio.manage")
def publication(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Publish a record, or withdraw it from the public (`action` is publish or unpublish)."""
    if kind not in PUBLICATION:
        raise Http404
    instance, _form, _label = _record(kind, pk)
    action = request.POST.get("action")
    if action not in ("publish", "unpublish"):
        messages.error(request, _("Choose whether to publish or to withdraw."))
        return redirect("portfolio:edit", kind=kind, pk=pk)
    _flag, publish, unpublish = PUBLICATION[kind]
    step = publish if action == "publish" else unpublish
    run_step(
        request,
        lambda: step(
            actor=request.user, **{_ARG[kind]: instance}, lock_version=_lock_version(request)
        ),
        _("Published.") if action == "publish" else _("No longer public."),
    )
    return redirect("portfolio:edit", kind=kind, pk=pk)


@require_POST
@permission_required("portfolio.manage")
def reschedule(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Move a deliverable's or milestone's date; the original date stays on record."""
    if kind not in RESCHEDULE:
        raise Http404
    instance, _form, _label = _record(kind, pk)
    form = pforms.RescheduleForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("portfolio:edit", kind=kind, pk=pk)
    field, step = RESCHEDULE[kind]
    if kind == "product" and request.POST.get("confirm") != "1":
        conflicts = selectors.reschedule_conflicts(instance, form.cleaned_data["date"])
        if conflicts:
            # Shown before anything is saved; a second click with `confirm` moves it anyway.
            _form, form_class, label = _record(kind, pk)
            return render(
                request,
                "portfolio/edit.html",
                {
                    "form": form_class(instance=instance),
                    "label": label,
                    "instance": instance,
                    "kind": kind,
                    "next": "",
                    "steps": {**_steps(kind, instance), "reschedule": form},
                    "conflicts": conflicts,
                },
                status=409,
            )
    run_step(
        request,
        lambda: step(
            actor=request.user,
            **{_ARG[kind]: instance, field: form.cleaned_data["date"]},
            lock_version=form.cleaned_data["lock_version"],
        ),
        _("The new date has been saved; the original date stays on record."),
    )
    return redirect("portfolio:edit", kind=kind, pk=pk)


# The keyword under which each kind's step service takes its record.
_ARG = {
    "tranche": "tranche",
    "pilot": "pilot",
    "besluit": "decision",
    "mijlpaal": "milestone",
    "product": "deliverable",
}
