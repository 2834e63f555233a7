"""Abuse resistance: rate limits per address and per account with a clear 429 page and
Retry-After; a forged X-Forwarded-For escapes no limit; sessions end when idle and after
a fixed lifetime."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from consultations import services as consultation_services
from consultations.models import Comment
from roadmap.models import IntakeProposal, IntakeRound
from tests.factories import IntakeRoundFactory

pytestmark = pytest.mark.django_db

LIMITS = {
    "login": {"ip": "6/h", "account": "3/h"},
    "password_reset": {"ip": "5/h", "account": "2/h"},
    "registration": {"ip": "3/h"},
    "comment": {"ip": "50/h", "user": "3/h"},
    "proposal": {"ip": "50/h", "user": "2/h"},
}


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.RATE_LIMITS = LIMITS


def _login(client, email, ip, forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("accounts:login"), {"username": email, "password": "fout-wachtwoord"}, **extra
    )


def _assert_limited(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "Te veel pogingen" in page
    assert "minuten" in page or "minuut" in page


def test_login_is_limited_per_account_across_addresses(client, field_party):
    for n in range(3):
        assert _login(client, field_party.email, f"10.0.0.{n}").status_code == 200
    _assert_limited(_login(client, field_party.email.upper(), "10.0.0.99"))
    # Another account from a fresh address is not affected.
    assert _login(client, "ander@example.org", "10.0.1.1").status_code == 200


def test_login_is_limited_per_address_across_accounts(client):
    for n in range(6):
        assert _login(client, f"p{n}@example.org", "10.0.0.1").status_code == 200
    _assert_limited(_login(client, "p99@example.org", "10.0.0.1"))


@pytest.mark.parametrize("trusted", [0, 1])
def test_a_forged_forwarded_header_escapes_no_limit(client, settings, trusted):
    settings.TRUSTED_PROXY_COUNT = trusted
    proxy = "192.0.2.10"
    statuses = []
    for n in range(8):
        # The client writes any address it likes; a trusted proxy appends the real one.
        forged = f"203.0.113.{n}" + (", 198.51.100.7" if trusted else "")
        statuses.append(_login(client, f"p{n}@example.org", proxy, forwarded=forged).status_code)
    assert statuses[:6] == [200] * 6
    assert statuses[6:] == [429, 429]


def test_behind_a_trusted_proxy_each_real_client_has_its_own_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(6):
        _login(client, f"p{n}@example.org", "192.0.2.10", forwarded="198.51.100.7")
    assert (
        _login(client, "q@example.org", "192.0.2.10", forwarded="198.51.100.8").status_code == 200
    )


def test_the_api_limit_cannot_be_escaped_with_forwarded_headers(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "user": "10/minute"},
    }
    statuses = [
        client.get("/api/v1/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(8)
    ]
    assert statuses == [200] * 5 + [429] * 3


def test_lockout_after_failures_counts_the_real_address(client, settings, field_party):
    """django-axes reads the same address: forged headers do not reset its count."""
    settings.RATE_LIMITS = {**LIMITS, "login": {"ip": "100/h", "account": "100/h"}}
    for n in range(5):
        _login(client, field_party.email, "10.0.0.1", forwarded=f"203.0.113.{n}")
    response = client.post(
        reverse("accounts:login"),
        {"username": field_party.email, "password": "correct-niet-bekend"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.200",
    )
    assert response.status_code == 429  # axes answers a locked-out pair with 429 too


def test_password_reset_is_limited_per_address_and_per_account(client, field_party):
    url = reverse("accounts:password-reset")
    for n in range(2):
        assert (
            client.post(url, {"email": field_party.email}, REMOTE_ADDR=f"10.0.0.{n}").status_code
            == 302
        )
    _assert_limited(client.post(url, {"email": field_party.email}, REMOTE_ADDR="10.0.0.9"))
    assert len(mail.outbox) == 2
    for n in range(5):
        client.post(url, {"email": f"x{n}@example.org"}, REMOTE_ADDR="10.0.0.50")
    _assert_limited(client.post(url, {"email": "y@example.org"}, REMOTE_ADDR="10.0.0.50"))


def test_comments_are_limited_per_person_and_nothing_is_saved_beyond(
    client, field_party, organisation_a, open_consultation
):
    client.force_login(field_party)
    url = open_consultation.get_absolute_url()
    section = consultation_services.current_version(open_consultation).sections.get()

    def send(n):
        key = client.get(url).context["form"]["idempotency_key"].value()
        return client.post(
            url,
            {
                "organisation": organisation_a.pk,
                "target": f"s-{section.pk}",
                "text": f"Reactie {n}",
                "idempotency_key": key,
            },
        )

    assert [send(n).status_code for n in range(3)] == [302, 302, 302]
    _assert_limited(send(3))
    assert Comment.objects.count() == 3
    assert client.get(url).status_code == 200  # reading is not limited


def test_proposals_are_limited_per_person(client, field_party, organisation_a):
    IntakeRoundFactory(status=IntakeRound.Status.OPEN)
    client.force_login(field_party)
    url = reverse("wegiz:proposal-create")
    sent = [
        client.post(
            url, {"title": f"Voorstel {n}", "organisation": organisation_a.pk, "draft": "1"}
        )
        for n in range(3)
    ]
    assert [r.status_code for r in sent[:2]] == [302, 302]
    _assert_limited(sent[2])
    assert IntakeProposal.objects.count() == 2


# --- sessions end ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _production_session_limits(settings):
    """The test settings lift these (other tests travel in time); the defaults here."""
    from portal.settings import base

    settings.SESSION_IDLE_MINUTES = base.SESSION_IDLE_MINUTES
    settings.SESSION_IDLE_MINUTES_STAFF = base.SESSION_IDLE_MINUTES_STAFF
    settings.SESSION_MAX_AGE_HOURS = base.SESSION_MAX_AGE_HOURS
    settings.SESSION_COOKIE_AGE = base.SESSION_COOKIE_AGE
    assert (base.SESSION_IDLE_MINUTES_STAFF, base.SESSION_MAX_AGE_HOURS) == (30, 12)


def _profile(client):
    return client.get(reverse("accounts:profile"))


def test_staff_are_logged_out_after_thirty_idle_minutes(client, programme_manager):
    with freeze_time("2026-11-26 09:00") as clock:
        client.force_login(programme_manager)
        assert _profile(client).status_code == 200
        clock.tick(dt.timedelta(minutes=29))
        assert _profile(client).status_code == 200  # activity moves the idle clock
        clock.tick(dt.timedelta(minutes=29))
        assert _profile(client).status_code == 200
        clock.tick(dt.timedelta(minutes=31))
        response = _profile(client)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
        page = client.get(response["Location"]).content.decode()
        assert "omdat u een tijd niet actief was" in page


def test_field_parties_have_a_longer_idle_time_but_the_same_lifetime(client, field_party):
    with freeze_time("2026-11-26 09:00") as clock:
        client.force_login(field_party)
        assert _profile(client).status_code == 200
        clock.tick(dt.timedelta(minutes=45))
        assert _profile(client).status_code == 200
        # Active all day: still logged out after the absolute lifetime (12 hours).
        for _hour in range(11):
            clock.tick(dt.timedelta(minutes=60))
            assert _profile(client).status_code == 200
        clock.tick(dt.timedelta(minutes=30))
        assert _profile(client).status_code == 302
