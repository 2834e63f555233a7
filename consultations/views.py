"""Consultation pages: read and comment (field parties), run and answer (programme managers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import forms as cforms
from consultations import selectors, services
from consultations.cards import render_comment_cards
from consultations.models import (
    Answer,
    Comment,
    CommentAttachment,
    Consultation,
    ConsultationDocument,
    ConsultationSession,
    Question,
    ReportFile,
    Section,
)
from portal.core.decorators import permission_required
from portal.core.exports import export_response
from portal.core.forms import REFUSED, run_create, run_service, run_step
from portal.core.fragments import cached_fragment
from portal.core.ratelimit import rate_limit
from portal.core.uploads import download_response

PAGE = 50


def _consultation(request: HttpRequest, slug: str) -> Consultation:
    consultation = Consultation.objects.visible_to(request.user).filter(slug=slug).first()
    if consultation is None:
        raise Http404
    return consultation


def index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    items = list(Consultation.objects.visible_to(request.user).order_by("-opens_at"))
    groups: dict[str, list[Consultation]] = {phase: [] for phase in Consultation.Phase.values}
    for c in items:
        groups[c.phase(now)].append(c)
    return render(request, "consultations/index.html", {"groups": groups, "now": now})


@rate_limit("comment")
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    version = services.current_version(consultation)
    sections = list(selectors.section_counts(version.pk)) if version else []
    questions = list(consultation.questions.all())
    user = request.user
    form = None
    can_comment = (
        consultation.is_open() and user.is_authenticated and user.has_perm("consultations.comment")
    )
    if can_comment:
        form = cforms.CommentForm(
            request.POST or None,
            request.FILES or None,
            user=user,
            sections=sections,
            questions=questions,
        )
        if request.method == "POST" and form.is_valid():
            kind, _sep, pk = form.cleaned_data["target"].partition("-")

            def submit() -> Comment:
                return services.comment_submit(
                    actor=user,
                    consultation=consultation,
                    organisation=form.cleaned_data["organisation"],
                    text=form.cleaned_data["text"],
                    may_publish=form.cleaned_data["may_publish"],
                    section=Section.objects.get(pk=pk) if kind == "s" else None,
                    question=Question.objects.get(pk=pk) if kind == "q" else None,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    upload=form.cleaned_data.get("attachment"),
                )

            if run_service(form, submit) is not REFUSED:
                messages.success(
                    request,
                    _(
                        "Your comment has been received. You can change or "
                        "withdraw it until the consultation closes."
                    ),
                )
                return redirect(consultation)
    elif request.method == "POST":
        raise PermissionDenied
    mine = []
    if user.is_authenticated:
        mine = list(
            Comment.objects.filter(consultation=consultation, author=user)
            .select_related("section", "question", "answer")
            .order_by("created_at")
        )
    return render(
        request,
        "consultations/detail.html",
        {
            "c": consultation,
            "phase": consultation.phase(),
            "version": version,
            "sections": sections,
            # The draft's sections (Markdown, counts) are the same for everyone until the
            # data changes: rendered once per change (portal.core.fragments).
            "sections_html": cached_fragment(
                request,
                "consultations.sections",
                lambda: render_to_string(
                    "consultations/_sections.html", {"c": consultation, "sections": sections}
                ),
                vary=[consultation.slug, str(version.pk if version else "")],
            ),
            "questions": questions,
            "form": form,
            "mine": mine,
            "versions": consultation.versions.order_by("-number"),
            "documents": list(
                ConsultationDocument.objects.visible_to(user)
                .filter(version__consultation=consultation)
                .select_related("version")
                .order_by("-version__number", "kind", "pk")
            ),
            "sessions": list(
                ConsultationSession.objects.visible_to(user)
                .filter(consultation=consultation)
                .annotate(taken=Count("registrations"))
                .annotate(left=F("capacity") - F("taken"))
                .order_by("starts_at", "pk")
            ),
            "now": timezone.now(),
            "missing": (
                services.missing_for_schedule(consultation)
                if consultation.status == Consultation.Status.DRAFT
                and user.has_perm("consultations.run", consultation)
                else []
            ),
        },
    )


def section_comments(request: HttpRequest, slug: str, section_id: int) -> HttpResponse:
    consultation = _consultation(request, slug)
    section = (
        Section.objects.filter(pk=section_id, version__consultation=consultation)
        .select_related("version")
        .first()
    )
    if section is None:
        raise Http404
    qs = Comment.objects.visible_to(request.user).filter(section=section)
    paginator = Paginator(selectors.comment_rows(qs.order_by("created_at", "id")), PAGE)
    if not qs.sees_all(request.user):
        # What everyone else sees is the published comments, which the section keeps
        # counted (recount_sections, on every comment saved): no count per request.
        paginator.count = section.n_public
    page = paginator.get_page(request.GET.get("page"))
    cards = render_comment_cards(
        selectors.comment_cards(page.object_list),
        show_answers=consultation.status == Consultation.Status.REPORTED
        or request.user.has_perm("consultations.view_all"),
        hide_token=get_token(request) if request.user.has_perm("consultations.run") else None,
    )
    return render(
        request,
        "consultations/section_comments.html",
        {"c": consultation, "section": section, "page_obj": page, "cards": cards},
    )


def attachment_download(request: HttpRequest, pk: int):
    """Public when its comment is public; otherwise only for its author and staff."""
    attachment = CommentAttachment.objects.readable_by(request.user).filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return download_response(attachment)


def _own_comment(request: HttpRequest, pk: int) -> Comment:
    comment = (
        Comment.objects.select_related("consultation").filter(pk=pk, author=request.user).first()
    )
    if comment is None:
        raise Http404  # someone else's comment does not exist for you
    return comment


@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if not comment.is_changeable():
        messages.error(request, _("This comment can no longer be changed."))
        return redirect(comment.consultation)
    form = cforms.CommentEditForm(
        request.POST or None,
        initial={
            "text": comment.text,
            "may_publish": comment.may_publish,
            "lock_version": comment.lock_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.comment_update(
                actor=request.user, comment=comment, **form.cleaned_data
            ),
        )
        if saved is not REFUSED:
            messages.success(request, _("Your comment has been changed."))
            return redirect(comment.consultation)
    return render(request, "consultations/comment_edit.html", {"form": form, "comment": comment})


@require_POST
@login_required
def comment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw one's comment, after a confirmation page (the first post asks)."""
    comment = _own_comment(request, pk)
    if not comment.is_changeable():
        messages.error(request, _("This comment can no longer be changed."))
        return redirect(comment.consultation)
    if request.POST.get("confirm") != "1":
        return render(request, "consultations/comment_withdraw.html", {"comment": comment})
    run_step(
        request,
        lambda: services.comment_withdraw(actor=request.user, comment=comment),
        _("Your comment has been withdrawn."),
    )
    return redirect(comment.consultation)


@login_required
def my_comments(request: HttpRequest) -> HttpResponse:
    qs = (
        Comment.objects.filter(author=request.user)
        .select_related(
            "consultation",
            "section",
            "question",
            "answer",
            "organisation",
            "answer__changed_section__version",
            "answer__agreement_version__agreement",
            "answer__release",
        )
        .order_by("-created_at")
    )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "consultations/my_comments.html", {"page_obj": page})


def report(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    staff = request.user.has_perm("consultations.view_all")
    if consultation.status != Consultation.Status.REPORTED and not staff:
        raise Http404
    # Published: the table stored at publication; a draft (staff only): counted now.
    rows = (
        consultation.report_counts
        if consultation.status == Consultation.Status.REPORTED and consultation.report_counts
        else selectors.report_rows(consultation)
    )
    return render(
        request,
        "consultations/report.html",
        {
            "c": consultation,
            "rows": rows,
            "by_kind": selectors.responses_by_kind(rows),
            "sessions": list(selectors.report_sessions(consultation)),
            "dispositions": Answer.Disposition.choices,
            "job": _latest_pdf(consultation),
        },
    )


def _latest_pdf(consultation: Consultation) -> ReportFile | None:
    return consultation.report_files.order_by("-created_at", "-id").first()


def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The published report as PDF, made once by a background task and then served from
    storage; while it is being made, a page says so (and how far it is)."""
    consultation = _consultation(request, slug)
    if consultation.status != Consultation.Status.REPORTED:
        raise Http404
    ready = (
        consultation.report_files.filter(status=ReportFile.Status.DONE)
        .order_by("-finished_at", "-id")
        .first()
    )
    if ready is None:
        return render(
            request,
            "consultations/report_pdf_pending.html",
            {"c": consultation, "job": _latest_pdf(consultation)},
        )
    response = FileResponse(
        ready.file.open("rb"), as_attachment=True, filename=f"verslag-{consultation.slug}.pdf"
    )
    response["Content-Type"] = "application/pdf"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def report_pdf_status(request: HttpRequest, slug: str) -> HttpResponse:
    """How far the PDF is: a fragment the report page polls with htmx, or a page."""
    consultation = _consultation(request, slug)
    staff = request.user.has_perm("consultations.view_all")
    if consultation.status != Consultation.Status.REPORTED and not staff:
        raise Http404
    template = (
        "consultations/_report_pdf_status.html"
        if request.htmx
        else "consultations/report_pdf_pending.html"
    )
    return render(request, template, {"c": consultation, "job": _latest_pdf(consultation)})


@require_POST
@permission_required("consultations.run")
def report_pdf_generate(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    run_step(
        request,
        lambda: services.request_report_pdf(actor=request.user, consultation=consultation),
        _("The PDF is being generated; its progress is shown below."),
    )
    return redirect("consultations:report", slug=consultation.slug)


def report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    if consultation.status != Consultation.Status.REPORTED:
        raise Http404
    qs = (
        Comment.objects.published()
        .filter(consultation=consultation)
        .select_related("organisation", "section", "question", "answer")
        .order_by("id")
    )
    return export_response(
        fmt="csv",
        filename=f"consultatie-{consultation.slug}",
        # A report for people: headings and dispositions in the reader's language.
        headers=[
            _("Number"),
            _("Organisation"),
            _("Section"),
            _("Question"),
            _("Comment"),
            _("Disposition"),
            _("Reason"),
        ],
        rows=qs.iterator(chunk_size=2000),
        row=lambda c: [
            c.pk,
            c.attribution,
            c.section and f"{c.section.number} {c.section.title}",
            c.question and c.question.order,
            c.text,
            c.answer.get_disposition_display() if hasattr(c, "answer") else "",
            c.answer.reason if hasattr(c, "answer") else "",
        ],
    )


# --- programme managers ---------------------------------------------------------------


@permission_required("consultations.run")
def create(request: HttpRequest) -> HttpResponse:
    form = cforms.ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["questions"] = data["questions"].splitlines()
        consultation = run_create(
            form,
            lambda: services.consultation_create(actor=request.user, **data),
            actor=request.user,
        )
        if consultation is not REFUSED:
            messages.success(request, _("The consultation has been saved as a draft."))
            return redirect(consultation)
    return render(request, "consultations/form.html", {"form": form})


@permission_required("consultations.run")
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a draft consultation (what `create` saved, complete or not)."""
    consultation = _consultation(request, slug)
    if not request.user.has_perm("consultations.run", consultation):
        raise PermissionDenied
    if consultation.status != Consultation.Status.DRAFT:
        messages.error(
            request,
            _("Only a draft consultation can be changed; publish a new draft version instead."),
        )
        return redirect(consultation)
    form = cforms.ConsultationEditForm(
        request.POST or None,
        initial={
            "title": consultation.title,
            "subject": consultation.subject,
            "introduction": consultation.introduction,
            **{name: getattr(consultation, name) for name in services.STANDARD_FIELDS},
            "opens_at": consultation.opens_at,
            "closes_at": consultation.closes_at,
            "draft": services.draft_text(consultation),
            "questions": "\n".join(q.text for q in consultation.questions.order_by("order")),
            "lock_version": consultation.lock_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["questions"] = data["questions"].splitlines()
        saved = run_service(
            form,
            lambda: services.consultation_update(
                actor=request.user, consultation=consultation, **data
            ),
            current_lock=lambda: Consultation.objects.get(pk=consultation.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The draft consultation has been saved."))
            return redirect(saved)
    return render(request, "consultations/form.html", {"form": form, "c": consultation})


@require_POST
@permission_required("consultations.run")
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    run_step(
        request,
        lambda: services.consultation_schedule(actor=request.user, consultation=consultation),
        _("The consultation is scheduled: it opens and closes by itself."),
    )
    return redirect(consultation)


@permission_required("consultations.run")
def new_version(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    form = cforms.VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        published = run_create(
            form,
            lambda: services.version_publish(
                actor=request.user, consultation=consultation, **form.cleaned_data
            ),
            actor=request.user,
        )
        if published is not REFUSED:
            messages.success(request, _("The new draft version has been published."))
            return redirect(consultation)
    return render(request, "consultations/version_form.html", {"form": form, "c": consultation})


@permission_required("consultations.run")
def answers(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    show = request.GET.get("show", "open")
    qs = (
        Comment.objects.filter(consultation=consultation, status=Comment.Status.ACTIVE)
        .select_related("organisation", "section__version", "question", "answer")
        .order_by("id")
    )
    if show == "open":
        qs = qs.filter(answer__isnull=True)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    sections = Section.objects.filter(version__consultation=consultation).select_related("version")
    form = cforms.AnswerForm(
        request.POST or None, comments=list(page.object_list), sections=sections
    )
    if request.method == "POST" and form.is_valid():
        chosen = list(
            Comment.objects.filter(consultation=consultation, pk__in=form.cleaned_data["comments"])
        )
        section = (
            sections.filter(pk=form.cleaned_data["changed_section"]).first()
            if form.cleaned_data["changed_section"]
            else None
        )
        count = run_service(
            form,
            lambda: services.answer_comments(
                actor=request.user,
                consultation=consultation,
                comments=chosen,
                disposition=form.cleaned_data["disposition"],
                reason=form.cleaned_data["reason"],
                changed_section=section,
                agreement_version=form.cleaned_data["agreement_version"],
                release=form.cleaned_data["release"],
            ),
        )
        if count is not REFUSED:
            messages.success(request, _("%(n)s comments answered.") % {"n": count})
            return redirect(request.get_full_path())
    return render(
        request,
        "consultations/answers.html",
        {
            "c": consultation,
            "form": form,
            "page_obj": page,
            "show": show,
            "open_count": services.unanswered(consultation).count(),
            "querystring": f"show={show}",
        },
    )


@require_POST
@permission_required("consultations.run")
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = Comment.objects.select_related("consultation").filter(pk=pk).first()
    if comment is None:
        raise Http404
    form = cforms.ReasonForm(request.POST)
    if form.is_valid():
        run_step(
            request,
            lambda: services.comment_hide(
                actor=request.user, comment=comment, reason=form.cleaned_data["reason"]
            ),
            _("The comment is hidden; its author sees why."),
        )
    else:
        messages.error(request, _("Give the reason; the author reads it."))
    return redirect("consultations:answers", slug=comment.consultation.slug)


@permission_required("consultations.run")
def publish_report(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    form = cforms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        published = run_service(
            form,
            lambda: services.report_publish(
                actor=request.user, consultation=consultation, summary=form.cleaned_data["summary"]
            ),
        )
        if published is not REFUSED:
            messages.success(request, _("The report has been published."))
            return redirect("consultations:report", slug=consultation.slug)
    return render(
        request,
        "consultations/report_form.html",
        {"form": form, "c": consultation, "open_count": services.unanswered(consultation).count()},
    )


# --- documents per draft version ---------------------------------------------------------


@permission_required("consultations.run")
def document_add(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    form = cforms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.document_add(
                actor=request.user,
                consultation=consultation,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            ),
        )
        if saved is not REFUSED:
            messages.success(request, _("The document has been added to the current version."))
            return redirect(consultation.get_absolute_url() + "#documents-heading")
    return render(request, "consultations/document_form.html", {"form": form, "c": consultation})


def _document(request: HttpRequest, slug: str, pk: int) -> ConsultationDocument:
    document = (
        ConsultationDocument.objects.visible_to(request.user)
        .select_related("version__consultation")
        .filter(pk=pk, version__consultation__slug=slug)
        .first()
    )
    if document is None:
        raise Http404
    return document


def document_download(request: HttpRequest, slug: str, pk: int):
    return download_response(_document(request, slug, pk))


@require_POST
@permission_required("consultations.run")
def document_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    document = _document(request, slug, pk)
    consultation = document.version.consultation
    run_step(
        request,
        lambda: services.document_remove(actor=request.user, document=document),
        str(_("The document has been removed.")),
    )
    return redirect(consultation.get_absolute_url() + "#documents-heading")


# --- sessions with the field ---------------------------------------------------------------


def _session(request: HttpRequest, slug: str, pk: int) -> ConsultationSession:
    session = (
        ConsultationSession.objects.visible_to(request.user)
        .select_related("consultation")
        .filter(pk=pk, consultation__slug=slug)
        .first()
    )
    if session is None:
        raise Http404
    return session


def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug, pk)
    user = request.user
    registrations = list(session.registrations.select_related("user", "organisation"))
    mine = next((r for r in registrations if r.user_id == user.pk), None)
    staff = user.has_perm("consultations.run", session.consultation)
    return render(
        request,
        "consultations/session_detail.html",
        {
            "s": session,
            "c": session.consultation,
            "taken": len(registrations),
            "mine": mine,
            "started": timezone.now() >= session.starts_at,
            "registrations": registrations if staff else [],
            "staff": staff,
            "form": (
                cforms.RegistrationForm(user=user)
                if user.is_authenticated and user.has_perm("consultations.register")
                else None
            ),
        },
    )


@permission_required("consultations.run")
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(request, slug)
    form = cforms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        session = run_create(
            form,
            lambda: services.session_create(actor=request.user, consultation=consultation, **data),
            actor=request.user,
        )
        if session is not REFUSED:
            messages.success(request, _("The session has been planned."))
            return redirect(session)
    return render(
        request, "consultations/session_form.html", {"form": form, "c": consultation, "s": None}
    )


@permission_required("consultations.run")
def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug, pk)
    initial = {f: getattr(session, f) for f in services.SESSION_FIELDS}
    initial["lock_version"] = session.lock_version
    form = cforms.SessionForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lock = data.pop("lock_version")
        saved = run_service(
            form,
            lambda: services.session_update(
                actor=request.user, session=session, lock_version=lock, **data
            ),
            current_lock=lambda: ConsultationSession.objects.get(pk=session.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("The changes have been saved."))
            return redirect(saved)
    return render(
        request,
        "consultations/session_form.html",
        {"form": form, "c": session.consultation, "s": session},
    )


@require_POST
@login_required
def session_register(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug, pk)
    form = cforms.RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose an organisation you act for, or yourself."))
        return redirect(session)
    run_step(
        request,
        lambda: services.session_register(
            actor=request.user, session=session, organisation=form.cleaned_data["organisation"]
        ),
        str(_("You are registered. The details are on this page.")),
    )
    return redirect(session)


@require_POST
@login_required
def session_unregister(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug, pk)
    run_step(
        request,
        lambda: services.session_unregister(actor=request.user, session=session),
        str(_("Your registration has been cancelled.")),
    )
    return redirect(session)


@permission_required("consultations.run")
def session_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = _session(request, slug, pk)
    registrations = session.registrations.select_related("user", "organisation")
    form = cforms.AttendanceForm(
        request.POST or None,
        registrations=registrations,
        initial={"notes": session.notes, "lock_version": session.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.session_record(
                actor=request.user,
                session=session,
                lock_version=form.cleaned_data["lock_version"],
                attended=form.attended(),
                notes=form.cleaned_data["notes"],
            ),
            current_lock=lambda: ConsultationSession.objects.get(pk=session.pk).lock_version,
        )
        if saved is not REFUSED:
            messages.success(request, _("Attendance and notes have been saved."))
            return redirect(saved)
    return render(
        request,
        "consultations/session_record.html",
        {"form": form, "c": session.consultation, "s": session},
    )
