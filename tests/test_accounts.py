from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from portal.accounts.models import User
from portal.accounts.roles import Role
from tests.factories import (
    PASSWORD,
    FundingApplicationFactory,
    FundingSchemeFactory,
    InitiativeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _login(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_login_with_email_address_case_insensitive_and_logout(client):
    user = UserFactory(email="iemand@example.org")
    response = _login(client, "IEMAND@Example.org")
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).context["user"] == user
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_shows_a_clear_dutch_error(client):
    UserFactory(email="iemand@example.org")
    response = _login(client, "iemand@example.org", "verkeerd")
    assert response.status_code == 200
    assert "e-mailadres of wachtwoord is niet juist" in response.content.decode()


def test_session_id_rotates_at_login(client):
    UserFactory(email="iemand@example.org")
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    _login(client, "iemand@example.org")
    assert client.session.session_key != before


def test_repeated_failures_lock_the_account_out(client, settings):
    UserFactory(email="doelwit@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "doelwit@example.org", "fout")
    # Even the right password is refused while locked out.
    response = _login(client, "doelwit@example.org")
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_for_everyone(client, settings):
    UserFactory(email="doelwit@example.org")
    UserFactory(email="ander@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "doelwit@example.org", "fout")
    assert _login(client, "ander@example.org").status_code == 302


def test_password_reset_by_mail(client):
    user = UserFactory(email="vergeten@example.org")
    response = client.post(reverse("accounts:password-reset"), {"email": "vergeten@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/account/wachtwoord-herstellen/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new = "een-heel-nieuw-Wachtwoord-7"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_shows_roles_organisations_and_regions(client, coordinator_x):
    client.force_login(coordinator_x)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Regionaal coördinator" in html
    assert "Zorgsoft A (fictief)" in html
    assert "Groningen" in html


def test_administrator_manages_users_in_the_admin(client, admin, organisation_a):
    client.force_login(admin)
    assert client.get("/beheer/accounts/user/").status_code == 200
    pm_group = Group.objects.get(name=Role.PROGRAMME_MANAGER.value)
    response = client.post(
        "/beheer/accounts/user/add/",
        {
            "email": "nieuw@example.org",
            "full_name": "Nieuwe Collega",
            "password1": "een-Sterk-wachtwoord-99",
            "password2": "een-Sterk-wachtwoord-99",
            "usable_password": "true",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="nieuw@example.org")
    response = client.post(
        f"/beheer/accounts/user/{user.pk}/change/",
        {
            "email": user.email,
            "full_name": user.full_name,
            "groups": [pm_group.pk],
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-organisation": organisation_a.pk,
            "memberships-0-job_title": "Adviseur",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.has_role(Role.PROGRAMME_MANAGER)
    assert list(user.organisations.all()) == [organisation_a]


def test_administrator_cannot_make_someone_superuser(client, admin):
    target = UserFactory()
    client.force_login(admin)
    client.post(
        f"/beheer/accounts/user/{target.pk}/change/",
        {
            "email": target.email,
            "full_name": target.full_name,
            "is_superuser": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    target.refresh_from_db()
    assert not target.is_superuser


@pytest.mark.parametrize("persona", ["field_party", "programme_manager", "cds_reviewer"])
def test_non_administrators_cannot_enter_the_admin(persona_client, persona):
    response = persona_client(persona).get("/beheer/accounts/user/")
    assert response.status_code == 302
    assert "/beheer/login/" in response["Location"]


def test_a_logged_out_session_cannot_be_replayed(client, region_x, coordinator_x):
    """A copied session cookie is worth nothing after logging out: private pages and
    private attachments send it to the login page."""
    from django.core.files.base import ContentFile

    from roadmap.models import Attachment

    initiative = InitiativeFactory(region=region_x, slug="replay", title="R", purpose="x")
    scheme = FundingSchemeFactory(name="Regeling", slug="regeling")
    application = FundingApplicationFactory(
        initiative=initiative, scheme=scheme, title="Aanvraag", amount_requested=1000
    )
    attachment = Attachment(
        application=application, original_name="a.pdf", content_type="application/pdf", size=5
    )
    attachment.file.save("a", ContentFile(b"%PDF-"), save=True)
    client.force_login(coordinator_x)
    old = client.cookies["sessionid"].value
    private = [
        reverse("notifications:inbox"),
        reverse("regions:attachment", args=[attachment.pk]),
    ]
    for url in private:
        assert client.get(url).status_code == 200, url
    assert client.post(reverse("accounts:logout")).status_code == 302
    client.cookies["sessionid"] = old  # the stolen or kept cookie
    for url in private:
        response = client.get(url)
        assert response.status_code == 302 and "/account/inloggen/" in response["Location"], url
