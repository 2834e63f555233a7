"""A programme manager sets up their second factor in the browser: the code is computed
from the key the page shows, as an authenticator app would; the next login asks for it."""

from __future__ import annotations

import base64

from django_otp.oath import totp
from playwright.sync_api import Page, expect

from portal.accounts.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, OrganisationFactory, make_person


def _password_login(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_a_manager_sets_up_an_app_and_confirms_the_next_login_with_it(
    page: Page, live_server, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    org = OrganisationFactory(name="Ministerie (test)", slug="ministerie-test")
    make_person(Role.PROGRAMME_MANAGER, organisation=org, email="pm@example.org")
    _password_login(page, live_server, "pm@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stel uw tweede factor in")
    expect(
        page.get_by_role("img", name="QR-code om te scannen met de authenticator-app")
    ).to_be_visible()
    assert_accessible(page)
    key = base64.b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.get_by_role("textbox", name="Code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    expect(page.get_by_role("list", name="Herstelcodes").get_by_role("listitem")).to_have_count(10)
    page.get_by_role("link", name="Ik heb ze bewaard: verder").click()
    page.goto(live_server.url + "/consultaties/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe consultatie")
    page.get_by_role("button", name="Uitloggen").click()
    # The next login asks for the app's code before anything else.
    _password_login(page, live_server, "pm@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig uw inlog")
    assert_accessible(page)
    page.get_by_role("textbox", name="Code").fill("000000")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.locator("main")).to_contain_text("Deze code klopt niet")
    page.wait_for_timeout(1100)  # the delay after one wrong code
    page.get_by_role("textbox", name="Code").fill(f"{totp(key, drift=1):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    page.goto(live_server.url + "/consultaties/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe consultatie")
