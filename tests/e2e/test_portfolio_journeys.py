from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_the_portfolio_and_pilots(page: Page, live_server, demo):
    page.goto(live_server.url + "/portfolio/")
    assert_accessible(page)
    page.get_by_role("link", name="Tranche 1: basisgegevens en beelden").click()
    expect(page.locator("main")).to_contain_text("Beeldbeschikbaarheid over het netwerk")
    assert_accessible(page)
    page.goto(live_server.url + "/portfolio/tijdlijn/")
    expect(page.locator(".portal-chart")).to_have_class(re.compile("portal-chart--drawn"))
    expect(page.locator("main")).to_contain_text("wacht op")
    assert_accessible(page)
    page.goto(live_server.url + "/pilots/")
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen met Dezi bij de ambulancezorg").first.click()
    expect(page.locator("main")).to_contain_text("Witte Kruis")
    assert_accessible(page)
    for path in ("/portfolio/mijlpalen/", "/portfolio/besluiten/", "/portfolio/aanbevelingen/"):
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_manager_prepares_the_meeting_and_downloads_the_pdf(page: Page, live_server, demo):
    login(page, live_server, "programmamanager@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/portfolio/")
    page.get_by_role("link", name="Portfolio-overleg").click()
    page.get_by_role("textbox", name="Datum van het overleg").fill("2026-10-06")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("main")).to_contain_text("Wet DIAZ later in werking")
    expect(page.locator("main")).to_contain_text("Tranche 2 start op 1 januari 2027")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Downloaden als PDF").click()
    download = download_info.value
    assert download.suggested_filename == "portfolio-overleg-2026-10-06.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.get_by_role("link", name="Besluit van dit overleg vastleggen").click()
    page.get_by_label("Titel").fill("Extra beproeving adressering")
    page.get_by_label("Besluit", exact=True).fill("Een tweede beproeving in het noorden.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("portfolio-overleg")
    page.goto(live_server.url + "/portfolio/besluiten/")
    expect(page.locator("main")).to_contain_text("Extra beproeving adressering")
    page.goto(live_server.url + "/portfolio/risicos/")
    assert_accessible(page)
