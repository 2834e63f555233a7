from __future__ import annotations

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "vendor": "postgresql"}
    assert body["broker"] == {"ok": True, "mode": "eager"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is False
    assert "connection refused" not in response.content.decode()


def test_healthz_reports_an_unreachable_broker_as_degraded(client, settings):
    # A port on loopback where nothing listens: the broker is down, the site is not.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["broker"] == {"ok": False, "mode": "broker"}


def test_liveness_answers_without_touching_the_database(
    client, monkeypatch, django_assert_num_queries
):
    from django.db.backends.base.base import BaseDatabaseWrapper

    with django_assert_num_queries(0):
        assert client.get("/healthz/live").status_code == 200

    def down(self, *args, **kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", down)
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    # Readiness does depend on it: the pod leaves the load balancer, it is not restarted.
    assert client.get("/healthz/ready").status_code == 503


def test_readiness_needs_database_and_broker(client, settings):
    assert client.get("/healthz/ready").status_code == 200
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
