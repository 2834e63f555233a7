"""Pages of the Wegiz agenda: the public agenda, the staff's upkeep, the field's intake."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from portal.core.decorators import chart_csp, permission_required
from portal.core.exports import export_response
from portal.core.forms import REFUSED, run_create, run_service, run_step
from portal.core.ratelimit import rate_limit
from roadmap.models import (
    AgendaUpdate,
    Deliverable,
    Exchange,
    IntakeProposal,
    IntakeRound,
    Phase,
    PhaseChange,
    Pilot,
    Programme,
    Tranche,
)
from roadmap.wegiz import selectors, services
from roadmap.wegiz.forms import (
    AgendaFilterForm,
    AgendaUpdateForm,
    AssessmentForm,
    DecisionForm,
    DesignationForm,
    ExchangeForm,
    IntakeRoundForm,
    PhaseChangeForm,
    ProposalForm,
    StudyForm,
    VoidPhaseForm,
    WithdrawUpdateForm,
)

PHASE_LABELS = dict(Phase.choices)


def _filtered(request: HttpRequest):
    form = AgendaFilterForm(request.GET or None)
    qs = selectors.agenda_queryset().filter(on_agenda=True)
    if form.is_bound and form.is_valid():
        qs = selectors.filter_agenda(qs, **form.cleaned_data)
    return form, qs


def agenda(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "wegiz/agenda.html",
        {
            "form": form,
            "exchanges": list(qs),
            "querystring": query.urlencode(),
            "latest_update": AgendaUpdate.objects.first(),
            "open_round": IntakeRound.objects.filter(status=IntakeRound.Status.OPEN).first(),
        },
    )


def agenda_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, qs = _filtered(request)
    base = request.build_absolute_uri("/")[:-1]

    def designation(e, spoor, attr):
        d = next((d for d in e.designations.all() if d.spoor == spoor), None)
        value = getattr(d, attr) if d else None
        return value.isoformat() if hasattr(value, "isoformat") else value

    return export_response(
        fmt=fmt,
        filename="wegiz-agenda",
        headers=[
            "number",
            "title",
            "careDomain",
            "phase",
            "commissioner",
            "qualityStandard",
            "informationStandard",
            "nenNorm",
            "spoor1Step",
            "spoor1Expected",
            "spoor2Step",
            "spoor2Expected",
            "url",
        ],
        rows=qs,
        row=lambda e: [
            e.number,
            e.title,
            e.care_domain,
            e.phase,
            e.commissioner,
            e.quality_standard,
            e.information_standard,
            e.nen_norm,
            designation(e, 1, "step"),
            designation(e, 1, "expected_in_force"),
            designation(e, 2, "step"),
            designation(e, 2, "expected_in_force"),
            base + e.get_absolute_url(),
        ],
    )


@chart_csp
def timeline(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    segments = selectors.timeline_segments(today)
    return render(
        request,
        "wegiz/timeline.html",
        {
            "segments": segments,
            "figure": selectors.timeline_figure(segments),
            "today": today,
        },
    )


def _exchange(number: int, user: Any) -> Exchange:
    """The exchange with what it links to, each as far as `user` may see it."""
    exchange = (
        Exchange.objects.prefetch_related(
            Prefetch(
                "phase_changes",
                queryset=PhaseChange.objects.select_related("recorded_by").order_by("date", "id"),
            ),
            "designations",
            "studies",
            Prefetch(
                "agreements",
                queryset=Agreement.objects.visible_to(user).order_by("code"),
                to_attr="visible_agreements",
            ),
            Prefetch("programmes", queryset=Programme.objects.order_by("name")),
            Prefetch(
                "tranches",
                queryset=Tranche.objects.visible_to(user).order_by("start"),
                to_attr="visible_tranches",
            ),
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.visible_to(user)
                .select_related("programme")
                .order_by("due", "pk"),
                to_attr="visible_deliverables",
            ),
            Prefetch(
                "pilots",
                queryset=Pilot.objects.visible_to(user).order_by("title"),
                to_attr="visible_pilots",
            ),
        )
        .filter(number=number)
        .first()
    )
    if exchange is None:
        raise Http404
    return exchange


@chart_csp  # the adoption panel draws a chart
def exchange_detail(request: HttpRequest, number: int) -> HttpResponse:
    exchange = _exchange(number, request.user)
    updates = list(AgendaUpdate.objects.order_by("published_on"))
    in_updates = []
    for update in updates:
        row = next((r for r in update.snapshot if r["number"] == exchange.number), None)
        if row:
            row = {**row, "phase_label": PHASE_LABELS.get(row["phase"], row["phase"])}
        in_updates.append((update, row))
    designation_history = list(
        exchange.designations.model.history.filter(exchange_id=exchange.pk).order_by(
            "spoor", "history_date"
        )
    )
    return render(
        request,
        "wegiz/exchange_detail.html",
        {
            "e": exchange,
            "in_updates": in_updates,
            "voided": PhaseChange.all_objects.filter(
                exchange=exchange, voided_at__isnull=False
            ).order_by("date", "id"),
            "designation_history": designation_history,
        },
    )


def updates(request: HttpRequest) -> HttpResponse:
    page = Paginator(AgendaUpdate.objects.order_by("-published_on"), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "wegiz/update_list.html", {"page_obj": page})


def update_detail(request: HttpRequest, pk: int) -> HttpResponse:
    update = AgendaUpdate.objects.filter(pk=pk).first()
    if update is None:
        raise Http404
    previous = selectors.previous_update(update)
    diff = selectors.diff_snapshots(previous.snapshot if previous else [], update.snapshot)
    return render(
        request,
        "wegiz/update_detail.html",
        {
            "update": update,
            "previous": previous,
            "diff": diff,
            "rows": selectors.snapshot_rows(update.snapshot),
            "withdraw_form": WithdrawUpdateForm()
            if request.user.has_perm("wegiz.manage") and update.withdrawn_on is None
            else None,
        },
    )


@require_POST
@permission_required("wegiz.manage")
def update_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    update = AgendaUpdate.objects.filter(pk=pk).first()
    if update is None:
        raise Http404
    form = WithdrawUpdateForm(request.POST)
    if form.is_valid():
        run_step(
            request,
            lambda: services.agenda_update_withdraw(
                actor=request.user, update=update, reason=form.cleaned_data["reason"]
            ),
            _("The update has been withdrawn; it stays readable, marked as withdrawn."),
        )
    else:
        messages.error(request, _("Say why the update is withdrawn."))
    return redirect(update)


@require_POST
@permission_required("wegiz.manage")
def phase_void(request: HttpRequest, pk: int) -> HttpResponse:
    """Void a wrong entry in an exchange's phase history, with the reason."""
    change = PhaseChange.all_objects.select_related("exchange").filter(pk=pk).first()
    if change is None:
        raise Http404
    form = VoidPhaseForm(request.POST)
    if form.is_valid():
        run_step(
            request,
            lambda: services.phase_change_void(
                actor=request.user, change=change, reason=form.cleaned_data["reason"]
            ),
            _("The entry has been voided; it stays in the record, marked as voided."),
        )
    else:
        messages.error(request, _("Say why this entry is wrong."))
    return redirect(change.exchange)


# --- programme managers ---------------------------------------------------------------


@permission_required("wegiz.manage")
def exchange_create(request: HttpRequest) -> HttpResponse:
    form = ExchangeForm(request.POST or None, initial={"on_agenda": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)

        def create() -> Exchange:
            if Exchange.objects.filter(number=data["number"]).exists():
                raise ValidationError({"number": _("An exchange with this number exists already.")})
            return services.exchange_create(actor=request.user, **data)

        exchange = run_create(form, create, actor=request.user)
        if exchange is not REFUSED:
            messages.success(request, _("The exchange has been put on the agenda."))
            return redirect(exchange)
    return render(request, "wegiz/exchange_form.html", {"form": form, "e": None})


@permission_required("wegiz.manage")
def exchange_edit(request: HttpRequest, number: int) -> HttpResponse:
    exchange = _exchange(number, request.user)
    initial = {f: getattr(exchange, f) for f in services.EXCHANGE_FIELDS}
    initial.update(lock_version=exchange.lock_version, agreements=exchange.agreements.all())
    form = ExchangeForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved = run_service(
            form,
            lambda: services.exchange_update(actor=request.user, exchange=exchange, **data),
            current_lock=lambda: Exchange.objects.get(pk=exchange.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(exchange)
    return render(request, "wegiz/exchange_form.html", {"form": form, "e": exchange})


def _manage_form(request, number, form_class, service, success, template_title):
    exchange = _exchange(number, request.user)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_create(  # a plain save for a form that creates nothing (designation)
            form,
            lambda: service(actor=request.user, exchange=exchange, **form.cleaned_data),
            actor=request.user,
        )
        if done is not REFUSED:
            messages.success(request, success)
            return redirect(exchange)
    return render(
        request,
        "wegiz/exchange_step.html",
        {
            "form": form,
            "e": exchange,
            "title": template_title,
        },
    )


@permission_required("wegiz.manage")
def phase_change(request: HttpRequest, number: int) -> HttpResponse:
    return _manage_form(
        request,
        number,
        PhaseChangeForm,
        services.phase_change_record,
        _("The phase change has been recorded."),
        _("Record a phase change"),
    )


@permission_required("wegiz.manage")
def designation(request: HttpRequest, number: int) -> HttpResponse:
    return _manage_form(
        request,
        number,
        DesignationForm,
        services.designation_set,
        _("The designation has been saved."),
        _("Designation (AMvB)"),
    )


@permission_required("wegiz.manage")
def study(request: HttpRequest, number: int) -> HttpResponse:
    return _manage_form(
        request,
        number,
        StudyForm,
        services.study_add,
        _("The study has been added."),
        _("Add a study"),
    )


@permission_required("wegiz.manage")
def update_publish(request: HttpRequest) -> HttpResponse:
    form = AgendaUpdateForm(request.POST or None, initial={"published_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        update = run_create(
            form,
            lambda: services.agenda_update_publish(actor=request.user, **form.cleaned_data),
            actor=request.user,
        )
        if update is not REFUSED:
            messages.success(request, _("The agenda update has been published."))
            return redirect(update)
    # What the update will show as changed, before it is published.
    last = services.standing_updates().order_by("-published_on").first()
    preview = selectors.diff_snapshots(last.snapshot if last else [], selectors.agenda_snapshot())
    return render(
        request, "wegiz/update_form.html", {"form": form, "previous": last, "diff": preview}
    )


# --- intake ---------------------------------------------------------------------------


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    user = request.user
    rounds = IntakeRound.objects.order_by("-id")
    if user.has_perm("wegiz.manage"):
        proposals = IntakeProposal.objects.all()
    else:
        proposals = IntakeProposal.objects.filter(organisation__memberships__user=user)
    proposals = proposals.select_related("round", "organisation").order_by("-created_at")
    return render(
        request,
        "wegiz/intake.html",
        {
            "rounds": rounds,
            "open_round": rounds.filter(status=IntakeRound.Status.OPEN).first(),
            "proposals": proposals,
            "round_form": IntakeRoundForm(),
        },
    )


@permission_required("wegiz.manage")
def round_create(request: HttpRequest) -> HttpResponse:
    form = IntakeRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_create(
            form,
            lambda: services.intake_round_create(actor=request.user, **form.cleaned_data),
            actor=request.user,
        )
        if created is not REFUSED:
            messages.success(request, _("The intake round has been created."))
            return redirect("wegiz:intake")
    return render(request, "wegiz/round_form.html", {"form": form})


@require_POST
@permission_required("wegiz.manage")
def round_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    intake_round = IntakeRound.objects.filter(pk=pk).first()
    if intake_round is None or step not in ("open", "close"):
        raise Http404
    service = services.intake_round_open if step == "open" else services.intake_round_close
    run_step(
        request,
        lambda: service(actor=request.user, intake=intake_round),
        _("The intake round is open.") if step == "open" else _("The intake round is closed."),
    )
    return redirect("wegiz:intake")


@permission_required("wegiz.propose")
@rate_limit("proposal")
def proposal_create(request: HttpRequest) -> HttpResponse:
    open_round = IntakeRound.objects.filter(status=IntakeRound.Status.OPEN).first()
    if open_round is None:
        messages.error(request, _("No intake round is open at the moment."))
        return redirect("wegiz:intake")
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        proposal = run_create(
            form,
            lambda: (
                services.proposal_create_and_submit
                if "submit" in request.POST
                else services.proposal_create
            )(actor=request.user, intake=open_round, organisation=organisation, **data),
            actor=request.user,
        )
        if proposal is not REFUSED:
            messages.success(
                request,
                _("Your proposal has been submitted.")
                if "submit" in request.POST
                else _("Your draft has been saved."),
            )
            return redirect(proposal)
    return render(
        request, "wegiz/proposal_form.html", {"form": form, "round": open_round, "proposal": None}
    )


def _visible_proposal(request: HttpRequest, pk: int) -> IntakeProposal:
    proposal = (
        IntakeProposal.objects.select_related("round", "organisation", "exchange")
        .filter(pk=pk)
        .first()
    )
    # Someone else's proposal does not exist for you: 404, not 403.
    if proposal is None or not request.user.has_perm("wegiz.view_proposal", proposal):
        raise Http404
    return proposal


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    assessment = decision = None
    if request.user.has_perm("wegiz.manage"):
        assessment = AssessmentForm(
            initial={f: getattr(proposal, f) for f in AssessmentForm.base_fields}
        )
        decision = DecisionForm()
    return render(
        request,
        "wegiz/proposal_detail.html",
        {
            "proposal": proposal,
            "assessment_form": assessment,
            "decision_form": decision,
            "can_edit": request.user.has_perm("wegiz.edit_proposal", proposal),
        },
    )


@login_required
@rate_limit("proposal")
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    if not request.user.has_perm("wegiz.edit_proposal", proposal):
        raise PermissionDenied
    initial = {f: getattr(proposal, f) for f in services.PROPOSAL_FIELDS}
    initial["lock_version"] = proposal.lock_version
    form = ProposalForm(request.POST or None, initial=initial, user=request.user, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: (
                services.proposal_submit if "submit" in request.POST else services.proposal_save
            )(actor=request.user, proposal=proposal, lock_version=lock, **data),
            current_lock=lambda: IntakeProposal.objects.get(pk=proposal.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("Your proposal has been saved."))
            return redirect(proposal)
    return render(
        request,
        "wegiz/proposal_form.html",
        {"form": form, "round": proposal.round, "proposal": proposal},
    )


@require_POST
@permission_required("wegiz.manage")
def proposal_assess(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        assessed = run_service(
            form,
            lambda: services.proposal_assess(
                actor=request.user, proposal=proposal, **form.cleaned_data
            ),
        )
        if assessed is not REFUSED:
            messages.success(request, _("The assessment has been saved."))
            return redirect(proposal)
    return render(
        request,
        "wegiz/proposal_detail.html",
        {
            "proposal": proposal,
            "assessment_form": form,
            "decision_form": DecisionForm(),
            "can_edit": False,
        },
    )


@require_POST
@permission_required("wegiz.manage")
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "accept":
            exchange = run_service(
                form,
                lambda: services.proposal_accept(
                    actor=request.user,
                    proposal=proposal,
                    number=data["number"],
                    care_domain=data["care_domain"],
                    reason=data["reason"],
                ),
            )
            if exchange is not REFUSED:
                messages.success(
                    request,
                    _("The proposal is on the agenda as exchange %(n)s.") % {"n": exchange.number},
                )
                return redirect(proposal)
        else:
            declined = run_service(
                form,
                lambda: services.proposal_decline(
                    actor=request.user, proposal=proposal, reason=data["reason"]
                ),
            )
            if declined is not REFUSED:
                messages.success(request, _("The proposal has been declined."))
                return redirect(proposal)
    return render(
        request,
        "wegiz/proposal_detail.html",
        {
            "proposal": proposal,
            "assessment_form": AssessmentForm(),
            "decision_form": form,
            "can_edit": False,
        },
    )
