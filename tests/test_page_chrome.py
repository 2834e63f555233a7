"""What every page carries: its title with the site's, the icon, feeds for feed readers
and the footer's way to the open data and the API."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, "no title"
    return match.group(1)


def test_titles_name_the_page_then_the_site(client):
    assert _title(client.get(reverse("consultations:index"))) == "Consultaties – GIS-portaal"
    client.cookies["portal_language"] = "en"
    assert _title(client.get(reverse("consultations:index"))) == "Consultations – GIS portal"


def test_the_icon_is_linked_and_favicon_ico_leads_to_it(client):
    page = client.get(reverse("core:home")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon.group(1)
    svg = client.get(icon.group(1))
    assert svg.status_code == 200
    assert b"<svg" in b"".join(svg.streaming_content)


@pytest.mark.parametrize(
    ("page", "feeds"),
    [
        ("core:home", {"feed-consultations", "feed-releases", "feed-wegiz"}),
        ("consultations:index", {"feed-consultations"}),
        ("agreements:releases", {"feed-releases"}),
        ("wegiz:agenda", {"feed-wegiz"}),
    ],
)
def test_pages_with_a_feed_advertise_it(client, page, feeds):
    html = client.get(reverse(page)).content.decode()
    advertised = set(
        re.findall(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', html)
    )
    assert advertised == {reverse(name) for name in feeds}
    for href in advertised:
        feed = client.get(href)
        assert feed.status_code == 200
        assert feed["Content-Type"].startswith("application/atom+xml")


def test_other_pages_advertise_no_feed(client):
    html = client.get(reverse("agreements:list")).content.decode()
    assert "application/atom+xml" not in html


def test_the_footer_links_the_open_data_and_the_api(client):
    html = client.get(reverse("core:contact")).content.decode()
    footer = html[html.index("<footer") :]
    assert f'href="{reverse("opendata:index")}"' in footer
    assert f'href="{reverse("api:docs")}"' in footer


def test_one_date_format_per_language(client):
    import datetime as dt

    from tests.factories import AgreementFactory

    AgreementFactory(
        code="LAS-D-1",
        is_temporary=True,
        valid_from=dt.date(2026, 1, 15),
        valid_until=dt.date(2027, 6, 30),
        reassessment_date=dt.date(2027, 1, 10),
    )
    url = reverse("agreements:detail", args=["LAS-D-1"])
    html = client.get(url).content.decode()
    assert "15 januari 2026" in html and "30 juni 2027" in html
    assert not re.search(r"\b\d{2}-\d{2}-\d{4}\b|\b\d{1,2} (jan|jun) 20\d\d\b", html)
    client.cookies["portal_language"] = "en"
    html = client.get(url).content.decode()
    assert "15 January 2026" in html and "30 June 2027" in html


def test_templates_name_a_kind_of_date_format_not_a_pattern():
    from pathlib import Path

    from django.conf import settings

    allowed = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "Y", "c"}
    found = set()
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        found |= set(re.findall(r'\|date:"([^"]*)"', path.read_text()))
    assert found <= allowed, found - allowed


def test_colours_are_written_out_only_in_the_token_file_and_charts_read_them_there():
    from pathlib import Path

    from django.conf import settings

    from portal.dashboards.charts import CHART_COLOURS, PALETTE

    css = Path(settings.BASE_DIR, "static", "css")
    hexes = {
        path.name: re.findall(r"#[0-9a-fA-F]{3,8}\b", path.read_text())
        for path in css.glob("*.css")
        if path.name != "tokens.css"
    }
    assert not any(hexes.values()), hexes
    tokens = (css / "tokens.css").read_text()
    assert PALETTE and all(f": {colour};" in tokens for colour in PALETTE)
    assert {"good", "warn", "bad", "none", "today"} <= set(CHART_COLOURS)
    python = [
        str(path)
        for app in ("portal", "agreements", "consultations", "roadmap", "parliament")
        for path in Path(settings.BASE_DIR, app).rglob("*.py")
        if "migrations" not in path.parts
        and re.search(r"[\"']#[0-9a-fA-F]{6}[\"']", path.read_text())
    ]
    assert python == [], python


def test_pagination_badges_and_cards_are_nl_design_system_components(client):
    """Pagination is utrecht-pagination, status badges utrecht-badge-status, cards
    rhc-card: their stylesheets are served, and no template writes the old hand-made
    classes alone."""
    from pathlib import Path

    from django.conf import settings

    from tests.factories import AgreementFactory

    AgreementFactory.create_batch(27)
    page = client.get(reverse("agreements:list"), {"page": 2}).content.decode()
    for sheet in ("vendor/utrecht/pagination.css", "vendor/utrecht/badge-status.css"):
        assert f"/static/{sheet}" in page
        assert Path(settings.BASE_DIR, "static", sheet).exists()
    nav = re.search(r'<nav class="utrecht-pagination[^"]*"[^>]*>.*?</nav>', page, re.S).group(0)
    assert re.search(
        r'class="utrecht-pagination__page-link utrecht-pagination__page-link--current">2<', nav
    )
    assert (
        'class="utrecht-pagination__relative-link utrecht-pagination__relative-link--prev"' in nav
    )
    assert page.count('class="utrecht-badge-status portal-badge portal-badge--adopted"') == 2
    overview = client.get(reverse("dashboards:index")).content.decode()
    assert 'class="rhc-card portal-card"' in overview
    templates = Path(settings.BASE_DIR, "templates")
    loose = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(r'class="(portal-badge|portal-card)[ "]', path.read_text())
        or "portal-pagination__current" in path.read_text()
    ]
    assert loose == [], loose


def test_pages_show_where_they_are_in_a_breadcrumb_trail_not_a_back_link(client):
    from pathlib import Path

    from django.conf import settings

    from tests.factories import AgreementFactory

    agreement = AgreementFactory(code="LAS-KRUIM-1")
    page = client.get(agreement.get_absolute_url()).content.decode()
    trail = re.search(
        r'<nav class="utrecht-breadcrumb-nav[^"]*" aria-label="U bent hier">(.*?)</nav>', page, re.S
    )
    assert trail, "no breadcrumb trail"
    steps = re.findall(
        r'<a class="utrecht-breadcrumb-nav__link" href="([^"]+)">([^<]+)</a>', trail.group(1)
    )
    assert steps == [("/", "Home"), ("/afspraken/", "Afsprakencatalogus")]
    assert "utrecht-breadcrumb-nav" not in client.get("/").content.decode()
    # No page starts its content with a hand-written link back instead.
    templates = Path(settings.BASE_DIR, "templates")
    back_links = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(
            r'\{% block content %\}\s*<p class="utrecht-paragraph"><a class="utrecht-link"',
            path.read_text(),
        )
    ]
    assert back_links == [], back_links
