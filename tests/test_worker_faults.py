"""A worker killed in the middle of a task: the task is redelivered and completes once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from celery import Celery
from django.conf import settings
from django.utils import timezone

from consultations.models import Comment
from portal.celery import app as portal_app
from tests.factories import (
    ConsultationFactory,
    DraftVersionFactory,
    ReportFileFactory,
    SectionFactory,
    UserFactory,
)
from tests.test_notification_outbox import _test_database_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def _wait(predicate, seconds: float, what: str, log) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}\n{log.read_text()[-3000:]}")


def test_report_pdf_task_survives_its_worker_being_killed(organisation_a, tmp_path):
    url = os.environ.get("REDIS_URL")
    assert url, "REDIS_URL is set by make test"
    now = timezone.now()
    consultation = ConsultationFactory(
        title="Werkerstest",
        slug="werker",
        subject="gisa",
        introduction="x",
        status="reported",
        report_published_at=now,
        opens_at=now - dt.timedelta(days=30),
        closes_at=now - dt.timedelta(days=1),
    )
    version = DraftVersionFactory(consultation=consultation, number=1)
    section = SectionFactory(version=version, order=1, number="1", title="A")
    author = UserFactory()
    Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            section=section,
            author=author,
            organisation=organisation_a,
            text=f"Reactie nummer {i:03d}",
        )
        for i in range(60)
    )
    job = ReportFileFactory(consultation=consultation)
    log = tmp_path / "worker.log"
    # A queue of its own: other tests run workers on the same Redis at the same time.
    queue = f"faults-{os.getpid()}-{job.pk}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "CELERY_TEST_BROKER_URL": url,
        "DATABASE_URL": _test_database_url(),
        "REPORT_PDF_PART": "3",  # twenty parts: slow enough to be killed half-way
        "REPORT_PDF_STALE_SECONDS": "3",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the worker stores where this test reads
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork",
         "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-Q", queue],
        cwd=settings.BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        client = Celery("probe", broker=url, backend=url, set_as_current=False)
        client.send_task("consultations.generate_report_pdf", args=[job.pk], queue=queue)

        def progressed() -> bool:
            job.refresh_from_db()
            return job.status == "running" and 0 < job.done_comments < 60

        _wait(progressed, 90, "the task to be half-way", log)
        children = _children(worker.pid)
        assert children, "the prefork pool has no child process"
        for child in children:
            os.kill(child, signal.SIGKILL)  # the process running the task dies mid-task

        def done() -> bool:
            job.refresh_from_db()
            return job.status == "done"

        _wait(done, 120, "the redelivered task to finish", log)
    finally:
        portal_app.set_current()  # the probe client must not stay the current app
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
    job.refresh_from_db()
    assert job.done_comments == 60 and job.total_comments == 60
    reasons = list(
        job.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons.count("consultations.report_pdf.taken_over") == 1, reasons
    assert reasons.count("consultations.report_pdf.done") == 1, reasons
    import io

    from pypdf import PdfReader

    with job.file.open("rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    for i in range(60):
        assert text.count(f"Reactie nummer {i:03d}") == 1, i
