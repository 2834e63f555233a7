"""Every page type fits a phone: no horizontal scrolling at 320 CSS px (WCAG 2.2 success
criterion 1.4.10, Reflow), nor at 1280 px, and no axe violation at either width; for a
visitor, a field party and a programme manager, on the demo data.

Wide tables scroll inside their own focusable, labelled region instead of widening the
page; the header's search, language choice and account links wrap onto lines of their own.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(320, 640), (1280, 800)]


def _sample_urls() -> dict[str, str]:
    """One URL of every public page type, taken from the demo data."""
    from agreements.models import Agreement, Release
    from consultations.models import Consultation, ConsultationSession
    from parliament.models import AdvisoryReport, Commitment, LegislativeTrack
    from roadmap.models import (
        BuildingBlock,
        Exchange,
        FundingScheme,
        Initiative,
        Pilot,
        Programme,
        Tranche,
    )

    def first(qs):
        from django.contrib.auth.models import AnonymousUser

        if hasattr(qs, "visible_to"):
            qs = qs.visible_to(AnonymousUser())
        obj = qs.first()
        assert obj is not None, f"the demo data has no {qs.model.__name__}"
        return obj.get_absolute_url()

    agreement = Agreement.objects.published().order_by("code").first()
    assert agreement is not None
    return {
        "home": "/",
        "catalogue": "/afspraken/",
        "agreement": agreement.get_absolute_url(),
        "comparison": agreement.get_absolute_url() + "vergelijk/",
        "releases": "/afspraken/releases/",
        "release": first(Release.objects.all().order_by("-published_on")),
        "agenda": "/wegiz-agenda/",
        "exchange": first(Exchange.objects.all().order_by("number")),
        "portfolio": "/portfolio/",
        "programme": first(Programme.objects.order_by("pk")),
        "tranche": first(Tranche.objects.all().order_by("pk")),
        "pilots": "/pilots/",
        "pilot": first(Pilot.objects.all().order_by("pk")),
        "building blocks": "/bouwstenen/",
        "building block": first(BuildingBlock.objects.all().order_by("pk")),
        "regions": "/regios/",
        "initiative": first(Initiative.objects.order_by("pk")),
        "funding schemes": "/regios/regelingen/",
        "adoption figures": "/adoptie/",
        "funding scheme": first(FundingScheme.objects.order_by("pk")),
        "consultations": "/consultaties/",
        "consultation": first(Consultation.objects.exclude(status="draft").order_by("pk")),
        "consultation session": first(ConsultationSession.objects.order_by("pk")),
        "commitments": "/kamer/",
        "commitment": first(Commitment.objects.all().order_by("pk")),
        "legislation": "/kamer/wetgeving/",
        "legislative track": first(LegislativeTrack.objects.all().order_by("pk")),
        "report to parliament": "/kamer/rapportage/",
        "advice": "/kamer/adviezen/",
        "advisory report": first(AdvisoryReport.objects.all().order_by("pk")),
        "follow-up of advice": "/kamer/adviezen/opvolging/",
        "dashboards": "/dashboards/",
        "dashboard chart": "/dashboards/grafiek/pilot-scores/",
        "open data": "/open-data/",
        "search": "/zoeken/?q=afspraak",
        "api documentation": "/api/v1/docs",
        "login": "/account/inloggen/",
        "not found": "/bestaat-niet/",
    }


STAFF_PAGES = {
    "activity": "/activiteit/",
    "risks": "/portfolio/risicos/",
    "meeting": "/portfolio/overleg/",
    "access requests": "/account/toegangsverzoeken/",
}
ACCOUNT_PAGES = {
    "account": "/account/",
    "notifications": "/meldingen/",
    "following": "/meldingen/instellingen/",
}


def _problems(page: Page, base: str, urls: dict[str, str]) -> list[str]:
    """Each page loaded once and checked at both widths: a resize re-applies the media
    queries and lays the page out again, as on a phone turned or a window narrowed (pages
    with charts are loaded again). The widths alternate from page to page, so each page
    costs one resize, not two."""
    problems = []
    widths = list(WIDTHS)
    for name, url in urls.items():
        page.set_viewport_size({"width": widths[0][0], "height": widths[0][1]})
        page.goto(base + url)
        page.wait_for_load_state("load")
        for index, (width, height) in enumerate(widths):
            if index:
                page.set_viewport_size({"width": width, "height": height})
                if page.locator("[data-plotly-figure]").count():
                    # A chart drawn for the other width is redrawn by Plotly a moment
                    # after the resize, racing the check: load it anew at this width.
                    page.reload()
                    page.wait_for_load_state("load")
            problems += _width_problems(page, name, width)
        widths.reverse()
    return problems


def _width_problems(page: Page, name: str, width: int) -> list[str]:
    problems = []
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        wide = page.evaluate(
            """(w) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w + 1
                             && !e.closest('.utrecht-table-container'))
                .slice(0, 3).map(e => e.tagName + '.' + e.className)""",
            width,
        )
        problems.append(f"{name} at {width} px is {scroll} px wide: {wide}")
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name} at {width} px: {violations}")
    return problems


def test_every_public_page_type_reflows_for_a_visitor(page: Page, live_server, demo):
    problems = _problems(page, live_server.url, _sample_urls())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("email", "pages"),
    [
        ("programmamanager@demo.gis-portaal.example.org", {**STAFF_PAGES, **ACCOUNT_PAGES}),
        ("leverancier@demo.gis-portaal.example.org", ACCOUNT_PAGES),
    ],
)
def test_pages_behind_the_login_reflow(page: Page, live_server, demo, email, pages):
    login(page, live_server, email)
    urls = {**pages, "home": "/", "catalogue": "/afspraken/", "consultations": "/consultaties/"}
    problems = _problems(page, live_server.url, urls)
    assert not problems, "\n".join(problems)


def test_the_header_works_at_320_px(page: Page, live_server, demo):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    page.locator("summary", has_text="Menu").click()  # the sections, behind the button
    for locator in (
        page.get_by_role("searchbox", name="Zoeken in het portaal"),
        page.get_by_role("link", name="Inloggen"),
        page.get_by_role("button", name="English"),
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link").first,
    ):
        locator.scroll_into_view_if_needed()
        box = locator.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, box


@pytest.mark.parametrize("name", ["agenda", "consultation", "report to parliament"])
def test_pages_print_their_content_without_navigation_or_forms(page: Page, live_server, demo, name):
    """The print stylesheet: the content, on the paper's width, without the site's
    navigation, search, footer or forms."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 700, "height": 1000})
    page.goto(live_server.url + _sample_urls()[name])
    hidden = page.evaluate(
        """() => ['.portal-nav', '.portal-footer', '.portal-header__tools', 'main form']
            .flatMap(s => [...document.querySelectorAll(s)])
            .filter(e => getComputedStyle(e).display !== 'none').map(e => e.className)"""
    )
    assert hidden == []
    assert page.locator("main h1").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 700


def test_on_a_phone_the_sections_open_from_a_menu_button(page: Page, live_server, demo):
    """At 320 px the sections sit behind "Menu" (a <details>, no script needed): closed,
    the header leaves room for the page; opened, every section is a link."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/afspraken/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert not menu.is_visible()
    assert page.locator("main h1").bounding_box()["y"] < 400
    page.locator("summary", has_text="Menu").click()
    expect(menu.get_by_role("link", name="Wegiz-agenda")).to_be_visible()
    menu.get_by_role("link", name="Wegiz-agenda").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wegiz")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Portfolio")
    ).to_be_visible()
