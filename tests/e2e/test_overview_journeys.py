from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_dashboards_searches_and_finds_open_data(page: Page, live_server, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboards").click()
    assert_accessible(page)
    page.get_by_role("link", name="Uitkomsten van pilots naast elkaar", exact=True).click()
    # Plotly on a busy two-core machine can take longer than the default 5 s.
    expect(page.locator(".portal-chart").first).to_have_class(
        re.compile("portal-chart--drawn"), timeout=20_000
    )
    expect(page.get_by_role("table", name="Uitkomsten van pilots naast elkaar")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download de gegevens van “Uitkomsten")).click()
    assert download.value.suggested_filename == "pilot-scores.csv"
    page.get_by_role("navigation", name="U bent hier").get_by_role(
        "link", name="Dashboards"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboards")

    search = page.get_by_role("search", name="Snel zoeken")
    search.get_by_role("searchbox").fill("inloggen zorgverleners")
    search.get_by_role("button", name="Zoeken").click()
    expect(page.locator("main")).to_contain_text("Inloggen van zorgverleners met Dezi")
    expect(page.locator("main mark").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Filter op soort").get_by_role(
        "link", name=re.compile("Afspraken")
    ).click()
    expect(page.locator("main")).to_contain_text("LAS-TECH-002")
    page.get_by_role("link", name=re.compile("Inloggen van zorgverleners met Dezi")).first.click()
    page.get_by_role("link", name="Wat hiervan afhangt (impact)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Impact van LAS-TECH-002")
    assert_accessible(page)

    page.goto(live_server.url + "/open-data/")
    expect(page.get_by_role("table", name="Datasets van het portaal")).to_contain_text("CC0")
    assert_accessible(page)


def test_field_party_follows_an_agreement_and_reads_the_notification(page: Page, live_server, demo):
    login(page, live_server, "leverancier@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/afspraken/LAS-TECH-001/")
    page.get_by_role("button", name="Volgen").click()
    expect(page.get_by_role("button", name="Niet meer volgen")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    login(page, live_server, "programmamanager@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/afspraken/LAS-TECH-001/bewerken/")
    page.get_by_label("Titel").fill("Identificatie van zorgverleners en hun organisatie")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".utrecht-alert--ok")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    login(page, live_server, "leverancier@demo.gis-portaal.example.org")
    page.get_by_role("link", name=re.compile("^Meldingen")).click()
    expect(page.locator("main")).to_contain_text("en hun organisatie")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("LAS-TECH-001")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("en hun organisatie")
    page.goto(live_server.url + "/meldingen/instellingen/")
    page.get_by_label("Een wekelijks overzicht (op maandag)").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("opgeslagen")
    assert_accessible(page)


def test_the_dashboards_overview_is_usable_within_a_second(page: Page, live_server, demo):
    """Issue 17: the overview draws no chart, so it is interactive at once; each chart's
    page keeps its figure, table and CSV."""
    page.goto(live_server.url + "/dashboards/")
    page.goto(live_server.url + "/dashboards/")  # warm: the first request builds caches
    interactive = page.evaluate("performance.getEntriesByType('navigation')[0].domInteractive")
    assert interactive < 1000, f"interactive after {interactive:.0f} ms"
    assert page.locator("main .portal-card").count() >= 10
    assert page.locator("script[src*=plotly]").count() == 0
