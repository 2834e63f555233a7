"""Anonymous API reads cache and revalidate; a person's answers stay private."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import services as agreement_services
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


def test_an_anonymous_read_carries_an_etag_and_revalidates_with_a_304(
    client, programme_manager, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory(code="LAS-TECH-001", title="Eerst")
    first = client.get("/api/v1/agreements")
    assert first.status_code == 200
    etag = first["ETag"]
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert "cookie" not in _vary(first) and "accept" in _vary(first)
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/api/v1/agreements", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert again["API-Version"]  # the API's own headers on a 304 too
    assert len(ctx) == 1  # the data version only: no view ran
    # Another address is another answer.
    assert client.get("/api/v1/standards", HTTP_IF_NONE_MATCH=etag).status_code == 200
    # A change moves the data version on: the old ETag no longer matches.
    with django_capture_on_commit_callbacks(execute=True):
        agreement_services.agreement_update(
            actor=programme_manager,
            agreement=agreement,
            lock_version=agreement.lock_version,
            title="Daarna",
        )
    changed = client.get("/api/v1/agreements", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Daarna" in changed.content.decode()


def test_a_logged_in_persons_answer_is_private(client, programme_manager):
    AgreementFactory()
    client.force_login(programme_manager)
    response = client.get("/api/v1/agreements")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "ETag" not in response
    assert "cookie" in _vary(response)


def test_an_anonymous_read_carries_last_modified_and_revalidates_by_date(
    client, programme_manager, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils.http import http_date, parse_http_date
    from freezegun import freeze_time

    start = dt.datetime(2026, 11, 27, 9, 0, 30, tzinfo=dt.UTC)
    with freeze_time(start):
        with django_capture_on_commit_callbacks(execute=True):
            agreement = AgreementFactory(title="Eerst")
        first = client.get("/api/v1/agreements")
        stamp = parse_http_date(first["Last-Modified"])
        assert stamp == int(start.timestamp())  # the change, later than the minute's start
        since = http_date(stamp)
        assert client.get("/api/v1/agreements", HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    with freeze_time(start + dt.timedelta(seconds=10)):
        with django_capture_on_commit_callbacks(execute=True):
            agreement_services.agreement_update(
                actor=programme_manager,
                agreement=agreement,
                lock_version=agreement.lock_version,
                title="Daarna",
            )
        changed = client.get("/api/v1/agreements", HTTP_IF_MODIFIED_SINCE=since)
        assert changed.status_code == 200 and "Daarna" in changed.content.decode()
        assert parse_http_date(changed["Last-Modified"]) > stamp
    # An ETag that no longer matches wins over a date that would (RFC 9110).
    with freeze_time(start + dt.timedelta(seconds=20)):
        stale = client.get(
            "/api/v1/agreements",
            HTTP_IF_NONE_MATCH='W/"old"',
            HTTP_IF_MODIFIED_SINCE=http_date(int(start.timestamp()) + 3600),
        )
        assert stale.status_code == 200
