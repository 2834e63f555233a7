"""A programme manager adds a security key (a virtual WebAuthn authenticator in Chromium)
and confirms the next login with it instead of the app's code."""

from __future__ import annotations

import base64
import re

from django_otp.oath import totp
from playwright.sync_api import Page, expect

from portal.accounts.roles import Role
from tests.factories import PASSWORD, OrganisationFactory, make_person


def _password_login(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_a_security_key_confirms_the_login(page: Page, live_server, settings):
    from django_otp_webauthn.models import WebAuthnCredential

    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    org = OrganisationFactory(name="Ministerie (test)", slug="ministerie-test")
    user = make_person(Role.PROGRAMME_MANAGER, organisation=org, email="pm@example.org")
    _password_login(page, live_server, "pm@example.org")
    key = base64.b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.get_by_role("textbox", name="Code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("link", name="Ik heb ze bewaard: verder").click()
    page.goto(live_server.url + "/account/")
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Beveiligingssleutel of passkey toevoegen").click()
    expect(page.locator("#passkey-register-status-message")).not_to_be_empty()
    for _ in range(50):
        if WebAuthnCredential.objects.filter(user=user, confirmed=True).exists():
            break
        page.wait_for_timeout(100)
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    page.get_by_role("button", name="Uitloggen").click()
    _password_login(page, live_server, "pm@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig uw inlog")
    # The button works once its (deferred) script has loaded: wait for the page's load,
    # and on a busy machine give the ceremony time.
    page.wait_for_load_state("load")
    use_key = page.get_by_role("button", name="Mijn beveiligingssleutel of passkey gebruiken")
    use_key.click()
    try:
        expect(page).not_to_have_url(re.compile("tweede-factor"), timeout=15000)
    except AssertionError:
        use_key.click()  # as a person would when nothing seemed to happen
        expect(page).not_to_have_url(re.compile("tweede-factor"), timeout=15000)
    page.goto(live_server.url + "/consultaties/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe consultatie")
