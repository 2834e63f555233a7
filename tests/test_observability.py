"""What operators read: request ids on the logs, error tracking, metrics for the cluster.

The JSON logs of the web processes and the worker, and a request's id reaching the task it
queued, are tested with real processes in tests/test_shared_nothing.py.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import secrets
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_every_response_names_its_request_id_and_every_log_line_of_it_carries_it(client):
    from portal.settings.base import LOGGING

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    formatter_spec = dict(LOGGING["formatters"]["json"])
    factory = formatter_spec.pop("()")
    handler.setFormatter(factory(**formatter_spec))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        first = client.get("/afspraken/")
        second = client.get("/afspraken/")
    finally:
        root.removeHandler(handler)
    ids = {first["X-Request-ID"], second["X-Request-ID"]}
    assert len(ids) == 2  # one id a request
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    mine = [line for line in lines if line.get("request_id") == first["X-Request-ID"]]
    assert {line["event"] for line in mine} >= {"request_started", "request_finished"}
    finished = next(line for line in mine if line["event"] == "request_finished")
    assert finished["code"] == 200
    assert "ip" not in finished  # addresses are personal data: not logged


@pytest.mark.parametrize(
    ("remote", "headers", "expected"),
    [
        ("127.0.0.1", {}, 200),  # the pod itself
        ("10.42.0.7", {}, 200),  # the cluster's scraper
        ("10.42.0.7", {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}, 404),  # through the ingress
        ("10.42.0.7", {"HTTP_FORWARDED": "for=203.0.113.9"}, 404),
        ("203.0.113.9", {}, 404),  # the internet
    ],
)
def test_metrics_answer_the_cluster_and_no_one_else(client, remote, headers, expected):
    client.get("/afspraken/")
    response = client.get("/metrics", REMOTE_ADDR=remote, **headers)
    assert response.status_code == expected
    if expected == 200:
        text = response.content.decode()
        assert "django_http_requests_total_by_method_total" in text
        assert "django_db_execute_total" in text


def test_metrics_with_a_token_for_a_scraper_outside_the_cluster(client, settings):
    settings.METRICS_TOKEN = "s3cret-token-for-the-scraper"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", **outside).status_code == 404
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope", **outside)
    assert wrong.status_code == 404
    right = client.get(
        "/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-for-the-scraper", **outside
    )
    assert right.status_code == 200


class _Collector(BaseHTTPRequestHandler):
    """A Sentry ingest endpoint on loopback: keeps the envelopes it is sent."""

    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        return


@pytest.fixture
def sentry_endpoint():
    _Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _Collector.received
    server.shutdown()


def test_errors_reach_sentry_without_personal_data(sentry_endpoint):
    """The production settings with SENTRY_DSN set: a page that fails (its database is
    down) sends one event, through the real HTTP transport, with no cookie in it."""
    port, received = sentry_endpoint
    script = (
        "import django, sentry_sdk\n"
        "django.setup()\n"
        "from django.test import Client\n"
        "client = Client(raise_request_exception=False)\n"
        "response = client.get('/afspraken/', HTTP_HOST='127.0.0.1',"
        " HTTP_COOKIE='sessionid=geheim-sessie-123')\n"
        "print(response.status_code)\n"
        "sentry_sdk.flush(10)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": "postgres://portal@127.0.0.1:9/portal",  # nothing listens there
        "CELERY_BROKER_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:9/0"),
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1",
        "SENTRY_ENVIRONMENT": "test",
        "STATIC_ROOT": str(settings.BASE_DIR / "static"),
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == "500"
    events = []
    for envelope in received:
        for line in envelope.splitlines():
            if line.startswith(b"{") and b'"exception"' in line:
                events.append(json.loads(line))
    unhandled = [
        event
        for event in events
        if any(
            value["type"] == "OperationalError" and value["mechanism"]["type"] == "django"
            for value in event["exception"]["values"]
        )
    ]
    # With the database down, the session fails in more than one middleware: one event
    # for each, none lost.
    assert unhandled, received
    assert all(event["environment"] == "test" for event in unhandled)
    raw = b"".join(received)
    assert b"geheim-sessie-123" not in raw
    assert all("cookies" not in event.get("request", {}) for event in events)


@pytest.mark.parametrize("path", ["/healthz", "/healthz/live", "/healthz/ready", "/metrics"])
def test_probes_and_the_scraper_reach_a_pod_by_its_address(client, path):
    """Kubernetes probes and Prometheus send the pod's IP address as Host, which is not
    an allowed host: those four paths answer all the same, nothing else does."""
    response = client.get(path, HTTP_HOST="10.42.0.7:8000", REMOTE_ADDR="10.42.0.1")
    assert response.status_code == 200
    assert client.get("/afspraken/", HTTP_HOST="10.42.0.7:8000").status_code == 400


@pytest.mark.parametrize("name", ["console", "json"])
def test_a_logged_error_shows_its_traceback_but_no_local_variables(name):
    """Both log formats print where an error happened, never the values of the variables
    around it (a password or a person's details may be among them)."""
    from portal.settings.base import LOGGING

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    spec = dict(LOGGING["formatters"][name])
    factory = spec.pop("()")
    handler.setFormatter(factory(**spec))
    logger = logging.getLogger("tests.observability.locals")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        password = "geheim-wachtwoord-123"
        try:
            raise ValueError(f"checking {len(password)} characters")
        except ValueError:
            logger.exception("login failed")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    out = stream.getvalue()
    assert "login failed" in out
    assert "ValueError: checking 21 characters" in out
    assert "test_observability.py" in out  # the traceback is there
    assert "geheim-wachtwoord-123" not in out
