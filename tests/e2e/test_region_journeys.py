from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from roadmap.models import Initiative, ProgressReport
from tests.e2e.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_saves_and_submits_a_report_and_cannot_open_another_region(
    page: Page, live_server, demo
):
    login(page, live_server, "coordinator.noord@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/regios/mijn/")
    assert_accessible(page)
    report = (
        ProgressReport.objects.filter(initiative__region__slug="groningen", status="draft")
        .order_by("due_date")
        .first()
    )
    page.goto(live_server.url + f"/regios/rapportages/{report.pk}/")
    assert_accessible(page)
    page.get_by_label("Voortgang in deze periode").fill("Twee ziekenhuizen aangesloten.")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("concept is opgeslagen")
    expect(page.get_by_label("Voortgang in deze periode")).to_have_value(
        "Twee ziekenhuizen aangesloten."
    )
    page.get_by_label("Volgende stappen").fill("De huisartsen volgen.")
    page.get_by_role("button", name="Rapportage indienen").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("ingediend")
    expect(page.get_by_role("button", name="Rapportage indienen")).to_have_count(0)
    other = ProgressReport.objects.filter(initiative__region__slug="limburg").first()
    response = page.goto(live_server.url + f"/regios/rapportages/{other.pk}/")
    assert response.status == 404
    limburg = Initiative.objects.filter(region__slug="limburg").first()
    response = page.goto(live_server.url + f"/regios/initiatieven/{limburg.slug}/bewerken/")
    assert response.status == 404


def test_cds_reviewer_records_an_alignment_review(page: Page, live_server, demo):
    login(page, live_server, "cds@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/regios/cds/")
    expect(page.locator(".portal-chart")).to_have_class(re.compile("portal-chart--drawn"))
    assert_accessible(page)
    initiative = Initiative.objects.filter(reviews__isnull=True).first()
    page.goto(live_server.url + f"/regios/initiatieven/{initiative.slug}/")
    page.get_by_role("link", name="Afstemmingsbeoordeling vastleggen").click()
    assert_accessible(page)
    for legend in (
        "Architectuur (GISA)",
        "Generieke functies",
        "Afspraken",
        "Standaarden",
        "Hergebruik van bouwstenen",
    ):
        page.get_by_role("group", name=legend, exact=True).get_by_label("Sluit deels aan").check()
    for field in ("architectuur", "generieke functies", "afspraken", "standaarden", "hergebruik"):
        page.get_by_label(re.compile(f"^Toelichting en advies over (de )?{field}", re.I)).fill(
            "Advies (test)."
        )
    page.get_by_role("button", name="Afstemmingsbeoordeling vastleggen").click()
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("vastgelegd")
    expect(page.locator("main")).to_contain_text("Sluit deels aan")
    assert_accessible(page)


def test_public_register_and_a_decided_application(page: Page, live_server, demo):
    page.goto(live_server.url + "/regios/")
    assert_accessible(page)
    page.get_by_role("link", name="Toegekend onder voorwaarden").first.click()
    expect(page.locator("main")).to_contain_text("Voorwaarden")
    assert_accessible(page)
    page.goto(live_server.url + "/regios/regelingen/transformatiemiddelen/")
    expect(page.locator("main")).to_contain_text("Dupliceert geen generieke functionaliteit")
    assert_accessible(page)
