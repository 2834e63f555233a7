"""Logging in through an organisation's login service (OpenID Connect), against a real
OpenID Provider on loopback (tests/oidc_provider.py). The browser journey is in
tests/e2e/test_oidc_login.py; here the refusals, driven with the test client."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import reverse
from freezegun import freeze_time

from portal.accounts.models import AccessRequest, User
from portal.accounts.roles import Role
from tests.factories import OrganisationFactory, make_person
from tests.oidc_provider import authorize, running_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider():
    yield from running_provider(["http://testserver"])


@pytest.fixture(autouse=True)
def _oidc_on(settings, provider):
    provider.configure(settings)


@pytest.fixture
def vws(db):
    return OrganisationFactory(slug="vws", name="Ministerie van VWS", kind="government")


def _callback(client, login: str) -> str:
    start = client.get(reverse("accounts:oidc-start"))
    assert start.status_code == 302
    query = dict(parse_qsl(urlsplit(start["Location"]).query))
    assert query["code_challenge_method"] == "S256" and query["nonce"] and query["state"]
    callback = authorize(start["Location"], login)
    parts = urlsplit(callback)
    return f"{parts.path}?{parts.query}"


def _without(url: str, name: str) -> str:
    path, _sep, query = url.partition("?")
    return f"{path}?{urlencode([(k, v) for k, v in parse_qsl(query) if k != name])}"


def test_the_login_page_offers_the_organisations_login_service(client, settings):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:oidc-start") in page
    settings.OIDC_RP_CLIENT_ID = ""
    assert (
        reverse("accounts:oidc-start") not in client.get(reverse("accounts:login")).content.decode()
    )
    assert client.get(reverse("accounts:oidc-start")).status_code == 404


def test_a_known_organisation_and_role_claim_give_membership_and_role(client, vws):
    response = client.get(_callback(client, "pim"))
    assert response.status_code == 302
    user = User.objects.get(email="pim.programma@vws.example")
    assert user.is_active and not user.has_usable_password()
    assert user.has_role(Role.PROGRAMME_MANAGER)
    assert list(user.memberships.values_list("organisation__slug", flat=True)) == ["vws"]
    assert client.get(reverse("consultations:create")).status_code == 200
    assert user.history.filter(
        history_change_reason="accounts.user.created_by_login_service"
    ).exists()
    # A second login finds the same account by its identifier at the service.
    client.logout()
    client.get(_callback(client, "pim"))
    assert User.objects.filter(email="pim.programma@vws.example").count() == 1


def test_roles_follow_the_claim_and_administrator_is_never_claimed(client, vws):
    user = make_person(Role.FIELD_PARTY, email="pim.programma@vws.example")
    client.get(_callback(client, "pim"))
    user.refresh_from_db()
    user._role_names = None
    assert user.has_role(Role.PROGRAMME_MANAGER) and not user.has_role(Role.FIELD_PARTY)
    assert user.oidc_subject == "pim"


def test_an_unknown_organisation_waits_for_an_administrators_approval(client, admin):
    response = client.get(_callback(client, "zora"))
    assert response.status_code == 403
    assert "wacht op goedkeuring" in response.content.decode()
    user = User.objects.get(email="zora@zorggroep-onbekend.example")
    assert not user.is_active and not user.groups.exists()
    assert client.get(reverse("accounts:profile")).status_code == 302  # not logged in
    request = AccessRequest.objects.get(user=user)
    assert (request.organisation_named, request.roles, request.status) == (
        "zorggroep-onbekend",
        "field_party",
        "pending",
    )
    # The administrator sees it on their to-do and approves it in the admin.
    client.force_login(admin)
    home = client.get(reverse("core:home")).content.decode()
    change = reverse("admin:accounts_accessrequest_change", args=[request.pk])
    assert change in home
    org = OrganisationFactory(slug="zorggroep", name="Zorggroep Onbekend")
    client.post(change, {"organisation": org.pk})
    client.post(
        reverse("admin:accounts_accessrequest_changelist"),
        {"action": "approve", "_selected_action": [request.pk]},
    )
    user.refresh_from_db()
    assert user.is_active and user.has_role(Role.FIELD_PARTY)
    assert user.memberships.get().organisation == org
    assert AccessRequest.objects.get().status == "approved"


def test_an_access_request_is_decided_only_by_an_administrator(client, programme_manager):
    from django.core.exceptions import PermissionDenied

    from portal.accounts import services

    client.get(_callback(client, "zora"))
    request = AccessRequest.objects.get()
    with pytest.raises(PermissionDenied):
        services.access_request_decide(
            actor=programme_manager, access_request=request, approve=True
        )
    client.force_login(programme_manager)
    assert client.get(reverse("admin:accounts_accessrequest_changelist")).status_code == 302


def test_a_local_administrator_account_is_not_taken_over_through_a_claimed_address(client, vws):
    local = make_person(Role.ADMINISTRATOR, email="beheer@portaal.example", is_staff=True)
    response = client.get(_callback(client, "beheer"))
    assert response.status_code == 400
    assert "wachtwoord en tweede factor" in response.content.decode()
    local.refresh_from_db()
    assert local.oidc_subject == ""
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_forged_state_is_refused_with_a_clear_message(client, vws):
    callback = _callback(client, "pim")
    query = dict(parse_qsl(callback.partition("?")[2]))
    forged = callback.replace(query["state"], "vervalst" + query["state"][8:])
    response = client.get(forged)
    assert response.status_code == 400
    assert "hoort niet bij een inlogpoging" in response.content.decode()
    assert not User.objects.filter(email="pim.programma@vws.example").exists()
    # The same answer cannot be used twice either.
    client.get(callback)
    client.logout()
    assert client.get(callback).status_code == 400


def test_an_answer_from_another_issuer_is_refused(client, settings, provider, vws):
    import requests

    discovery = requests.get(
        provider.issuer + "/.well-known/openid-configuration", timeout=5
    ).json()
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
    settings.OIDC_OP_ISSUER = "https://inloggen.elders.example"
    # The authorisation response names its issuer (RFC 9207) ...
    response = client.get(_callback(client, "pim"))
    assert response.status_code == 400
    assert "niet van de inlogdienst" in response.content.decode()
    # ... and without that, the ID token's issuer is checked.
    response = client.get(_without(_callback(client, "pim"), "iss"))
    assert response.status_code == 400
    assert "niet van de inlogdienst" in response.content.decode()
    assert not User.objects.filter(email="pim.programma@vws.example").exists()


def test_an_expired_id_token_is_refused(client, vws):
    callback = _callback(client, "pim")
    # The provider's ID tokens live ten minutes; the answer arrives an hour later.
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)):
        response = client.get(callback)
    assert response.status_code == 400
    assert "verlopen" in response.content.decode()
    assert not User.objects.filter(email="pim.programma@vws.example").exists()


def test_a_login_service_without_an_email_address_is_refused(client):
    response = client.get(_callback(client, "anoniem"))
    assert response.status_code == 400
    assert "e-mailadres" in response.content.decode()


def test_a_cancelled_login_says_so(client):
    start = client.get(reverse("accounts:oidc-start"))
    state = dict(parse_qsl(urlsplit(start["Location"]).query))["state"]
    response = client.get(reverse("accounts:oidc-callback") + f"?error=access_denied&state={state}")
    assert response.status_code == 400
    assert "geannuleerd" in response.content.decode()


def test_the_login_service_being_down_is_explained(client, settings):
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:9"  # nothing listens
    response = client.get(reverse("accounts:oidc-start"))
    assert response.status_code == 502
    assert "niet bereikbaar" in response.content.decode()
