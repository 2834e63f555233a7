from __future__ import annotations

import html as html_lib
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAV_NL = [
    "Afspraken",
    "Wegiz-agenda",
    "Portfolio",
    "Pilots",
    "Regio's",
    "Consultaties",
    "Dashboards",
    "API",
]
NAV_EN = [
    "Agreements",
    "Wegiz agenda",
    "Portfolio",
    "Pilots",
    "Regions",
    "Consultations",
    "Dashboards",
    "API",
]


def _nav_labels(html: str) -> list[str]:
    nav = re.search(r'<nav class="[^"]*portal-nav--bar[^"]*".*?</nav>', html, re.S).group(0)
    return [
        html_lib.unescape(re.sub(r"<[^>]+>", "", a)).strip()
        for a in re.findall(r"<a [^>]*>.*?</a>", nav, re.S)
    ]


def test_home_is_dutch_by_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in html
    assert response["Content-Language"] == "nl"
    labels = _nav_labels(html)
    for label in NAV_NL:
        assert label in labels, labels


def test_language_switch_to_english_and_back(client):
    response = client.post(reverse("set-language"), {"language": "en", "next": "/contact/"})
    assert response.status_code == 302
    assert response["Location"] == "/contact/"
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    for label in NAV_EN:
        assert label in _nav_labels(html)
    client.post(reverse("set-language"), {"language": "nl", "next": "/"})
    assert '<html lang="nl"' in client.get("/").content.decode()


def test_language_switch_ignores_unknown_languages_and_foreign_next(client):
    response = client.post(
        reverse("set-language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert '<html lang="nl"' in client.get("/").content.decode()


def test_layout_has_skip_link_main_landmark_and_footer_links(client):
    html = client.get("/").content.decode()
    skip = re.search(r'<a class="nl-skip-link[^"]*" href="#main">', html)
    assert skip, "skip link missing"
    assert html.index("nl-skip-link") < html.index("<header")
    assert '<main id="main"' in html
    footer = html[html.index("<footer") :]
    for url in (reverse("core:accessibility"), reverse("core:privacy"), reverse("core:contact")):
        assert f'href="{url}"' in footer


def test_pages_work_without_javascript(client):
    """Everything a visitor needs is in the HTML; scripts only enhance."""
    html = client.get("/").content.decode()
    # The language switch and logout are plain forms that post without JavaScript.
    assert re.search(r'<form[^>]+action="/taal/"[^>]+method="post"', html)
    # Every script is external, deferred and from our own static files (no CDN, no inline).
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts
    for tag in scripts:
        assert 'src="/static/' in tag
        assert "defer" in tag


def test_assets_come_from_our_own_static_files(client):
    html = client.get("/").content.decode()
    assert "/static/vendor/rhc/design-tokens.css" in html
    assert "/static/vendor/rhc/components.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "http://" not in re.sub(
        r'href="mailto:[^"]*"', "", "".join(re.findall(r'(?:src|href)="[^"]*"', html))
    )
    assert "https://" not in "".join(re.findall(r'(?:src|href)="[^"]*"', html))


@pytest.mark.parametrize(
    ("url", "heading_nl", "heading_en"),
    [
        ("/toegankelijkheid/", "Toegankelijkheidsverklaring", "Accessibility statement"),
        ("/privacy/", "Privacy", "Privacy"),
        ("/contact/", "Contact", "Contact"),
    ],
)
def test_service_pages_in_both_languages(client, url, heading_nl, heading_en):
    assert heading_nl in client.get(url).content.decode()
    client.cookies["portal_language"] = "en"
    assert heading_en in client.get(url).content.decode()


def test_accessibility_statement_names_the_standard(client):
    html = client.get("/toegankelijkheid/").content.decode()
    assert "WCAG 2.2" in html
    assert "axe-core" in html


def test_unknown_page_is_a_friendly_404_in_dutch(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_main_navigation_marks_the_current_section(client):
    html = client.get(reverse("agreements:list")).content.decode()
    assert re.search(r'href="/afspraken/" aria-current="page"', html)
