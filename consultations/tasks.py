from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from consultations.models import Consultation
from portal.integrations.events import emit as emit_event
from portal.notifications.services import notify

log = logging.getLogger(__name__)


@shared_task(name="consultations.announce_openings", acks_late=True)
def announce_openings() -> int:
    """Tell followers once that a scheduled consultation has opened (safe to run often)."""
    now = timezone.now()
    count = 0
    due = Consultation.objects.filter(
        status=Consultation.Status.SCHEDULED,
        opens_at__lte=now,
        closes_at__gt=now,
        opened_notice_at__isnull=True,
    )
    for consultation_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            row = (
                Consultation.objects.select_for_update(skip_locked=True)
                .filter(pk=consultation_id, opened_notice_at__isnull=True)
                .first()
            )
            if row is None:
                continue
            Consultation.objects.filter(pk=row.pk).update(opened_notice_at=now)
            # In the same transaction: the outbox keeps the notice if the broker is down.
            notify(row, verb="consultations.consultation.opened")
            emit_event(row, verb="consultations.consultation.opened")
            count += 1
    return count


@shared_task(name="consultations.generate_report_pdf", acks_late=True, bind=True, max_retries=12)
def generate_report_pdf(self, job_id: int) -> str:
    """Lay out the report PDF part by part, keeping progress on the job; safe to run twice.

    The job's steps are services (`report_pdf_claim`, `_progress`, `_finish`, `_fail`); this
    task only orchestrates them around the layout. Typst lays out each part of
    `REPORT_PDF_PART` comments in a process of its own (its memory is returned when the
    part is done) and `portal.core.tagged_pdf` joins the parts into one tagged PDF. A job
    another worker is still laying out is left alone; if that worker died (its heartbeat
    stopped), this task takes the job over and starts it again from the top.
    """
    import tempfile

    from django.core.files import File
    from django.utils.translation import override

    from consultations import report_document, services

    stale = timezone.now() - timedelta(seconds=settings.REPORT_PDF_STALE_SECONDS)
    try:
        job = services.report_pdf_claim(job_id=job_id, stale_before=stale)
    except services.ReportJobBusy:
        # Someone is laying it out now; look again once its heartbeat could have stopped.
        raise self.retry(countdown=settings.REPORT_PDF_STALE_SECONDS) from None
    if job is None:
        return "skipped"
    consultation = job.consultation
    comments = services.report_pdf_comments(job)
    part_size = max(1, settings.REPORT_PDF_PART)
    ids = list(comments.order_by("id").values_list("id", flat=True))
    parts = [ids[i : i + part_size] for i in range(0, len(ids), part_size)] or [[]]
    try:
        # Inside the try: a layout library that cannot load fails the job with its reason
        # (shown to the manager, who may start it again) instead of leaving it waiting.
        # Neither Typst nor the PDF library is loaded here: each part is laid out, and the
        # parts joined, in processes of their own, so the worker keeps its own size.
        from portal.core import tagged_pdf, typeset

        with tempfile.TemporaryDirectory(prefix="report-pdf-") as folder:
            files: list[str] = []
            pages = 0
            # While one part is laid out, the next one's comments are read and written
            # as Typst; only its first page number waits for the part before it.
            laying: tuple[typeset.Running, str, int] | None = None
            try:
                with override(settings.LANGUAGE_CODE):
                    for index, part in enumerate(parts):
                        rows = (
                            comments.filter(id__in=part)
                            .order_by("id")
                            .values_list(*report_document.COMMENT_FIELDS)
                        )
                        body = report_document.body(consultation, first=index == 0, rows=rows)
                        done = laying
                        if done is not None:
                            pages += done[0].pages()
                        source = report_document.header(consultation, first_page=pages + 1)
                        path = f"{folder}/{index:05d}.pdf"
                        laying = (typeset.start(source + body, Path(path)), path, len(part))
                        if done is not None:
                            files.append(done[1])
                            services.report_pdf_progress(job=job, laid_out=done[2])
                    if laying is not None:
                        pages += laying[0].pages()
                        files.append(laying[1])
                        services.report_pdf_progress(job=job, laid_out=laying[2])
                        laying = None
            finally:
                if laying is not None and laying[0].process.poll() is None:
                    laying[0].process.kill()  # failed half-way: stop the part still running
                    laying[0].process.wait()
            joined = f"{folder}/joined.pdf"
            _pages, join_kb = tagged_pdf.join_apart(files, joined, pages=pages)
            for path in files:  # the parts are in the joined file now
                os.remove(path)
                os.remove(path[: -len(".pdf")] + ".typ")
            with open(joined, "rb") as out:
                services.report_pdf_finish(
                    job=job, name=f"{consultation.slug}.pdf", content=File(out), pages=pages
                )
            log.info(
                "consultations: report PDF %s laid out: %d comments, %d pages in %d parts;"
                " largest layout process %d MB, join %d MB",
                job.pk,
                len(ids),
                pages,
                len(parts),
                typeset.largest_layout_kb // 1024,
                join_kb // 1024,
            )
    except Exception as error:
        if not services.report_pdf_fail(job=job, error=str(error)):
            return "done"  # another worker took over and finished it meanwhile
        log.exception("consultations: report PDF %s failed", job.pk)
        return "failed"
    return "done"


@shared_task(name="consultations.generate_pending_reports", acks_late=True)
def generate_pending_reports() -> int:
    """Start report PDFs that wait because the broker was down when they were asked for."""
    from consultations.models import ReportFile

    waiting = ReportFile.objects.filter(
        status=ReportFile.Status.QUEUED, created_at__lte=timezone.now() - timedelta(minutes=2)
    ).values_list("pk", flat=True)
    count = 0
    for job_id in list(waiting):
        generate_report_pdf.delay(job_id)
        count += 1
    return count


# Comments older than this get no late receipt from the sweep (a receipt days later is
# noise; the author can see their comment under "My comments").
RECEIPT_SWEEP_DAYS = 2


@shared_task(name="consultations.send_comment_receipt", acks_late=True)
def send_comment_receipt(comment_id: int) -> bool:
    """E-mail the author a receipt with a copy of their comment, once: the row is locked
    and stamped in the same transaction, so a second run (a retry, the sweep) sends
    nothing."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    from consultations.models import Comment

    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("consultation", "author", "organisation", "section", "question")
            .filter(pk=comment_id, receipt_sent_at__isnull=True)
            .first()
        )
        if comment is None or comment.author is None or not comment.author.email:
            return False
        author = comment.author
        base = settings.PORTAL_BASE_URL.rstrip("/")
        with override(getattr(author, "language", "") or settings.LANGUAGE_CODE):
            subject = _("Received: your comment on “%(title)s”") % {
                "title": comment.consultation.title
            }
            body = render_to_string(
                "consultations/email_receipt.txt",
                {
                    "comment": comment,
                    "c": comment.consultation,
                    "url": base + comment.consultation.get_absolute_url(),
                    "mine": base + reverse("consultations:mine"),
                },
            )
        EmailMultiAlternatives(subject, body, None, [author.email]).send()
        Comment.objects.filter(pk=comment.pk).update(receipt_sent_at=timezone.now())
    return True


@shared_task(name="consultations.send_pending_receipts", acks_late=True)
def send_pending_receipts() -> int:
    """Receipts the broker did not take when the comment was made (sent once each)."""
    from consultations.models import Comment

    now = timezone.now()
    waiting = Comment.objects.filter(
        receipt_sent_at__isnull=True,
        created_at__lte=now - timedelta(minutes=2),
        created_at__gte=now - timedelta(days=RECEIPT_SWEEP_DAYS),
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(waiting[:500]) if send_comment_receipt(pk))
