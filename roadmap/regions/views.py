"""Regional initiatives, progress reports, CDS reviews and funding applications.

A coordinator works only in their own regions: any object of another region answers 404,
whether asked for by page, form or API, and nothing changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from portal.core.decorators import chart_csp, permission_required
from portal.core.exports import export_response
from portal.core.forms import REFUSED, run_create, run_service, run_step
from portal.core.uploads import download_response
from roadmap.models import (
    AlignmentReview,
    ApplicationAnswer,
    Attachment,
    BuildingBlock,
    CriterionAssessment,
    FundingApplication,
    FundingCall,
    FundingScheme,
    GrantCondition,
    Initiative,
    ProgressReport,
    Region,
)
from roadmap.regions import forms as rforms
from roadmap.regions import selectors, services


def _private(request: HttpRequest, obj):
    """The object if the person may see its non-public side, else 404 (no leak)."""
    if obj is None or not request.user.has_perm("regions.view_private", obj):
        raise Http404
    return obj


def _editable(request: HttpRequest, obj):
    _private(request, obj)
    if not request.user.has_perm("regions.edit", obj):
        raise PermissionDenied  # may see it (CDS, staff) but not change it
    return obj


def _my_regions(user):
    return Region.objects.filter(assignments__user=user).order_by("name")


# --- public ---------------------------------------------------------------------------


def _register_qs(request: HttpRequest):
    regions = list(Region.objects.order_by("name"))
    form = rforms.RegisterFilterForm(request.GET or None, regions=regions)
    qs = selectors.initiatives_with_latest_review()
    if form.is_bound and form.is_valid():
        if form.cleaned_data["region"]:
            qs = qs.filter(region__slug=form.cleaned_data["region"])
        if form.cleaned_data["status"]:
            qs = qs.filter(status=form.cleaned_data["status"])
    return form, qs


def register(request: HttpRequest) -> HttpResponse:
    form, qs = _register_qs(request)
    return render(
        request,
        "regions/register.html",
        {
            "form": form,
            "initiatives": list(qs),
            "querystring": request.GET.urlencode(),
            "schemes": FundingScheme.objects.order_by("name"),
        },
    )


def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, qs = _register_qs(request)

    def latest(i):
        return i.reviews_newest_first[0].overall if i.reviews_newest_first else ""

    return export_response(
        fmt=fmt,
        filename="regionale-initiatieven",
        headers=[
            "region",
            "title",
            "purpose",
            "status",
            "fundingSource",
            "fundingAmount",
            "alignment",
            "decidedFunding",
        ],
        rows=qs,
        row=lambda i: [
            i.region.name,
            i.title,
            i.purpose,
            i.status,
            i.funding_source,
            i.funding_amount and int(i.funding_amount),
            latest(i),
            "; ".join(f"{a.scheme.name}: {a.status}" for a in i.decided_applications),
        ],
    )


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = (
        selectors.initiatives_with_latest_review()
        .prefetch_related(
            "organisations",
            Prefetch("agreements", queryset=Agreement.objects.visible_to(request.user)),
            Prefetch(
                "building_blocks",
                queryset=BuildingBlock.objects.visible_to(request.user).order_by("name"),
            ),
            Prefetch(
                "reviews_newest_first__building_blocks",
                queryset=BuildingBlock.objects.visible_to(request.user).order_by("name"),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if initiative is None:
        raise Http404
    private = request.user.has_perm("regions.view_private", initiative)
    context = {
        "i": initiative,
        "private": private,
        "can_edit": request.user.has_perm("regions.edit", initiative),
        "can_review": request.user.has_perm("regions.review", initiative),
    }
    if private:
        context["reports"] = initiative.reports.order_by("-due_date")
        context["applications"] = initiative.applications.select_related("scheme")
        context["today"] = timezone.localdate()
    return render(request, "regions/initiative_detail.html", context)


def schemes(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.schemes_with_money(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "regions/scheme_list.html",
        {"page_obj": page, "may_manage": request.user.has_perm("regions.manage_schemes")},
    )


SCHEME_EXPORT_HEADERS = [
    "scheme",
    "name",
    "source",
    "budget",
    "region",
    "grants",
    "requested",
    "committed",
    "remaining",
]


def schemes_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The money of every scheme: one row per scheme (region empty) with its totals, then
    one per region with grants in it (public: grants only)."""

    def rows():
        for s in selectors.schemes_with_money():
            yield [
                s.slug,
                s.name,
                s.source,
                s.budget,
                "",
                s.n_grants,
                None,
                s.committed,
                s.remaining,
            ]
        for r in selectors.committed_by_region():
            yield [
                r["scheme__slug"],
                r["scheme__name"],
                "",
                None,
                r["initiative__region__slug"],
                r["n"],
                r["requested"],
                r["committed"],
                None,
            ]

    return export_response(
        fmt=fmt,
        filename="regelingen",
        headers=SCHEME_EXPORT_HEADERS,
        rows=rows(),
        row=lambda r: r,
    )


def _scheme(slug: str) -> FundingScheme:
    scheme = selectors.schemes_with_money().filter(slug=slug).first()
    if scheme is None:
        raise Http404
    return scheme


def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = _scheme(slug)
    versions: dict[int, list] = {}
    for c in scheme.criteria.order_by("-version", "order"):
        versions.setdefault(c.version, []).append(c)
    decided = (
        FundingApplication.objects.published()
        .filter(scheme=scheme)
        .select_related("initiative__region")
        .order_by("-decided_at", "-pk")
    )
    user = request.user
    now = timezone.now()
    return render(
        request,
        "regions/scheme_detail.html",
        {
            "scheme": scheme,
            "versions": versions,
            "decided": decided,
            "calls": [(c, c.state_at(now)) for c in scheme.calls.all()],
            "regions": selectors.committed_by_region(scheme),
            "pending": (
                selectors.pending_requested(user, scheme)
                if user.has_perm("regions.view_all")
                else None
            ),
            "may_manage": user.has_perm("regions.manage_schemes"),
        },
    )


@permission_required("regions.manage_schemes")
def scheme_create(request: HttpRequest) -> HttpResponse:
    form = rforms.SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        scheme = run_create(
            form, lambda: services.scheme_create(actor=request.user, **data), actor=request.user
        )
        if scheme is not REFUSED:
            messages.success(request, _("The scheme has been recorded. Now set its criteria."))
            return redirect("regions:scheme-criteria", scheme.slug)
    return render(request, "regions/scheme_form.html", {"form": form, "scheme": None})


@permission_required("regions.manage_schemes")
def scheme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = _scheme(slug)
    initial = {f: getattr(scheme, f) for f in services.SCHEME_FIELDS}
    initial["lock_version"] = scheme.lock_version
    form = rforms.SchemeForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.scheme_update(
                actor=request.user, scheme=scheme, lock_version=lock, **data
            ),
            current_lock=lambda: FundingScheme.objects.get(pk=scheme.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(saved)
    return render(request, "regions/scheme_form.html", {"form": form, "scheme": scheme})


@permission_required("regions.manage_schemes")
def call_create(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = _scheme(slug)
    form = rforms.CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        call = run_create(
            form,
            lambda: services.call_create(actor=request.user, scheme=scheme, **data),
            actor=request.user,
        )
        if call is not REFUSED:
            messages.success(request, _("The call has been recorded."))
            return redirect(scheme)
    return render(request, "regions/call_form.html", {"form": form, "scheme": scheme, "call": None})


@permission_required("regions.manage_schemes")
def call_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scheme = _scheme(slug)
    call = scheme.calls.filter(pk=pk).first()
    if call is None:
        raise Http404
    initial = {f: getattr(call, f) for f in services.CALL_FIELDS}
    initial["lock_version"] = call.lock_version
    form = rforms.CallForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.call_update(actor=request.user, call=call, lock_version=lock, **data),
            current_lock=lambda: FundingCall.objects.get(pk=call.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(scheme)
    return render(request, "regions/call_form.html", {"form": form, "scheme": scheme, "call": call})


# --- coordinators ---------------------------------------------------------------------


@permission_required("regions.view_mine")
def workspace(request: HttpRequest) -> HttpResponse:
    regions = _my_regions(request.user)
    initiatives = (
        Initiative.objects.filter(region__in=regions)
        .select_related("region")
        .prefetch_related(
            Prefetch("reports", queryset=ProgressReport.objects.order_by("-due_date")),
            Prefetch("applications", queryset=FundingApplication.objects.select_related("scheme")),
        )
    )
    return render(
        request,
        "regions/workspace.html",
        {
            "regions": regions,
            "initiatives": initiatives,
            "today": timezone.localdate(),
        },
    )


@permission_required("regions.view_mine")
def initiative_create(request: HttpRequest) -> HttpResponse:
    regions = _my_regions(request.user)
    form = rforms.InitiativeForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        initiative = run_create(
            form, lambda: services.initiative_create(actor=request.user, **data), actor=request.user
        )
        if initiative is not REFUSED:
            services.report_open_period(initiative=initiative, day=timezone.localdate())
            messages.success(request, _("The initiative has been saved."))
            return redirect(initiative)
    return render(request, "regions/initiative_form.html", {"form": form, "i": None})


@login_required
def initiative_edit(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _editable(request, Initiative.objects.filter(slug=slug).first())
    initial = {f: getattr(initiative, f) for f in services.INITIATIVE_FIELDS}
    initial.update(
        lock_version=initiative.lock_version,
        organisations=initiative.organisations.all(),
        agreements=initiative.agreements.all(),
        building_blocks=initiative.building_blocks.all(),
    )
    form = rforms.InitiativeForm(
        request.POST or None, initial=initial, regions=Region.objects.none(), editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.initiative_update(
                actor=request.user, initiative=initiative, lock_version=lock, **data
            ),
            current_lock=lambda: Initiative.objects.get(pk=initiative.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(initiative)
    return render(request, "regions/initiative_form.html", {"form": form, "i": initiative})


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _private(
        request, ProgressReport.objects.select_related("initiative__region").filter(pk=pk).first()
    )
    can_edit = (
        request.user.has_perm("regions.edit", report)
        and report.status == ProgressReport.Status.DRAFT
    )
    form = None
    if can_edit:
        initial = {f: getattr(report, f) for f in services.REPORT_FIELDS}
        initial["lock_version"] = report.lock_version
        form = rforms.ReportForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            submit = "submit" in request.POST
            saved = run_service(
                form,
                lambda: (services.report_submit if submit else services.report_save)(
                    actor=request.user, report=report, **data
                ),
            )
            if saved is not REFUSED:
                messages.success(
                    request,
                    _("The report has been submitted.")
                    if submit
                    else _("Your draft has been saved; you can come back to it."),
                )
                return redirect("regions:report", pk=report.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "regions/report.html",
        {"report": report, "form": form, "today": timezone.localdate()},
    )


@permission_required("regions.review")
def review_create(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = Initiative.objects.filter(slug=slug).select_related("region").first()
    if initiative is None:
        raise Http404
    form = rforms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review = run_create(
            form,
            lambda: services.review_record(
                actor=request.user, initiative=initiative, **form.cleaned_data
            ),
            actor=request.user,
        )
        if review is not REFUSED:
            messages.success(request, _("The alignment review has been recorded."))
            return redirect(initiative)
    return render(request, "regions/review_form.html", {"form": form, "i": initiative})


@require_POST
@login_required
def review_respond(request: HttpRequest, pk: int) -> HttpResponse:
    review = _editable(
        request, AlignmentReview.objects.select_related("initiative").filter(pk=pk).first()
    )
    form = rforms.ResponseForm(request.POST)
    if form.is_valid():
        run_step(
            request,
            lambda: services.review_respond(
                actor=request.user, review=review, response=form.cleaned_data["response"]
            ),
            _("Your response has been saved."),
        )
    else:
        messages.error(request, _("Write a response."))
    return redirect(review.initiative)


@permission_required("regions.view_all")
@chart_csp
def cds(request: HttpRequest) -> HttpResponse:
    overview = selectors.cds_overview(timezone.localdate())
    return render(
        request,
        "regions/cds.html",
        {
            "o": overview,
            "figure": selectors.region_grid_figure(overview.grid),
        },
    )


# --- funding --------------------------------------------------------------------------


@login_required
def application_create(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _editable(request, Initiative.objects.filter(slug=slug).first())
    form = rforms.ApplicationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = run_create(
            form,
            lambda: services.application_create(
                actor=request.user, initiative=initiative, **form.cleaned_data
            ),
            actor=request.user,
        )
        if application is not REFUSED:
            messages.success(
                request, _("The application has been created. Answer every criterion.")
            )
            return redirect(application)
    return render(request, "regions/application_create.html", {"form": form, "i": initiative})


def _application(request: HttpRequest, pk: int) -> FundingApplication:
    application = (
        FundingApplication.objects.select_related("initiative__region", "scheme", "call")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    if application.is_decided or request.user.has_perm("regions.view_private", application):
        return application
    raise Http404


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, _application(request, pk))


def _application_page(
    request: HttpRequest,
    application: FundingApplication,
    *,
    answers_form: rforms.AnswersForm | None = None,
    assess_form: rforms.AssessForm | None = None,
    decide_form: rforms.DecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The application page; a refused form comes back bound, with what was typed."""
    private = request.user.has_perm("regions.view_private", application)
    criteria = list(services.criteria_of(application.scheme, application.criteria_version))
    answers = {a.criterion_id: a for a in ApplicationAnswer.objects.filter(application=application)}
    assessments = {
        a.criterion_id: a for a in CriterionAssessment.objects.filter(application=application)
    }
    attachments = application.attachments.all()
    if not private:
        attachments = attachments.filter(is_confidential=False)
    can_edit = (
        request.user.has_perm("regions.edit", application)
        and application.status == FundingApplication.Status.DRAFT
    )
    if can_edit and answers_form is None:
        initial: dict = {"lock_version": application.lock_version}
        for c in criteria:
            if c.pk in answers:
                initial[f"answer_{c.pk}"] = answers[c.pk].answer
                initial[f"evidence_{c.pk}"] = answers[c.pk].evidence
        answers_form = rforms.AnswersForm(initial=initial, criteria=criteria)
    can_assess = (
        request.user.has_perm("regions.assess", application)
        and application.status == FundingApplication.Status.SUBMITTED
    )
    if can_assess and assess_form is None:
        initial = {}
        for c in criteria:
            if c.pk in assessments:
                initial[f"verdict_{c.pk}"] = assessments[c.pk].verdict
                initial[f"reasoning_{c.pk}"] = assessments[c.pk].reasoning
        assess_form = rforms.AssessForm(initial=initial, criteria=criteria)
    if can_assess and decide_form is None:
        decide_form = rforms.DecideForm(
            unmet=services.unmet_criteria(application),
            initial={"amount_granted": application.amount_requested},
        )
    can_follow_up = application.status == FundingApplication.Status.CONDITIONAL and (
        request.user.has_perm("regions.assess", application)
    )
    rows = [(c, answers.get(c.pk), assessments.get(c.pk)) for c in criteria]
    return render(
        request,
        "regions/application_detail.html",
        {
            "a": application,
            "rows": rows,
            "attachments": attachments,
            "private": private,
            "answers_form": answers_form if can_edit else None,
            "can_edit": can_edit,
            "can_assess": can_assess,
            "assess_form": assess_form if can_assess else None,
            "decide_form": decide_form if can_assess else None,
            "conditions": application.grant_conditions.select_related("criterion"),
            "follow_up_form": rforms.FollowUpForm() if can_follow_up else None,
            "building_blocks": list(
                BuildingBlock.objects.filter(applications=application)
                .visible_to(request.user)
                .order_by("name")
            ),
        },
        status=status,
    )


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft application: title, amount and the building blocks it reuses."""
    application = _editable(request, _application(request, pk))
    if application.status != FundingApplication.Status.DRAFT:
        messages.error(
            request, _("This application has been submitted and can no longer be changed.")
        )
        return redirect(application)
    form = rforms.ApplicationEditForm(
        request.POST or None,
        initial={
            "title": application.title,
            "amount_requested": application.amount_requested,
            "building_blocks": application.building_blocks.all(),
            "lock_version": application.lock_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.application_update(
                actor=request.user, application=application, lock_version=lock, **data
            ),
            current_lock=lambda: FundingApplication.objects.get(pk=application.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(saved)
    return render(request, "regions/application_edit.html", {"form": form, "a": application})


@require_POST
@login_required
def application_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the answers (and a file, when one is chosen); with `submit`, submit as well.
    A refusal shows the page again with everything typed."""
    application = _editable(request, _application(request, pk))
    criteria = list(services.criteria_of(application.scheme))
    form = rforms.AnswersForm(request.POST, request.FILES, criteria=criteria)
    if form.is_valid():
        submit = "submit" in request.POST

        step = (
            services.application_save_answers_and_submit
            if submit
            else services.application_save_answers
        )
        saved = run_service(
            form,
            lambda: step(
                actor=request.user,
                application=application,
                lock_version=form.cleaned_data["lock_version"],
                answers=form.answers(),
                upload=form.cleaned_data.get("file"),
                upload_criterion_id=form.cleaned_data.get("file_criterion"),
                upload_confidential=form.cleaned_data.get("file_confidential", False),
            ),
            current_lock=lambda: FundingApplication.objects.get(pk=application.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(
                request,
                _("The application has been submitted.")
                if submit
                else _("Your answers have been saved."),
            )
            return redirect(application)
    return _application_page(request, application, answers_form=form, status=400)


@require_POST
@permission_required("regions.assess")
def application_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the assessment of the criteria, all in one form."""
    application = _application(request, pk)
    criteria = services.criteria_of(application.scheme, application.criteria_version)
    form = rforms.AssessForm(request.POST, criteria=criteria)
    if form.is_valid():
        saved = run_service(
            form,
            lambda: services.application_assess_all(
                actor=request.user, application=application, verdicts=form.verdicts()
            ),
        )
        if saved is not REFUSED:
            messages.success(request, _("The assessment has been saved."))
            return redirect(application)
    return _application_page(request, application, assess_form=form, status=400)


@require_POST
@permission_required("regions.assess")
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = rforms.DecideForm(request.POST, unmet=services.unmet_criteria(application))
    if form.is_valid():
        decided = run_service(
            form,
            lambda: services.application_decide(
                actor=request.user,
                application=application,
                status=form.cleaned_data["status"],
                rationale=form.cleaned_data["rationale"],
                amount_granted=form.cleaned_data.get("amount_granted"),
                conditions=form.conditions(),
            ),
        )
        if decided is not REFUSED:
            messages.success(request, _("The decision has been recorded and published."))
            return redirect(application)
    return _application_page(request, application, decide_form=form, status=400)


@require_POST
@permission_required("regions.assess")
def condition_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Record whether a condition of a grant was met."""
    condition = GrantCondition.objects.select_related("application").filter(pk=pk).first()
    if condition is None:
        raise Http404
    form = rforms.FollowUpForm(request.POST)
    if form.is_valid():
        run_step(
            request,
            lambda: services.condition_follow_up(
                actor=request.user, condition=condition, **form.cleaned_data
            ),
            _("The follow-up has been recorded."),
        )
    else:
        messages.error(request, _("Choose met or not met and say what the follow-up found."))
    return redirect(condition.application)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = Attachment.objects.select_related("application__initiative").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    application = attachment.application
    allowed = request.user.has_perm("regions.view_private", application) or (
        application.is_decided and not attachment.is_confidential
    )
    if not allowed:
        raise Http404
    return download_response(attachment)


@permission_required("regions.manage_schemes")
def scheme_criteria(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = FundingScheme.objects.filter(slug=slug).first()
    if scheme is None:
        raise Http404
    current = "\n".join(f"{c.code}: {c.text}" for c in services.criteria_of(scheme))
    form = rforms.CriteriaForm(request.POST or None, initial={"criteria": current})
    if request.method == "POST" and form.is_valid():
        version = services.scheme_set_criteria(
            actor=request.user, scheme=scheme, criteria=form.cleaned_data["criteria"]
        )
        messages.success(request, _("The criteria are now version %(v)s.") % {"v": version})
        return redirect(scheme)
    return render(request, "regions/criteria_form.html", {"form": form, "scheme": scheme})
