"""More than one web process shares nothing but the database, Redis and the object store.

Two gunicorn instances on two loopback ports, with the production settings, against one
PostgreSQL (this test's database), one Redis and an S3-compatible server on loopback
(moto's server), and one Celery worker: a session started on one works on the other, a
file uploaded through one downloads through the other (and is in the bucket, not on a
disk), the API rate limit counts across both, a task queued by one runs once. On the
way it checks what operators read: every log line is JSON, a request's id follows it
into the task it queued, and /metrics answers the cluster's scraper only.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from roadmap.models import AlignmentReview, Attachment
from roadmap.regions import services
from tests.factories import (
    PASSWORD,
    AlignmentReviewFactory,
    FundingSchemeFactory,
    InitiativeFactory,
)
from tests.processes import WORKER, stop
from tests.test_notification_outbox import _free_port, _test_database_url, _wait_for_port

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BUCKET = "gis-portaal-test"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def s3():
    """moto's S3-compatible server on a loopback port, with one bucket."""
    import boto3

    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }
    try:
        _wait_for_port(port, 60)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="eu-west-1",
        )
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        yield {"endpoint": endpoint, "client": client, "env": credentials}
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """`collectstatic` as the image does (the production storage needs its manifest):
    collected by `make test` while it migrated the template, or here."""
    from tests import static_build

    root = static_build.prebuilt()
    if root is None:
        root = tmp_path_factory.mktemp("staticfiles")
        static_build.collect(root)
    assert (root / "staticfiles.json").is_file()
    return root


@pytest.fixture
def site(s3, static_root, tmp_path):
    """Two web instances and one worker, production settings, shared services only."""
    redis = os.environ["REDIS_URL"].rsplit("/", 1)[0]
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        **s3["env"],
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": f"{redis}/5",
        "REDIS_CACHE_URL": f"{redis}/6",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3["endpoint"],
        "STATIC_ROOT": str(static_root),
        # Uploads must not land on a disk of one host: this folder stays empty.
        "MEDIA_ROOT": str(tmp_path / "media-unused"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "API_ANON_RATE": "6/minute",
        "WEB_WORKERS": "1",
        "WEB_THREADS": "2",
        "LOG_LEVEL": "INFO",
    }
    env.pop("LOG_FORMAT", None)  # production's default: JSON
    import redis as redis_client

    for db in (5, 6):
        redis_client.Redis.from_url(f"{redis}/{db}").flushdb()
    procs, logs, ports = [], {}, []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log = tmp_path / f"web-{name}.log"
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "-c",
                        "python:portal.gunicorn_conf",
                        "portal.wsgi:application",
                    ],
                    cwd=settings.BASE_DIR,
                    env={**env, "WEB_BIND": f"127.0.0.1:{port}"},
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                )
            )
            logs[name], ports = log, [*ports, port]
        worker_log = tmp_path / "worker.log"
        procs.append(
            subprocess.Popen(
                WORKER,
                cwd=settings.BASE_DIR,
                env=env,
                stdout=worker_log.open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        logs["worker"] = worker_log
        for port in ports:
            _wait_for_port(port, 60)
        for port in ports:
            # A loaded machine may take a while for a worker's first answer.
            deadline, status = time.monotonic() + 120, None
            while time.monotonic() < deadline and status != 200:
                try:
                    status = requests.get(
                        f"http://127.0.0.1:{port}/healthz/ready", timeout=30
                    ).status_code
                except requests.RequestException:
                    status = None
                if status != 200:
                    time.sleep(0.5)
            assert status == 200, logs["a"].read_text()[-3000:]
        yield {
            "a": f"http://127.0.0.1:{ports[0]}",
            "b": f"http://127.0.0.1:{ports[1]}",
            "logs": logs,
            "mail": mail_dir,
            "media": tmp_path / "media-unused",
            "procs": procs,
        }
    finally:
        for proc in procs:
            stop(proc)


class Browser:
    """Keeps cookies by hand: the production cookies are Secure, and this talks plain
    HTTP on loopback (the TLS proxy is left out), so a cookie jar would withhold them."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, url, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        self.cookies.update(requests.utils.dict_from_cookiejar(response.cookies))
        return response

    def csrf(self, url: str) -> str:
        page = self.request("GET", url)
        assert page.status_code == 200, page.status_code
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, "no CSRF token on the form"
        return match.group(1)


def _json_lines(path: Path) -> list[dict]:
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            raise AssertionError(f"not a JSON log line in {path.name}: {line[:300]}") from None
    return parsed


def _wait(condition, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_web_processes_share_sessions_files_limits_and_tasks(
    site, s3, region_x, coordinator_x, cds_reviewer
):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    coordinator, reviewer = coordinator_x, cds_reviewer
    # The suite hashes with MD5 for speed; production knows only its own hashers.
    coordinator.password = PBKDF2PasswordHasher().encode(PASSWORD, "sharednothingsalt")
    coordinator.save(update_fields=["password"])
    initiative = InitiativeFactory(region=region_x, slug="x-gedeeld")
    review = AlignmentReviewFactory(initiative=initiative, reviewer=reviewer)
    scheme = FundingSchemeFactory(name="Regeling", slug="regeling")
    application = services.application_create(
        actor=coordinator,
        initiative=initiative,
        scheme=scheme,
        title="Aanvraag gedeeld",
        amount_requested=1000,
    )
    a, b = site["a"], site["b"]

    # A session started on A works on B.
    browser = Browser()
    token = browser.csrf(f"{a}/account/inloggen/")
    login = browser.request(
        "POST",
        f"{a}/account/inloggen/",
        data={"csrfmiddlewaretoken": token, "username": coordinator.email, "password": PASSWORD},
    )
    assert login.status_code == 302, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", login.text))[
        -3000:
    ]
    page_url = f"/regios/aanvragen/{application.pk}/"
    answers_url = f"{page_url}antwoorden/"
    on_b = browser.request("GET", f"{b}{page_url}")
    assert on_b.status_code == 200, on_b.status_code
    assert "Aanvraag gedeeld" in on_b.text

    # A file uploaded through A is in the bucket and downloads through B.
    token = browser.csrf(f"{a}{page_url}")
    upload = browser.request(
        "POST",
        f"{a}{answers_url}",
        data={"csrfmiddlewaretoken": token, "lock_version": application.lock_version},
        files={"file": ("plan.pdf", PDF, "application/pdf")},
    )
    assert upload.status_code == 302, upload.text[:2000]
    attachment = Attachment.objects.get(application=application)
    keys = [o["Key"] for o in s3["client"].list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert attachment.file.name in keys
    assert not site["media"].exists() or not any(site["media"].rglob("*.pdf"))
    download = browser.request("GET", f"{b}/regios/bijlagen/{attachment.pk}/")
    assert download.status_code == 200
    assert download.content == PDF

    # A task queued by B (the reviewer is told of the response) runs once on the worker,
    # and the request's id is on the task's log lines.
    token = browser.csrf(f"{b}/regios/initiatieven/{initiative.slug}/")
    respond = browser.request(
        "POST",
        f"{b}/regios/afstemming/{review.pk}/reactie/",
        data={"csrfmiddlewaretoken": token, "response": "Doen we"},
    )
    assert respond.status_code == 302
    request_id = respond.headers["X-Request-ID"]
    assert AlignmentReview.objects.get(pk=review.pk).response == "Doen we"
    _wait(lambda: len(list(site["mail"].iterdir())) == 1, what="the reviewer's e-mail")
    time.sleep(2)  # a second run would have sent a second mail by now
    mails = [p.read_text() for p in site["mail"].iterdir()]
    assert len(mails) == 1 and reviewer.email in mails[0]

    def task_lines():
        return [
            line
            for line in _json_lines(site["logs"]["worker"])
            if line.get("request_id") == request_id
        ]

    _wait(
        lambda: any(line.get("event") == "task_succeeded" for line in task_lines()),
        what="the task's log line with the request id",
    )
    assert {line.get("task_id") for line in task_lines()} - {None}
    web_lines = [line for line in _json_lines(site["logs"]["b"]) if line.get("request_id")]
    assert any(
        line["request_id"] == request_id and line.get("event") == "task_enqueued"
        for line in web_lines
    )

    # The API rate limit counts across both instances.
    statuses = [
        requests.get(f"{(a, b)[i % 2]}/api/v1/agreements", timeout=30).status_code for i in range(8)
    ]
    assert statuses[:6] == [200] * 6, statuses
    assert statuses[6:] == [429, 429], statuses

    # Metrics: for a request straight from the cluster network, not through a proxy.
    metrics = requests.get(f"{a}/metrics", timeout=30)
    assert metrics.status_code == 200
    assert "django_http_requests_total_by_method_total" in metrics.text
    assert 'django_db_execute_total{alias="default",vendor="postgresql"}' in metrics.text
    proxied = requests.get(f"{a}/metrics", headers={"X-Forwarded-For": "203.0.113.9"}, timeout=30)
    assert proxied.status_code == 404

    # Every line both web processes and the worker wrote is JSON.
    for name in ("a", "b", "worker"):
        assert _json_lines(site["logs"][name]), name
    assert connection.settings_dict["NAME"] in _test_database_url()
