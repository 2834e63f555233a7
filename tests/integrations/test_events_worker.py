"""An event travels the real way: the change commits, its delivery waits in the outbox,
a real worker takes the task from a real Redis and calls the subscriber on loopback."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from django.conf import settings as django_settings

from portal.celery import app
from portal.integrations import services
from portal.integrations.models import EventDelivery
from roadmap.portfolio.services import tranche_publish
from tests.factories import TrancheFactory
from tests.integrations.test_events import Receiver
from tests.processes import WORKER, stop
from tests.test_notification_outbox import _test_database_url, reset_broker_connections

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_broker():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL is not set: run the suite through `make test`.")
    saved = {k: app.conf.get(k) for k in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=url, result_backend=None)
    reset_broker_connections(app)
    yield url
    app.conf.update(saved)
    reset_broker_connections(app)


def test_a_published_tranche_reaches_the_subscriber_through_a_real_worker(
    real_broker, administrator, programme_manager, settings, tmp_path
):
    settings.WEBHOOK_ALLOW_HTTP = settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    receiver = Receiver()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "CELERY_TEST_BROKER_URL": real_broker,
        "DATABASE_URL": _test_database_url(),
        "WEBHOOK_ALLOW_HTTP": "1",
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "1",
    }
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        WORKER,
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        services.subscription_create(
            actor=administrator,
            name="CDS-tool",
            callback_url=f"http://127.0.0.1:{receiver.port}/hook",
            event_types=["tranche.published"],
        )
        tranche = TrancheFactory(is_published=False)
        tranche_publish(actor=programme_manager, tranche=tranche, lock_version=1)
        deadline = time.monotonic() + 60
        while not receiver.requests and time.monotonic() < deadline:
            assert worker.poll() is None, log.read_text()
            time.sleep(0.2)
        assert len(receiver.requests) == 1, log.read_text()
        time.sleep(1)  # a second sweep would not send it again
        assert len(receiver.requests) == 1
        delivery = EventDelivery.objects.get()
        assert delivery.status == EventDelivery.Status.DELIVERED
    finally:
        stop(worker)
        receiver.stop()
