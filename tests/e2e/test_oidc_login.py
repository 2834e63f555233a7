"""A person logs in through their organisation's login service in a browser: a real
OpenID Provider (npm `oidc-provider`) on loopback, its development login and consent
pages, back in the portal with the right role, and out again at the provider too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.accounts.models import User
from portal.accounts.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.factories import OrganisationFactory
from tests.oidc_provider import running_provider


@pytest.fixture(scope="module")
def provider(live_server):
    yield from running_provider([live_server.url])


def _log_in_at_provider(page: Page, login: str) -> None:
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("een wachtwoord")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def test_staff_log_in_through_their_organisation_and_out_at_the_provider_too(
    page: Page, live_server, provider, settings
):
    provider.configure(settings)
    OrganisationFactory(slug="vws", name="Ministerie van VWS", kind="government")
    page.goto(live_server.url + "/account/inloggen/")
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen via uw organisatie").click()
    assert page.url.startswith(provider.issuer)
    _log_in_at_provider(page, "pim")
    # Back in the portal, logged in, as a programme manager of the ministry.
    banner = page.get_by_role("banner")
    expect(banner.get_by_role("link", name="Pim Programma")).to_be_visible()
    user = User.objects.get(email="pim.programma@vws.example")
    assert user.has_role(Role.PROGRAMME_MANAGER)
    page.goto(live_server.url + "/consultaties/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe consultatie")
    page.goto(live_server.url + "/account/")
    expect(page.locator("main")).to_contain_text("Programmamanager")
    expect(page.locator("main")).to_contain_text("Ministerie van VWS")
    # Logging out ends the session at the provider as well (RP-initiated logout).
    page.get_by_role("button", name="Uitloggen").click()
    assert page.url.startswith(provider.issuer)
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    assert page.url.rstrip("/") == live_server.url
    # Logging in again asks for the login at the provider again: its session is gone.
    page.goto(live_server.url + "/account/inloggen/organisatie/")
    expect(page.locator('input[name="login"]')).to_be_visible()
