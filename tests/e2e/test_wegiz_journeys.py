from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_follows_the_timeline_to_an_exchange(page: Page, live_server, demo):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + "/wegiz-agenda/")
    assert_accessible(page)
    page.get_by_role("link", name="Fasevolger").click()
    chart = page.locator(".portal-chart")
    expect(chart).to_have_class(re.compile(r"portal-chart--drawn"))
    expect(chart.locator("svg.main-svg").first).to_be_visible()
    assert chart.locator("g.trace.bars").count() >= 4  # one trace per phase, planned apart
    assert errors == []
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name="12. Acute zorg").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("12. Acute zorg")
    expect(page.locator("main")).to_contain_text("Volwassenheidsscan")
    assert_accessible(page)


def test_visitor_reads_what_changed_in_an_agenda_update(page: Page, live_server, demo):
    page.goto(live_server.url + "/wegiz-agenda/actualisaties/")
    page.get_by_role("link", name="Actualisatie Meerjarenagenda 2026").click()
    expect(page.get_by_role("heading", name="Van de agenda gehaald (3)")).to_be_visible()
    expect(page.locator("main")).to_contain_text("+36")
    assert_accessible(page)


def test_field_party_proposes_an_exchange_in_an_open_round(page: Page, live_server, demo):
    login(page, live_server, "programmamanager@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/wegiz-agenda/intake/rondes/nieuw/")
    page.get_by_label("Titel").fill("Intake 2027")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Open Intake 2027").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("open")
    page.get_by_role("button", name="Uitloggen").click()

    login(page, live_server, "leverancier@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/wegiz-agenda/intake/")
    assert_accessible(page)
    page.get_by_role("link", name="Stel een uitwisseling voor").click()
    assert_accessible(page)
    page.get_by_label("Voorgestelde uitwisseling").fill("Uitwisseling van wondfoto's")
    page.get_by_label("Zorgproces").fill("Overdracht van wondzorg.")
    page.get_by_label("Betrokken partijen").fill("Wijkverpleging en ziekenhuizen.")
    page.get_by_label("Waarom het ertoe doet").fill("Foto's gaan nu niet mee.")
    page.get_by_label("Kwaliteitsstandaard waarop het steunt").fill("Richtlijn Wondzorg")
    page.get_by_label("Draagvlak in het veld").fill("Breed.")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.locator("main")).to_contain_text("Concept")
    page.get_by_role("link", name="Wijzig uw voorstel").click()
    page.get_by_role("button", name="Voorstel indienen").click()
    expect(page.locator("main")).to_contain_text("Ingediend")
    assert_accessible(page)
