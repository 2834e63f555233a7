from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from portal.accounts.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, OrganisationFactory, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/toegankelijkheid/",
    "/privacy/",
    "/contact/",
    "/afspraken/",
    "/wegiz-agenda/",
    "/consultaties/",
    "/account/inloggen/",
    "/account/wachtwoord-vergeten/",
    "/bestaat-niet/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violations(page: Page, live_server, path):
    page.goto(live_server.url + path)
    expect(page.locator("h1").first).to_be_visible()
    assert_accessible(page)


def test_keyboard_user_reaches_skip_link_first_and_lands_on_main(page: Page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".nl-skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_visitor_switches_to_english_and_back(page: Page, live_server):
    page.goto(live_server.url + "/contact/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/contact/")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Agreements")
    assert_accessible(page)
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_manager_logs_in_reads_activity_and_logs_out(page: Page, live_server):
    org = OrganisationFactory(name="Ministerie (test)", slug="ministerie-test")
    make_person(
        Role.PROGRAMME_MANAGER, organisation=org, email="pm@example.org", full_name="Pim Programma"
    )
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Inloggen").click()
    page.get_by_label("E-mailadres").fill("pm@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Pim Programma")).to_be_visible()
    page.get_by_role("link", name="Activiteit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activiteit")
    expect(page.locator("table")).to_contain_text("Ministerie (test)")
    assert_accessible(page)
    page.get_by_role("banner").get_by_role("link", name="Pim Programma").click()
    expect(page.locator("main")).to_contain_text("Programmamanager")
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()


def test_failed_login_shows_an_accessible_error_summary(page: Page, live_server):
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill("niemand@example.org")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("niet juist")
    assert_accessible(page)


def test_csp_blocks_nothing_of_ours(browser, live_server):
    """Without bypassing CSP, our own pages raise no CSP violations."""
    context = browser.new_context()
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_load_state("networkidle")
    context.close()
    blocked = [m for m in messages if re.search(r"Content Security Policy", m)]
    assert blocked == []
