"""A real task through a real Redis broker to a real worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from celery import Celery
from django.conf import settings

from portal.celery import app

pytestmark = pytest.mark.services


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL is not set: run the suite through `make test`.")
    return url


@pytest.fixture
def worker(redis_url, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "CELERY_TEST_BROKER_URL": redis_url,
    }
    log = tmp_path / "worker.log"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            "celery",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_task_runs_on_a_real_worker_through_redis(redis_url, worker):
    # A client of its own, so the suite's eager app stays as it is.
    client = Celery("probe", broker=redis_url, backend=redis_url, set_as_current=False)
    result = client.send_task("portal.core.echo", args=["hallo"])
    deadline = time.monotonic() + 60
    while not result.ready() and time.monotonic() < deadline:
        assert worker.poll() is None, "the worker process died"
        time.sleep(0.2)
    assert result.ready(), "the worker did not finish the task within 60 s"
    value = result.get(timeout=1)
    assert value["value"] == "hallo"
    assert value["worker"]


def test_worker_liveness_pings_the_worker_of_this_host(redis_url, worker):
    """`manage.py liveness worker` (the worker's liveness probe) through the real broker."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "CELERY_TEST_BROKER_URL": redis_url,
    }
    command = [sys.executable, "manage.py", "liveness", "worker", "--timeout", "2"]
    deadline = time.monotonic() + 60
    alive = None
    while time.monotonic() < deadline:
        alive = subprocess.run(
            command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
        )
        if alive.returncode == 0:
            break
        time.sleep(0.5)
    assert alive is not None and alive.returncode == 0, alive.stderr if alive else ""
    worker.terminate()
    worker.wait(15)
    dead = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert dead.returncode == 1
    assert "did not answer" in dead.stderr


def test_tasks_run_eagerly_without_a_broker(settings):
    from portal.core.tasks import echo

    assert settings.CELERY_TASK_ALWAYS_EAGER
    assert echo.delay("direct").get(timeout=5)["value"] == "direct"


def test_eager_tasks_still_run_after_the_broker_was_swapped_and_back(settings):
    """The broker-outage test points the app at another broker and back; a later eager
    task in the same process must not find a closed connection pool."""
    from portal.core.tasks import echo
    from tests.test_notification_outbox import reset_broker_connections

    assert echo.delay("vooraf").get(timeout=5)["value"] == "vooraf"  # pools now in use
    saved = app.conf.broker_url
    app.conf.update(broker_url="redis://127.0.0.1:1/0")
    reset_broker_connections(app)
    app.conf.update(broker_url=saved)
    reset_broker_connections(app)
    assert echo.delay("daarna").get(timeout=5)["value"] == "daarna"


def test_a_fresh_worker_knows_every_task_the_beat_sends():
    """What a worker process registers on start, without the pages having imported anything."""
    script = (
        "import django; django.setup()\n"
        "from portal.celery import app\n"
        "app.loader.import_default_modules()\n"
        "print('\\n'.join(sorted(app.tasks)))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    missing = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()} - set(out)
    assert missing == set()


def test_beat_schedule_entries_import_and_their_arguments_bind():
    import inspect

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        task = app.tasks[entry["task"]]
        inspect.signature(task.run).bind(*entry.get("args", ()), **entry.get("kwargs", {}))
        assert entry["schedule"], name
