from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from consultations import services
from consultations.models import Comment, Consultation
from portal.accounts.models import User
from tests.e2e.conftest import assert_accessible, login
from tests.factories import CONSULTATION_STANDARD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_consultation(demo):
    pm = User.objects.get(email__startswith="programmamanager@")
    now = timezone.now()
    consultation = services.consultation_create(
        **CONSULTATION_STANDARD,
        actor=pm,
        title="Ontwerp adresseringsbeleid",
        slug="adressering",
        subject="document",
        introduction="Reageer op het ontwerp.",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
        draft="## Adresboek\nIedereen gebruikt het adresboek.\n\n## Beheer\nVZVZ beheert.",
        questions=["Is dit haalbaar?"],
    )
    return services.consultation_schedule(actor=pm, consultation=consultation)


def _tab_to(page: Page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"could not reach {selector} with the keyboard")


def test_field_party_comments_with_the_keyboard_and_reads_the_answer_in_the_report(
    page: Page, live_server, open_consultation
):
    login(page, live_server, "leverancier@demo.gis-portaal.example.org")
    page.goto(live_server.url + "/consultaties/adressering/")
    assert_accessible(page)
    # Keyboard only from here: choose the section, write, send.
    _tab_to(page, "select[name=target]")
    page.keyboard.press("ArrowDown")  # second section: "Beheer"
    _tab_to(page, "textarea[name=text]")
    page.keyboard.type("VZVZ moet ook de kwaliteit van adressen bewaken.")
    # Publication is asked, never assumed: tick the consent box with the space bar.
    _tab_to(page, "input[name=may_publish]")
    page.keyboard.press("Space")
    _tab_to(page, "button[type=submit].utrecht-button--primary-action")
    page.keyboard.press("Enter")
    expect(page.locator(".utrecht-alert--ok")).to_contain_text("ontvangen")
    comment = Comment.objects.get(consultation=open_consultation)
    assert comment.section.title == "Beheer" and comment.may_publish
    assert_accessible(page)

    # Time passes: the round closes; the ministry answers and publishes the report.
    Consultation.objects.filter(pk=open_consultation.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=10),
        closes_at=timezone.now() - dt.timedelta(hours=1),
    )
    pm = User.objects.get(email__startswith="programmamanager@")
    services.answer_comments(
        actor=pm,
        consultation=open_consultation,
        comments=[comment],
        disposition="adopted",
        reason="Toegevoegd aan paragraaf 2.",
    )
    services.report_publish(
        actor=pm, consultation=open_consultation, summary="Eén reactie, overgenomen."
    )

    page.goto(live_server.url + "/consultaties/mijn-reacties/")
    expect(page.locator("main")).to_contain_text("Overgenomen")
    expect(page.locator("main")).to_contain_text("Toegevoegd aan paragraaf 2.")
    assert_accessible(page)
    page.goto(live_server.url + "/consultaties/adressering/verslag/")
    expect(page.locator("table").first).to_contain_text("Beheer")
    assert_accessible(page)
    page.get_by_role("link", name="§2 Beheer").click()
    expect(page.locator("main")).to_contain_text("Toegevoegd aan paragraaf 2.")
    assert_accessible(page)


def test_consultation_pages_are_accessible(page: Page, live_server, open_consultation):
    for path in ("/consultaties/", "/consultaties/gisa-v1/", "/consultaties/gisa-v1/verslag/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
