"""A real task through a real Redis broker to a real worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from portal.celery import app
from tests.processes import WORKER, stop

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
        WORKER,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    yield proc
    stop(proc)


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
    # Wait for the worker here, with a cheap ping, rather than by starting the command
    # (a Django start-up each) until it answers.
    client = Celery("probe", broker=redis_url, set_as_current=False)
    deadline = time.monotonic() + 60
    while not client.control.ping(timeout=0.5) and time.monotonic() < deadline:
        assert worker.poll() is None, "the worker process died"
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


def _default_schedule():
    """The defaults the migration writes to the database (django-celery-beat)."""
    import importlib

    return importlib.import_module("portal.core.migrations.0002_default_beat_schedule")


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
    import importlib

    later = importlib.import_module("portal.core.migrations.0004_beat_receipts")
    missing = {row[1] for row in [*_default_schedule().DEFAULTS, *later.DEFAULTS]} - set(out)
    assert missing == set()


@pytest.mark.django_db
def test_the_migration_writes_the_default_schedule_and_keeps_what_an_administrator_changed():
    import inspect
    import json

    from django.apps import apps as django_apps
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    migration = _default_schedule()
    PeriodicTask.objects.all().delete()
    night = CrontabSchedule.objects.create(minute="0", hour="2", timezone="Europe/Amsterdam")
    PeriodicTask.objects.create(
        name="accounts-apply-retention", task="accounts.apply_retention", crontab=night
    )
    # The migration writes through the connection it runs on (its schema editor's).
    editor = SimpleNamespace(connection=connection)
    migration.create_defaults(django_apps, editor)
    rows = {task.name: task for task in PeriodicTask.objects.all()}
    assert set(rows) == {row[0] for row in migration.DEFAULTS}
    # An entry an administrator moved to 02:00 stays there.
    assert rows["accounts-apply-retention"].crontab.hour == "2"
    assert rows["notifications-send-pending"].interval.every == 60
    assert rows["notifications-weekly-digest"].crontab.day_of_week == "1"
    app.loader.import_default_modules()
    for name, task in rows.items():
        assert task.enabled, name
        registered = app.tasks[task.task]
        inspect.signature(registered.run).bind(*json.loads(task.args or "[]"))
    migration.create_defaults(django_apps, editor)  # twice changes nothing
    assert PeriodicTask.objects.count() == len(rows)


def test_administrators_edit_the_schedule_and_no_one_else(client, admin, programme_manager):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every = IntervalSchedule.objects.create(every=60, period="seconds")
    task = PeriodicTask.objects.create(
        name="notifications-send-pending-test", task="notifications.send_pending", interval=every
    )
    url = f"/beheer/django_celery_beat/periodictask/{task.pk}/change/"
    client.force_login(programme_manager)
    assert client.get(url).status_code in {302, 403}
    client.force_login(admin)
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "name": task.name,
        "regtask": "notifications.send_pending",
        "task": "",
        "interval": every.pk,
        "args": "[]",
        "kwargs": "{}",
        "enabled": "",  # paused
        "headers": "{}",
        "expire_seconds": "",
        "priority": "",
        "queue": "",
        "exchange": "",
        "routing_key": "",
        "description": "Gepauzeerd tijdens onderhoud",
        "_save": "Opslaan",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    task.refresh_from_db()
    assert task.enabled is False
    assert task.description == "Gepauzeerd tijdens onderhoud"


@pytest.fixture
def beat(redis_url, tmp_path, transactional_db):
    from tests.test_notification_outbox import _test_database_url

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "CELERY_TEST_BROKER_URL": redis_url,
        "DATABASE_URL": _test_database_url(),
    }
    log = tmp_path / "beat.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO",
         "--max-interval=1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    proc.log = log
    yield proc
    stop(proc)


@pytest.mark.django_db(transaction=True)
def test_the_beat_sends_what_the_database_schedules_and_its_liveness_follows(
    redis_url, worker, beat, tmp_path
):
    """The beat (DatabaseScheduler) reads an entry from the database, a real worker runs
    it, and `manage.py liveness beat` (the beat's liveness probe) sees that it did."""
    import datetime as dt

    from django.core.management import CommandError, call_command
    from django.utils import timezone
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    with pytest.raises(CommandError, match="not sent any"):
        call_command("liveness", "beat")
    every = IntervalSchedule.objects.create(every=1, period="seconds")
    PeriodicTask.objects.create(
        name="echo-every-second", task="portal.core.echo", args='["tik"]', interval=every
    )
    deadline = time.monotonic() + 90
    log = tmp_path / "worker.log"
    while time.monotonic() < deadline:
        assert beat.poll() is None, beat.log.read_text()
        if "portal.core.echo" in log.read_text() and "succeeded" in log.read_text():
            break
        time.sleep(0.5)
    assert "succeeded" in log.read_text(), beat.log.read_text()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        task = PeriodicTask.objects.get(name="echo-every-second")
        if task.last_run_at and task.total_run_count:
            break
        time.sleep(0.5)
    assert task.last_run_at is not None, beat.log.read_text()
    call_command("liveness", "beat")
    beat.terminate()
    beat.wait(15)
    PeriodicTask.objects.update(last_run_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(CommandError, match="last sent a scheduled task"):
        call_command("liveness", "beat", "--max-age", "600")
