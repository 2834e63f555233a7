"""Pages of the agreement catalogue: public reading, and the staff's editing and workflow."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import selectors, services
from agreements.filters import AgreementFilter, ComplianceFilter, ReleaseFilter
from agreements.forms import (
    AgreementForm,
    ComplianceForm,
    HarmonisationForm,
    PublishForm,
    ReassessForm,
    ReleaseCreateForm,
    ReleaseEditForm,
    ReviewForm,
    VersionForm,
    WithdrawForm,
)
from agreements.models import Agreement, ComplianceRecord, Release
from portal.core.decorators import chart_csp, permission_required
from portal.core.diff import line_diff
from portal.core.exports import export_response
from portal.core.forms import REFUSED, run_create, run_service, run_step
from portal.core.fragments import cached, cached_fragment, cached_page

PAGE_SIZE = 25


def _querystring(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _as_of(request: HttpRequest) -> dt.date | None:
    """The as-of date asked for; an impossible or malformed one is a 400, not a guess."""
    raw = request.GET.get("asOf", "")
    if not raw:
        return None
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        raise BadRequest(_("“%(raw)s” is not a date; use YYYY-MM-DD.") % {"raw": raw[:20]})
    return day


def _catalogue_filter(request: HttpRequest) -> AgreementFilter:
    base = Agreement.objects.visible_to(request.user).for_list()
    return AgreementFilter(request.GET or None, queryset=base, request=request)


def catalogue(request: HttpRequest) -> HttpResponse:
    flt = _catalogue_filter(request)
    qs = flt.qs if flt.is_bound else flt.queryset
    if flt.is_bound and not flt.is_valid():
        qs = flt.queryset.none()
    querystring = _querystring(request)
    paginator = Paginator(qs, PAGE_SIZE)
    day = str(timezone.localdate())
    sees_all = str(flt.queryset.sees_all(request.user))
    # The count scans the whole filtered catalogue and a search ranks every match: both
    # found once per change of the data (and per day, as what is in force follows the
    # date), not per request.
    paginator.count = cached(
        request, "agreements.catalogue-count", qs.count, vary=[querystring, sees_all, day]
    )
    page = cached_page(
        request,
        "agreements.catalogue-page",
        paginator.get_page(request.GET.get("page")),
        qs,
        vary=[querystring, sees_all, day],
    )
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "filter_form": cached_fragment(
                request, "agreements.catalogue-filter", flt.form.render, vary=[querystring]
            ),
            "page_obj": page,
            "querystring": querystring,
            "as_of": _as_of(request),
        },
    )


EXPORT_HEADERS = [
    "code",
    "title",
    "system",
    "layer",
    "topic",
    "plateau",
    "status",
    "temporary",
    "validUntil",
    "reassessmentDate",
    "url",
]


def catalogue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    flt = _catalogue_filter(request)
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    base = request.build_absolute_uri("/")[:-1]
    return export_response(
        fmt=fmt,
        filename="afspraken",
        headers=EXPORT_HEADERS,
        rows=qs.iterator(chunk_size=1000),
        row=lambda a: [
            a.code,
            a.title,
            a.system.name,
            a.layer,
            a.topic,
            a.plateau,
            a.status,
            a.is_temporary,
            a.valid_until and a.valid_until.isoformat(),
            a.reassessment_date and a.reassessment_date.isoformat(),
            base + a.get_absolute_url(),
        ],
    )


def _get_agreement(request: HttpRequest, code: str) -> Agreement:
    agreement = selectors.agreement_for(code, request.user)
    if agreement is None:
        raise Http404
    return agreement


@chart_csp  # a panel may draw a chart (adoption figures)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    agreement = _get_agreement(request, code)
    view = selectors.agreement_view(agreement, request.user, _as_of(request))
    return render(request, "agreements/agreement_detail.html", {"view": view, "a": agreement})


def compare_versions(request: HttpRequest, code: str) -> HttpResponse:
    agreement = _get_agreement(request, code)
    versions = {v.number: v for v in agreement.versions.visible_to(request.user)}
    try:
        old = versions[int(request.GET.get("van", ""))]
        new = versions[int(request.GET.get("naar", ""))]
    except (KeyError, ValueError):
        numbers = sorted(versions)
        if len(numbers) < 2:
            raise Http404 from None
        old, new = versions[numbers[-2]], versions[numbers[-1]]
    return render(
        request,
        "agreements/agreement_compare.html",
        {
            "a": agreement,
            "old": old,
            "new": new,
            "diff": line_diff(old.text, new.text),
            "numbers": sorted(versions),
        },
    )


def releases(request: HttpRequest) -> HttpResponse:
    flt = ReleaseFilter(request.GET or None, queryset=Release.objects.visible_to(request.user))
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/release_list.html",
        {
            "filter": flt,
            "page_obj": page,
            "querystring": _querystring(request),
            "published": Release.objects.published().order_by("-published_on"),
        },
    )


def releases_export(request: HttpRequest, fmt: str) -> HttpResponse:
    flt = ReleaseFilter(request.GET or None, queryset=Release.objects.visible_to(request.user))
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    base = request.build_absolute_uri("/")[:-1]
    return export_response(
        fmt=fmt,
        filename="releases",
        headers=["number", "title", "status", "publishedOn", "url"],
        rows=qs.iterator(chunk_size=500),
        row=lambda r: [
            r.number,
            r.title,
            r.status,
            r.published_on and r.published_on.isoformat(),
            base + r.get_absolute_url(),
        ],
    )


def release_detail(request: HttpRequest, number: str) -> HttpResponse:
    release = selectors.release_for(number, request.user)
    if release is None:
        raise Http404
    return render(
        request,
        "agreements/release_detail.html",
        {
            "release": release,
            "groups": selectors.grouped_items(release),
            "reviews": list(release.reviews.all()),
            "others": Release.objects.published().exclude(pk=release.pk).order_by("-published_on"),
        },
    )


def release_compare(request: HttpRequest) -> HttpResponse:
    published = Release.objects.published()
    a = published.filter(number=request.GET.get("a", "")).first()
    b = published.filter(number=request.GET.get("b", "")).first()
    diff = selectors.compare_releases(a, b) if a and b else None
    return render(
        request,
        "agreements/release_compare.html",
        {
            "a": a,
            "b": b,
            "diff": diff,
            "published": published.order_by("-published_on"),
            "asked": bool(request.GET.get("a") or request.GET.get("b")),
        },
    )


def compliance(request: HttpRequest) -> HttpResponse:
    base = ComplianceRecord.objects.visible_to(request.user).select_related(
        "organisation", "version__agreement"
    )
    flt = ComplianceFilter(request.GET or None, queryset=base)
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/compliance_list.html",
        {
            "filter": flt,
            "page_obj": page,
            "querystring": _querystring(request),
        },
    )


def compliance_export(request: HttpRequest, fmt: str) -> HttpResponse:
    base = ComplianceRecord.objects.visible_to(request.user).select_related(
        "organisation", "version__agreement"
    )
    flt = ComplianceFilter(request.GET or None, queryset=base)
    qs = flt.qs if flt.is_bound and flt.is_valid() else flt.queryset
    return export_response(
        fmt=fmt,
        filename="naleving",
        headers=["party", "agreement", "version", "result", "testedOn", "validUntil"],
        rows=qs.iterator(chunk_size=1000),
        row=lambda c: [
            c.organisation.name,
            c.version.agreement.code,
            c.version.number,
            c.result,
            c.tested_on.isoformat(),
            c.valid_until and c.valid_until.isoformat(),
        ],
    )


# --- programme managers ---------------------------------------------------------------


@permission_required("agreements.manage")
def reassess(request: HttpRequest, code: str) -> HttpResponse:
    """Record the outcome of re-assessing a temporary agreement."""
    agreement = _get_agreement(request, code)
    if not agreement.is_temporary or agreement.status == Agreement.Status.WITHDRAWN:
        messages.error(request, _("Only a temporary agreement in the catalogue is re-assessed."))
        return redirect(agreement)
    form = ReassessForm(
        request.POST or None,
        initial={"lock_version": agreement.lock_version, "decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("lock_version")
        done = run_create(
            form,
            lambda: services.agreement_reassess(
                actor=request.user,
                agreement=agreement,
                lock_version=form.cleaned_data["lock_version"],
                **data,
            ),
            actor=request.user,
            current_lock=lambda: _lock_of(agreement),
        )
        if done is not REFUSED:
            messages.success(request, _("The outcome of the re-assessment has been recorded."))
            return redirect(done)
    return render(request, "agreements/reassess_form.html", {"form": form, "a": agreement})


@permission_required("agreements.record_compliance")
def compliance_create(request: HttpRequest) -> HttpResponse:
    """Record an NTV validation result (they reach the ministry by report)."""
    form = ComplianceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = run_create(
            form,
            lambda: services.compliance_record(actor=request.user, **form.cleaned_data),
            actor=request.user,
        )
        if record is not REFUSED:
            messages.success(
                request,
                _("The result of %(party)s on %(code)s has been recorded.")
                % {"party": record.organisation.name, "code": record.version.agreement.code},
            )
            return redirect(
                f"{reverse('agreements:compliance')}?agreement={record.version.agreement.code}"
            )
    return render(request, "agreements/compliance_form.html", {"form": form})


@permission_required("agreements.manage")
def agreement_create(request: HttpRequest) -> HttpResponse:
    form = AgreementForm(request.POST or None, initial={"lock_version": 1})
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        agreement = run_create(
            form,
            lambda: services.agreement_create(
                actor=request.user, standards=form.cleaned_data["standards"], **data
            ),
            actor=request.user,
        )
        if agreement is not REFUSED:
            messages.success(request, _("The agreement has been saved as a draft."))
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form, "a": None})


@permission_required("agreements.manage")
def agreement_edit(request: HttpRequest, code: str) -> HttpResponse:
    agreement = _get_agreement(request, code)
    initial = {f: getattr(agreement, f) for f in services.AGREEMENT_FIELDS}
    initial.update(lock_version=agreement.lock_version, standards=agreement.standards.all())
    form = AgreementForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.agreement_update(
                actor=request.user,
                agreement=agreement,
                lock_version=form.cleaned_data["lock_version"],
                standards=form.cleaned_data["standards"],
                **form.service_fields(),
            ),
            current_lock=lambda: _lock_of(agreement),
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form, "a": agreement})


def _lock_of(agreement: Agreement) -> int:
    return Agreement.objects.values_list("lock_version", flat=True).get(pk=agreement.pk)


@permission_required("agreements.manage")
def version_create(request: HttpRequest, code: str) -> HttpResponse:
    agreement = _get_agreement(request, code)
    latest = agreement.versions.order_by("-number").first()
    form = VersionForm(
        request.POST or None,
        initial={
            "lock_version": agreement.lock_version,
            "text": latest.text if latest else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        version = run_create(
            form,
            lambda: services.version_create(
                actor=request.user,
                agreement=agreement,
                text=form.cleaned_data["text"],
                change_note=form.cleaned_data["change_note"],
                lock_version=form.cleaned_data["lock_version"],
            ),
            actor=request.user,
            current_lock=lambda: _lock_of(agreement),
        )
        if version is not REFUSED:
            messages.success(
                request,
                _(
                    "Version %(number)s has been saved. It takes effect when a release carrying "
                    "it is published."
                )
                % {"number": version.number},
            )
            return redirect(agreement)
    return render(request, "agreements/version_form.html", {"form": form, "a": agreement})


@permission_required("agreements.manage")
def agreement_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    agreement = _get_agreement(request, code)
    form = WithdrawForm(request.POST or None, initial={"lock_version": agreement.lock_version})
    if request.method == "POST" and form.is_valid():
        withdrawn = run_service(
            form,
            lambda: services.agreement_withdraw(
                actor=request.user,
                agreement=agreement,
                reason=form.cleaned_data["reason"],
                lock_version=form.cleaned_data["lock_version"],
            ),
            current_lock=lambda: _lock_of(agreement),
        )
        if withdrawn is not REFUSED:
            messages.success(request, _("The agreement has been withdrawn."))
            return redirect(agreement)
    return render(request, "agreements/withdraw_form.html", {"form": form, "a": agreement})


@permission_required("agreements.manage")
def harmonisations(request: HttpRequest, code: str) -> HttpResponse:
    agreement = _get_agreement(request, code)
    form = HarmonisationForm(request.POST or None)
    if request.method == "POST" and "remove" in request.POST:
        item = agreement.harmonisations.filter(pk=request.POST.get("remove") or 0).first()
        if item is None:
            raise Http404
        services.harmonisation_remove(actor=request.user, harmonisation=item)
        messages.success(request, _("The relation has been removed."))
        return redirect("agreements:harmonisations", code=agreement.code)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.harmonisation_set(
                actor=request.user, agreement=agreement, **form.cleaned_data
            ),
        )
        if saved is not REFUSED:
            messages.success(request, _("The relation has been saved."))
            return redirect("agreements:harmonisations", code=agreement.code)
    return render(
        request,
        "agreements/harmonisations.html",
        {
            "a": agreement,
            "form": form,
            "items": agreement.harmonisations.select_related("system").order_by("system__name"),
        },
    )


@permission_required("agreements.manage")
def release_create(request: HttpRequest) -> HttpResponse:
    form = ReleaseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        release = run_create(
            form,
            lambda: services.release_create(actor=request.user, **form.cleaned_data),
            actor=request.user,
        )
        if release is not REFUSED:
            messages.success(request, _("The release has been created. Now pick its agreements."))
            return redirect("agreements:release-edit", number=release.number)
    return render(request, "agreements/release_create.html", {"form": form})


def _get_release(request: HttpRequest, number: str) -> Release:
    release = Release.objects.visible_to(request.user).filter(number=number).first()
    if release is None:
        raise Http404
    return release


@permission_required("agreements.manage")
def release_edit(request: HttpRequest, number: str) -> HttpResponse:
    release = _get_release(request, number)
    if not release.is_editable:
        messages.error(request, _("This release is not a draft any more and cannot be changed."))
        return redirect(release)
    choices = selectors.releasable_versions(release)
    items = list(release.items.select_related("version__agreement"))
    current = {str(i.version_id): i.change_type for i in items}
    for kind in choices:  # what the release carries already stays pickable
        picked = [i.version for i in items if i.change_type == kind]
        picked_ids = {v.pk for v in picked}
        choices[kind] = picked + [v for v in choices[kind] if v.pk not in picked_ids]
    initial = {"lock_version": release.lock_version, "title": release.title, "notes": release.notes}
    for kind in ("added", "changed", "withdrawn"):
        initial[kind] = [pk for pk, t in current.items() if t == kind]
    form = ReleaseEditForm(request.POST or None, initial=initial, choices=choices)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.release_update(
                actor=request.user,
                release=release,
                lock_version=form.cleaned_data["lock_version"],
                title=form.cleaned_data["title"],
                notes=form.cleaned_data["notes"],
                items=form.items(),
            ),
            current_lock=lambda: Release.objects.get(pk=release.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The release has been saved."))
            return redirect(release)
    return render(request, "agreements/release_edit.html", {"form": form, "release": release})


def _workflow_step(request: HttpRequest, release: Release, step, success: str) -> HttpResponse:
    run_step(request, step, success)
    return redirect(release)


@require_POST
@permission_required("agreements.manage")
def release_submit(request: HttpRequest, number: str) -> HttpResponse:
    release = _get_release(request, number)
    return _workflow_step(
        request,
        release,
        lambda: services.release_submit(actor=request.user, release=release),
        _("The release has been sent to the architecture board for review."),
    )


@permission_required("agreements.publish_release")
def release_publish(request: HttpRequest, number: str) -> HttpResponse:
    """Adopt and publish, after a confirmation that names the day it comes into force."""
    release = _get_release(request, number)
    if release.status != Release.Status.APPROVED:
        messages.error(request, _("Only an approved release can be published."))
        return redirect(release)
    form = PublishForm(request.POST or None, initial={"effective_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        published = run_service(
            form,
            lambda: services.release_publish(
                actor=request.user,
                release=release,
                effective_on=form.cleaned_data["effective_on"],
            ),
        )
        if published is not REFUSED:
            if published.is_planned:
                messages.success(
                    request,
                    _(
                        "The release has been published. Its versions come into force on "
                        "%(day)s; until then the versions in force stay in force."
                    )
                    % {"day": date_format(published.effective_on, "DATE_FORMAT")},
                )
            else:
                messages.success(
                    request,
                    _("The release has been published; its agreement versions are now in force."),
                )
            return redirect(published)
    return render(
        request,
        "agreements/release_publish.html",
        {"form": form, "release": release, "groups": selectors.grouped_items(release)},
    )


@permission_required("agreements.review_release")
def release_review(request: HttpRequest, number: str) -> HttpResponse:
    release = _get_release(request, number)
    if release.status != Release.Status.IN_REVIEW:
        messages.error(request, _("Only a release in review can be reviewed."))
        return redirect(release)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review = run_service(
            form,
            lambda: services.release_review(
                actor=request.user, release=release, **form.cleaned_data
            ),
        )
        if review is not REFUSED:
            messages.success(
                request,
                _("The release has been approved.")
                if review.outcome == "approved"
                else _("The release has been sent back with your reasons."),
            )
            return redirect(release)
    return render(
        request,
        "agreements/release_review.html",
        {
            "form": form,
            "release": release,
            "groups": selectors.grouped_items(release),
            "items": selectors.review_items(release),
        },
    )
