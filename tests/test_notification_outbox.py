"""A notification survives a broker outage: written with the change, e-mailed once the
broker is back, by a real worker through a real Redis."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from celery import Celery
from django.conf import settings as django_settings
from django.db import connection

from portal.celery import app
from portal.celery import app as portal_app
from portal.notifications.models import Notification, Subscription
from tests.factories import ExchangeFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def _test_database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def reset_broker_connections(celery_app) -> None:
    """Forget every broker connection the app holds, so the next use connects afresh.

    The app's producer pool is cached and holds on to kombu's (process-wide) connection
    pool: closing that pool alone left the cached producers on a closed pool, and the next
    `.delay()` in the same test process — even an eager one, which still borrows a producer
    to serialise its arguments — failed with "Acquire on closed pool"."""
    from kombu import pools

    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def broker_down(monkeypatch):
    """The portal configured for a broker on a port where nothing listens (yet)."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    saved = {
        k: app.conf.get(k)
        for k in (
            "task_always_eager",
            "broker_url",
            "result_backend",
            "task_publish_retry",
            "broker_connection_retry",
            "broker_connection_max_retries",
        )
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=url,
        result_backend=None,
        task_publish_retry=False,
        broker_connection_retry=False,
        broker_connection_max_retries=0,
    )
    reset_broker_connections(app)
    yield port, url
    app.conf.update(saved)
    reset_broker_connections(app)


def test_notification_written_during_an_outage_is_sent_when_the_broker_returns(
    broker_down, field_party, tmp_path, settings, client
):
    port, url = broker_down
    # Production's cache is the same Redis: with it gone, pages and the API still answer.
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    exchange = ExchangeFactory(number=31, title="Acute zorg", care_domain="Acuut")
    Subscription.objects.create(user=field_party, target=exchange)
    for page in ("/", "/wegiz-agenda/", "/api/v1/exchanges", "/zoeken/?q=acute"):
        assert client.get(page).status_code == 200, page

    # The change is made while the broker is unreachable: it succeeds, and its notification
    # is in the table, waiting; nothing was sent and nothing was lost.
    exchange.title = "Acute zorg: overdracht ambulance"
    exchange.save()
    note = Notification.objects.get(user=field_party)
    assert note.emailed_at is None

    # The broker comes back; the beat's next sweep reaches a worker, which sends it.
    redis_server = shutil.which("redis-server")
    assert redis_server, "redis-server is installed by make test"
    redis = subprocess.Popen(
        [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = None
    try:
        _wait_for_port(port)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "CELERY_TEST_BROKER_URL": url,
            "DATABASE_URL": _test_database_url(),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        }
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo",
             "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-Q", "celery"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=(tmp_path / "worker.log").open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        sweep = "notifications.send_pending"  # what the beat sends every minute
        client = Celery("beat-probe", broker=url, backend=url, set_as_current=False)
        result = client.send_task(sweep)
        deadline = time.monotonic() + 60
        while not result.ready() and time.monotonic() < deadline:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.2)
        assert result.ready(), (tmp_path / "worker.log").read_text()
        assert result.get(timeout=1) == 1
        note.refresh_from_db()
        assert note.emailed_at is not None
        sent = [p.read_text() for p in mail_dir.iterdir()]
        assert len(sent) == 1
        assert field_party.email in sent[0] and "overdracht ambulance" in sent[0]
        # A second sweep (the beat runs every minute) sends nothing more.
        again = client.send_task(sweep)
        assert again.get(timeout=60) == 0
        assert len(list(mail_dir.iterdir())) == 1
    finally:
        portal_app.set_current()  # the probe client must not stay the current app
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                worker.kill()
        redis.terminate()
        redis.wait(10)
