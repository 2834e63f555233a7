"""Events reach subscribers as signed CloudEvents, from the outbox, after the change
commits; a receiver that is down gets the event once it is back, exactly once."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from portal.integrations import services
from portal.integrations.events import emit
from portal.integrations.models import EventDelivery
from portal.integrations.tasks import deliver_due
from roadmap.portfolio.services import tranche_publish
from tests.factories import TrancheFactory

pytestmark = pytest.mark.django_db


class Receiver:
    """A webhook receiver on loopback that keeps what it was sent."""

    def __init__(self, port: int = 0):
        self.requests: list[dict] = []
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append({"headers": dict(self.headers), "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def loopback(settings):
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True


def _subscribe(administrator, port: int, types=("tranche.published",)):
    return services.subscription_create(
        actor=administrator,
        name="Twiin",
        callback_url=f"http://127.0.0.1:{port}/events",
        event_types=list(types),
    )


def _publish(manager, capture):
    tranche = TrancheFactory(is_published=False)
    with capture(execute=True):
        tranche_publish(actor=manager, tranche=tranche, lock_version=tranche.lock_version)
    return tranche


def test_a_published_tranche_reaches_the_subscriber_signed(
    loopback, administrator, programme_manager, django_capture_on_commit_callbacks
):
    receiver = Receiver()
    try:
        subscription = _subscribe(administrator, receiver.port)
        tranche = _publish(programme_manager, django_capture_on_commit_callbacks)
    finally:
        receiver.stop()
    assert len(receiver.requests) == 1
    sent = receiver.requests[0]
    headers = {k.lower(): v for k, v in sent["headers"].items()}
    assert headers["content-type"].startswith("application/cloudevents+json")
    event = json.loads(sent["body"])
    assert event["specversion"] == "1.0"
    assert event["type"] == "nl.gis-portaal.tranche.published"
    assert event["subject"] == f"tranche/{tranche.pk}"
    assert event["data"]["url"].endswith(tranche.get_absolute_url())
    # Standard Webhooks: HMAC-SHA256 over "id.timestamp.body" with the secret's key.
    key = base64.b64decode(subscription.secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + sent["body"]
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{expected}"
    assert headers["webhook-id"] == event["id"]
    delivery = EventDelivery.objects.get()
    assert delivery.status == EventDelivery.Status.DELIVERED and delivery.response_status == 204


def test_a_receiver_that_was_down_gets_the_event_once_when_back(
    loopback, administrator, programme_manager, django_capture_on_commit_callbacks
):
    port = _free_port()
    _subscribe(administrator, port)
    _publish(programme_manager, django_capture_on_commit_callbacks)
    delivery = EventDelivery.objects.get()
    assert delivery.status == EventDelivery.Status.PENDING
    assert delivery.attempts == 1 and delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    receiver = Receiver(port)
    try:
        assert deliver_due() == 0  # backoff: not due yet
        assert receiver.requests == []
        with freeze_time(timezone.now() + dt.timedelta(seconds=31)):
            assert deliver_due() == 1
            assert deliver_due() == 0
        with freeze_time(timezone.now() + dt.timedelta(hours=7)):
            assert deliver_due() == 0
    finally:
        receiver.stop()
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.status == EventDelivery.Status.DELIVERED and delivery.attempts == 2


def test_a_receiver_that_stays_down_is_given_up_after_the_last_attempt(
    loopback, administrator, programme_manager, django_capture_on_commit_callbacks
):
    _subscribe(administrator, _free_port())
    _publish(programme_manager, django_capture_on_commit_callbacks)
    moment = timezone.now()
    for _ in range(12):
        moment += dt.timedelta(hours=7)
        with freeze_time(moment):
            deliver_due()
    delivery = EventDelivery.objects.get()
    assert delivery.status == EventDelivery.Status.FAILED and delivery.attempts == 10


def test_what_is_not_public_raises_no_event(loopback, administrator):
    _subscribe(administrator, _free_port())
    draft = TrancheFactory(is_published=False)
    assert emit(draft, verb="portfolio.tranche.published") == 0
    assert not EventDelivery.objects.exists()


def test_a_change_that_rolls_back_raises_no_event(loopback, administrator, programme_manager):
    from django.db import transaction

    _subscribe(administrator, _free_port())
    tranche = TrancheFactory(is_published=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        tranche_publish(actor=programme_manager, tranche=tranche, lock_version=1)
        raise RuntimeError
    assert not EventDelivery.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://[::1]/hook",
        "ftp://example.org/hook",
    ],
)
def test_callbacks_into_our_own_network_are_refused(administrator, url):
    with pytest.raises(ValidationError):
        services.subscription_create(
            actor=administrator, name="x", callback_url=url, event_types=["tranche.published"]
        )


def test_only_administrators_subscribe(field_party, programme_manager, loopback):
    from django.core.exceptions import PermissionDenied

    for person in (field_party, programme_manager):
        with pytest.raises(PermissionDenied):
            _subscribe(person, 8080)


def test_an_unknown_event_type_is_refused(administrator, loopback):
    with pytest.raises(ValidationError):
        _subscribe(administrator, 8080, types=["everything"])
