"""Pages of the building blocks register."""

from __future__ import annotations

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
from roadmap.blocks import forms as bforms
from roadmap.blocks import selectors, services
from roadmap.models import BuildingBlock, Pilot

PER_PAGE = 25


def _visible(request: HttpRequest, slug: str) -> BuildingBlock:
    block = BuildingBlock.objects.visible_to(request.user).filter(slug=slug).first()
    if block is None:
        raise Http404
    return block


def _filtered(request: HttpRequest):
    form = bforms.BlockFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.register(
        request.user,
        q=params.get("q", ""),
        status=params.get("status", ""),
        function=params.get("function", ""),
        sort=params.get("sort") or "name",
    )
    return form, qs


def register(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "blocks/list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": query.urlencode(),
            "may_manage": request.user.has_perm("blocks.manage"),
        },
    )


EXPORT_HEADERS = ["slug", "name", "summary", "owner", "genericFunction", "status", "url"]


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The register as the page shows it (same filters and visibility), streamed."""
    _form, qs = _filtered(request)

    def row(b: BuildingBlock) -> list:
        return [b.slug, b.name, b.summary, b.owner, b.generic_function, b.status, b.url]

    return export_response(
        fmt=fmt,
        filename="bouwstenen",
        headers=EXPORT_HEADERS,
        rows=qs.iterator(chunk_size=500),
        row=row,
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    block = _visible(request, slug)
    user = request.user
    return render(
        request,
        "blocks/detail.html",
        {
            "b": block,
            "agreements": list(
                Agreement.objects.filter(building_blocks=block).visible_to(user).order_by("code")
            ),
            "pilots": list(
                Pilot.objects.filter(building_blocks=block).visible_to(user).order_by("title")
            ),
            "initiatives": list(block.initiatives.select_related("region").order_by("title")),
            "may_manage": user.has_perm("blocks.manage"),
        },
    )


@permission_required("blocks.manage")
def create(request: HttpRequest) -> HttpResponse:
    form = bforms.BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        block = run_create(
            form, lambda: services.block_create(actor=request.user, **data), actor=request.user
        )
        if block is not REFUSED:
            messages.success(request, _("Saved. It is not public until you publish it."))
            return redirect(block)
    return render(request, "blocks/form.html", {"form": form, "b": None})


@permission_required("blocks.manage")
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    block = _visible(request, slug)
    initial = {f: getattr(block, f) for f in services.BLOCK_FIELDS}
    initial["lock_version"] = block.lock_version
    for name in services.BLOCK_LINKS:
        initial[name] = getattr(block, name).all()
    form = bforms.BlockForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.block_update(
                actor=request.user, block=block, lock_version=lock, **data
            ),
            current_lock=lambda: BuildingBlock.objects.get(pk=block.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(block)
    return render(request, "blocks/form.html", {"form": form, "b": block})


STEPS = {
    "publish": (services.block_publish, _("Published: it is in the public register.")),
    "unpublish": (
        services.block_unpublish,
        _("Withdrawn: it is no longer in the public register."),
    ),
}


@require_POST
@permission_required("blocks.manage")
def step(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    block = _visible(request, slug)
    if verb not in STEPS:
        raise Http404
    service, success = STEPS[verb]
    lock = posted_lock(request)
    run_step(
        request,
        lambda: service(actor=request.user, block=block, lock_version=lock),
        str(success),
    )
    return redirect(block)
