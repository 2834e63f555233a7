"""A second factor for local staff accounts: set up with an authenticator app after the
first password login, asked after every later one, recovery codes for a lost phone; not
asked of field parties nor of people who came through their organisation's login service.
The codes here are computed from the secret the page shows, as the app would."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP, totp

from portal.accounts.models import User
from portal.accounts.roles import Role
from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _log_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}, follow=True
    )
    return response


def _secret(page: str) -> bytes:
    shown = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    return base64.b32decode(shown.replace(" ", ""))


def _code(key: bytes, steps_ahead: int = 0) -> str:
    return f"{totp(key, drift=steps_ahead):06d}"


def _later(user) -> None:
    """A minute passes: the delay after a wrong code (doubling with each) is over."""
    import datetime as dt

    from django.utils import timezone
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    past = timezone.now() - dt.timedelta(minutes=1)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user, throttling_failure_count__gt=0).update(
            throttling_failure_timestamp=past
        )


def _set_up(client, user) -> tuple[bytes, list[str]]:
    page = _log_in(client, user)
    assert page.redirect_chain[-1][0].startswith(reverse("accounts:second-factor-setup"))
    key = _secret(page.content.decode())
    done = client.post(reverse("accounts:second-factor-setup"), {"code": _code(key)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    return key, codes


def test_a_manager_sets_up_an_app_at_the_first_login_and_gets_recovery_codes(
    client, programme_manager
):
    page = _log_in(client, programme_manager)
    assert "Stel uw tweede factor in" in page.content.decode()
    assert "<svg" in page.content.decode()  # the code to scan
    # Until then nothing else opens, pages nor API.
    assert client.get(reverse("consultations:create")).status_code == 302
    api = client.get("/api/v1/agreements")
    assert api.status_code == 403 and api["Content-Type"] == "application/problem+json"
    key = _secret(page.content.decode())
    wrong = client.post(reverse("accounts:second-factor-setup"), {"code": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    _later(programme_manager)
    done = client.post(reverse("accounts:second-factor-setup"), {"code": _code(key)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("consultations:create")).status_code == 200
    reasons = list(programme_manager.history.values_list("history_change_reason", flat=True))
    assert "accounts.user.second_factor_set_up" in reasons


def test_every_later_login_asks_the_code_and_a_recovery_code_works_once(client, programme_manager):
    key, codes = _set_up(client, programme_manager)
    client.post(reverse("accounts:logout"))
    page = _log_in(client, programme_manager)
    assert page.redirect_chain[-1][0].startswith(reverse("accounts:second-factor"))
    assert client.get(reverse("consultations:create")).status_code == 302
    wrong = client.post(reverse("accounts:second-factor"), {"code": "123456"})
    assert "Deze code klopt niet" in wrong.content.decode()
    _later(programme_manager)
    used = client.post(reverse("accounts:second-factor"), {"code": codes[0]}, follow=True)
    assert "herstelcode" in used.content.decode()
    assert client.get(reverse("consultations:create")).status_code == 200
    client.post(reverse("accounts:logout"))
    _log_in(client, programme_manager)
    again = client.post(reverse("accounts:second-factor"), {"code": codes[0]})
    assert "Deze code klopt niet" in again.content.decode()  # used up
    _later(programme_manager)
    # The app's code (the next one: the set-up used the current step) opens the portal.
    ok = client.post(reverse("accounts:second-factor"), {"code": _code(key, steps_ahead=1)})
    assert ok.status_code == 302
    assert client.get(reverse("consultations:create")).status_code == 200


def test_wrong_codes_in_a_row_are_throttled(client, programme_manager):
    key, _codes = _set_up(client, programme_manager)
    client.post(reverse("accounts:logout"))
    _log_in(client, programme_manager)
    for _ in range(3):
        client.post(reverse("accounts:second-factor"), {"code": "000000"})
    page = client.post(reverse("accounts:second-factor"), {"code": _code(key, steps_ahead=1)})
    assert "Te veel verkeerde codes" in page.content.decode()
    assert client.get(reverse("consultations:create")).status_code == 302


def test_administrators_need_it_for_the_admin_too(client, admin):
    _log_in(client, admin)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second-factor-setup"))


def test_field_parties_are_not_asked(client, field_party):
    page = _log_in(client, field_party)
    assert reverse("accounts:second-factor") not in page.redirect_chain[-1][0]
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_login_through_the_organisations_login_service_is_not_asked_again(client):
    user = make_person(Role.PROGRAMME_MANAGER, email="pim@vws.example")
    client.force_login(user, backend="portal.accounts.oidc.PortalOIDCBackend")
    assert client.get(reverse("consultations:create")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, programme_manager):
    _key, codes = _set_up(client, programme_manager)
    page = client.post(reverse("accounts:second-factor-recovery-codes"))
    fresh = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page.content.decode())
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "10 herstelcodes" in profile
    assert (
        User.objects.get(pk=programme_manager.pk)
        .history.filter(history_change_reason="accounts.user.recovery_codes_renewed")
        .exists()
    )


def test_renewing_recovery_codes_needs_the_second_factor_first(client, programme_manager):
    _set_up(client, programme_manager)
    client.post(reverse("accounts:logout"))
    _log_in(client, programme_manager)
    response = client.post(reverse("accounts:second-factor-recovery-codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second-factor"))


def test_the_time_step_is_thirty_seconds(client, programme_manager):
    """The app and the portal agree: a code of two steps ago is refused."""
    key, _codes = _set_up(client, programme_manager)
    client.post(reverse("accounts:logout"))
    _log_in(client, programme_manager)
    clock = TOTP(key)
    clock.time = time.time() - 90
    old = f"{clock.token():06d}"
    page = client.post(reverse("accounts:second-factor"), {"code": old})
    assert "Deze code klopt niet" in page.content.decode()


def test_an_administrator_resets_a_lost_second_factor_but_not_a_superusers(
    client, settings, programme_manager
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _set_up(client, programme_manager)
    settings.TWO_FACTOR_REQUIRED = False  # the administrator's own login is not the point
    root = User.objects.create_superuser("root@example.org", PASSWORD, full_name="Root")
    TOTPDevice.objects.create(user=root, name="app", confirmed=True)
    client.post(reverse("accounts:logout"))
    administrator = make_person(Role.ADMINISTRATOR, email="beheer@example.org", is_staff=True)
    client.force_login(administrator)
    assert client.get("/beheer/otp_totp/totpdevice/").status_code == 404  # secrets stay hidden
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [programme_manager.pk, root.pk]},
    )
    assert not TOTPDevice.objects.filter(user=programme_manager).exists()
    assert TOTPDevice.objects.filter(user=root).exists()
    assert programme_manager.history.filter(
        history_change_reason="admin.user.second_factor_reset"
    ).exists()
