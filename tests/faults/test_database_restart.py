"""PostgreSQL restarted in the middle of a run of comment submissions.

Runs in its own pytest pass after the main suite (`-m faults`), because it restarts the
database server that the other tests share. The site is served by a live server thread
and driven over HTTP, as a browser would.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import threading
import time
import uuid

import pytest
import requests
from django.utils import timezone

from consultations import services
from consultations.models import Comment
from tests.factories import CONSULTATION_STANDARD, PASSWORD

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

DRAFT = "## Principes\n\nTekst.\n\n## Netwerk\n\nMeer tekst."


def _pg(*args: str) -> None:
    bindir, data = os.environ["TEST_PG_BIN"], os.environ["TEST_PG_DATA"]
    command = [f"{bindir}/pg_ctl", "-D", data, "-l", f"{data}/restart.log", *args]
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        command = ["runuser", "-u", "postgres", "--", *command]
    # No pipes: the restarted server would hold them open and we would wait for ever.
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
    )


@pytest.fixture
def open_consultation(programme_manager):
    now = timezone.now()
    consultation = services.consultation_create(
        **CONSULTATION_STANDARD,
        actor=programme_manager,
        title="Herstarttest",
        slug="herstart",
        subject="gisa",
        introduction="Inleiding",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=7),
        draft=DRAFT,
        questions=[],
    )
    return services.consultation_schedule(actor=programme_manager, consultation=consultation)


def _session(base: str, email: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/account/inloggen/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = session.post(
        f"{base}/account/inloggen/",
        data={"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
        headers={"Referer": f"{base}/account/inloggen/"},
        timeout=10,
    )
    assert "Uitloggen" in done.text, "login failed"
    return session


def test_comments_made_around_a_database_restart_are_kept_when_answered_ok(
    live_server, field_party, organisation_a, open_consultation, settings
):
    # Hundreds of comments in seconds: far beyond a person's rate limit, which is tested
    # on its own in tests/security/test_abuse.py.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": {"ip": "10000/h", "user": "10000/h"}}
    base = live_server.url
    url = f"{base}/consultaties/herstart/"
    session = _session(base, field_party.email)
    form = session.get(url, timeout=10).text
    target = re.search(r'<option value="(s-\d+)"', form).group(1)
    results: list[tuple[str, int | None]] = []  # (idempotency key, status or None)
    stop = threading.Event()

    def submit() -> None:
        n = 0
        while not stop.is_set() and n < 400:  # bounded in count and time
            n += 1
            key = str(uuid.uuid4())
            try:
                token = session.cookies.get("csrftoken")
                response = session.post(
                    url,
                    data={
                        "csrfmiddlewaretoken": token,
                        "target": target,
                        "organisation": organisation_a.pk,
                        "text": f"Reactie {n}",
                        "may_publish": "on",
                        "idempotency_key": key,
                    },
                    headers={"Referer": url},
                    timeout=10,
                    allow_redirects=False,
                )
                results.append((key, response.status_code))
            except requests.RequestException:
                results.append((key, None))
            time.sleep(0.05)

    def started_at():
        from django.db import connection

        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_postmaster_start_time()")
            return cursor.fetchone()[0]

    first_start = started_at()
    worker = threading.Thread(target=submit)
    worker.start()
    try:
        time.sleep(1.5)
        before = len(results)
        _pg("restart", "-m", "fast", "-w")  # down, then up again
        restarted_at = len(results)
        # Submissions go on until ten more have been answered (or 30 s have passed): on
        # a loaded machine the first ones after a restart may take a while.
        deadline = time.monotonic() + 30
        while len(results) < restarted_at + 15 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop.set()
        worker.join(60)
    ok = [key for key, status in results if status == 302]
    failed = [status for _key, status in results if status != 302]
    assert before > 0, "no submission went through before the restart"
    # The site recovered by itself: submissions after the restart succeed again.
    after = [status for _key, status in results[restarted_at + 5 :]]
    assert after, "no submissions were made after the restart"
    assert all(status == 302 for status in after), after
    # Failures only while the server was down (a handful at most), never a lost success.
    assert len(failed) <= len(results) - len(after) - before + 5, failed
    assert started_at() > first_start, "the database server was not restarted"
    stored = {
        str(k)
        for k in Comment.objects.filter(consultation__slug="herstart").values_list(
            "idempotency_key", flat=True
        )
    }
    missing = [key for key in ok if key not in stored]
    assert missing == [], f"{len(missing)} successful submissions are not in the database"
