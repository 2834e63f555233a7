from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_an_agreement_and_its_history(page: Page, live_server, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Afspraken").click()
    assert_accessible(page)
    page.get_by_label("Zoeken", exact=True).fill("inloggen zorgverleners")
    page.get_by_role("button", name="Filteren").click()
    page.get_by_role("link", name="LAS-TECH-002").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dezi")
    expect(page.locator("main")).to_contain_text("NEN 7518")
    assert_accessible(page)
    page.get_by_role("link", name="Versies vergelijken").click()
    expect(page.locator("ins").first).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_label("Toon de tekst die van kracht was op").fill("2025-12-01")
    page.get_by_role("button", name="Tonen", exact=True).click()
    expect(page.get_by_role("heading", name="Tekst (versie 1)")).to_be_visible()


def test_visitor_reads_releases_compliance_and_a_temporary_agreement(page: Page, live_server, demo):
    page.goto(live_server.url + "/afspraken/releases/")
    assert_accessible(page)
    page.get_by_role("link", name="2026.1").click()
    expect(page.get_by_role("heading", name="Gewijzigde afspraken (3)")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/afspraken/releases/vergelijk/?a=2025.1&b=2026.1")
    expect(page.locator("main")).to_contain_text("LAS-TECH-013")
    assert_accessible(page)
    page.goto(live_server.url + "/afspraken/naleving/")
    expect(page.locator("table")).to_contain_text("Zorgsoft Demo")
    assert_accessible(page)
    page.goto(live_server.url + "/afspraken/LAS-TECH-013/")
    expect(page.locator(".portal-temporary")).to_contain_text("herijking")
    assert_accessible(page)


def test_manager_moves_a_release_through_review_to_publication(page: Page, live_server, demo):
    # The demo has release 2026.2 in review; the board approves, the manager publishes.
    login(page, live_server, "architectuur@demo.gis-portaal.example.org")
    expect(page.locator(".portal-todo")).to_contain_text("2026.2")
    page.get_by_role("link", name="Toets release 2026.2").click()
    assert_accessible(page)
    for legend in ("Consistentie", "Samenhang", "Rechtmatigheid"):
        page.get_by_role("group", name=legend).get_by_label("Voldoende", exact=True).check()
    page.get_by_label("Toelichting op de consistentie").fill("Geen tegenstrijdigheden.")
    page.get_by_label("Toelichting op de samenhang").fill("Sluit aan op de generieke functies.")
    page.get_by_label("Toelichting op de rechtmatigheid").fill("Geen strijd met de wet.")
    page.get_by_role("group", name="Uitkomst").get_by_label("Goedgekeurd", exact=True).check()
    page.get_by_role("button", name="Toetsing vastleggen").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("goedgekeurd")
    page.get_by_role("button", name="Uitloggen").click()

    login(page, live_server, "programmamanager@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/afspraken/releases/2026.2/")
    assert_accessible(page)
    page.get_by_role("link", name="Vaststellen en publiceren").click()
    assert_accessible(page)  # the confirmation, with the day it comes into force
    page.get_by_label("Ik heb de release gecontroleerd").check()
    page.get_by_role("button", name="Vaststellen en publiceren").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("gepubliceerd")
    page.goto(live_server.url + "/afspraken/LAS-TECH-012/")
    expect(page.locator("main")).to_contain_text("Ingetrokken")


def test_manager_creates_an_agreement_with_the_keyboard_and_sees_errors(
    page: Page, live_server, demo
):
    login(page, live_server, "programmamanager@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/afspraken/nieuw/")
    assert_accessible(page)
    page.get_by_label("Code").fill("LAS-TECH-099")
    page.get_by_label("Titel").fill("Proefafspraak")
    page.get_by_label("Tussentijdse afspraak").check()
    page.get_by_label("Tekst van de eerste versie (Markdown)").fill("Een **proef**.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("datum van herijking")
    assert_accessible(page)
    page.get_by_label("Geldig tot en met").fill("2027-12-31")
    page.get_by_label("Datum van herijking").fill("2027-06-30")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("LAS-TECH-099")
    expect(page.locator("main")).to_contain_text("Conceptversie")
