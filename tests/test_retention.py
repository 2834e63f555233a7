"""Personal data is kept no longer than the privacy page says: the nightly task removes or
scrubs what has outlived its purpose and keeps what has not."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from portal.accounts import services
from portal.accounts.models import AccessRequest, Invitation, User
from portal.accounts.tasks import apply_retention
from portal.notifications.models import Notification
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def test_the_privacy_page_states_each_period_from_the_settings(client, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "login_records": 61}
    page = client.get(reverse("core:privacy")).content.decode()
    assert "61 dagen" in page
    assert "Wat we bewaren, waarom en hoe lang" in page


def test_old_login_records_go_and_recent_ones_stay():
    for days in (120, 10):
        attempt = AccessAttempt.objects.create(
            username=f"x{days}@example.org", ip_address="10.0.0.1", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=_days_ago(days))
    assert apply_retention()["login_records"] == 1
    assert AccessAttempt.objects.count() == 1


def test_unconfirmed_registrations_go_after_a_week_but_not_people_waiting_for_approval(
    organisation_a,
):
    stale = make_person(email="nooit@example.org", is_active=False)
    fresh = make_person(email="net@example.org", is_active=False)
    waiting = make_person(email="wacht@example.org", is_active=False)
    AccessRequest.objects.create(
        user=waiting, organisation_named="onbekend", source=AccessRequest.Source.LOGIN_SERVICE
    )
    User.objects.filter(pk__in=[stale.pk, waiting.pk]).update(date_joined=_days_ago(10))
    assert apply_retention()["unverified_registrations"] == 1
    assert set(User.objects.values_list("email", flat=True)) >= {fresh.email, waiting.email}
    assert not User.objects.filter(email="nooit@example.org").exists()
    assert not User.history.filter(email="nooit@example.org").exists()


def test_expired_invitations_and_old_notifications_go(admin, field_party):
    Invitation.objects.create(
        email="oud@example.org",
        role="field_party",
        token_hash="a" * 64,
        invited_by=admin,
        expires_at=_days_ago(40),
    )
    Invitation.objects.create(
        email="nieuw@example.org",
        role="field_party",
        token_hash="b" * 64,
        invited_by=admin,
        expires_at=_days_ago(5),
    )
    from django.contrib.contenttypes.models import ContentType

    # Read, not cached: a transactional test before this one may have renumbered them.
    user_type = ContentType.objects.filter(app_label="accounts", model="user").get().pk
    for days in (400, 3):
        n = Notification.objects.create(
            user=field_party,
            content_type_id=user_type,
            object_id=1,
            kind="x",
            label="x",
            url="/",
            verb="x",
            change_type="~",
            changed_model="x.x",
            created_at=_days_ago(days),
        )
        assert n.pk
    done = apply_retention()
    assert (done["expired_invitations"], done["notifications"]) == (1, 1)
    assert list(Invitation.objects.values_list("email", flat=True)) == ["nieuw@example.org"]


def test_a_closed_accounts_history_loses_its_name_and_address_after_thirty_days(field_party):
    services.account_close(actor=field_party)
    assert User.history.filter(email="veld@example.org").exists()
    assert apply_retention()["closed_account_history"] == 0  # not yet
    User.objects.filter(pk=field_party.pk).update(closed_at=_days_ago(31))
    assert apply_retention()["closed_account_history"] > 0
    assert not User.history.filter(email="veld@example.org").exists()
    assert User.history.filter(id=field_party.pk).count() > 1  # who did what stays
    assert apply_retention()["closed_account_history"] == 0  # twice is harmless


def test_the_task_runs_nightly_from_the_beat_schedule():
    import importlib

    defaults = importlib.import_module("portal.core.migrations.0002_default_beat_schedule")
    entry = {row[0]: row for row in defaults.DEFAULTS}["accounts-apply-retention"]
    assert entry[1] == apply_retention.name
