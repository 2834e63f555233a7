"""In the English interface the portal's Dutch content is marked with its language
(WCAG 2.2 success criterion 3.1.2), and no Dutch interface word is left outside it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/afspraken/",
    "/afspraken/releases/",
    "/wegiz-agenda/",
    "/portfolio/",
    "/pilots/",
    "/bouwstenen/",
    "/regios/",
    "/regios/regelingen/",
    "/adoptie/",
    "/consultaties/",
    "/kamer/",
    "/kamer/wetgeving/",
    "/kamer/adviezen/",
    "/dashboards/",
    "/open-data/",
    "/zoeken/?q=afspraak",
]
# Words of the Dutch interface: none may show in the English one outside Dutch content.
DUTCH_INTERFACE_WORDS = [
    "zoeken", "inloggen", "uitloggen", "volgen", "downloaden", "vorige", "volgende",
    "pagina", "bekijken", "filteren", "wissen", "opslaan", "aflopend", "oplopend", "geen",
    "alle", "sorteren", "terug", "toon", "datum", "uitwisselingen", "meldingen",
    "bijgewerkt", "gepland", "verwacht", "fase",
]  # fmt: skip


class _OutsideDutch(HTMLParser):
    """The text of a page that is not inside an element marked lang="nl" (nor in its
    <title>, which cannot mark a part of itself)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr", "area", "base"}

    def __init__(self) -> None:
        super().__init__()
        self.dutch: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        inherited = bool(self.dutch and self.dutch[-1])
        self.dutch.append(
            inherited or dict(attrs).get("lang") == "nl" or tag in ("script", "style", "title")
        )

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.dutch:
            self.dutch.pop()

    def handle_data(self, data):
        if not (self.dutch and self.dutch[-1]):
            self.text.append(data)


def _english(client, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _detail_pages() -> list[str]:
    """One page of each main kind of object in the demo data, as the public sees it."""
    from django.contrib.auth.models import AnonymousUser

    from agreements.models import Agreement, Release
    from consultations.models import Consultation
    from parliament.models import AdvisoryReport, Commitment, LegislativeTrack
    from roadmap.models import BuildingBlock, Exchange, Initiative, Pilot, Programme, Tranche

    visitor = AnonymousUser()
    rows = [
        Agreement.objects.published(),
        Release.objects.published(),
        Exchange.objects.all(),
        Programme.objects.all(),
        Tranche.objects.visible_to(visitor),
        Pilot.objects.visible_to(visitor),
        Initiative.objects.all(),
        BuildingBlock.objects.visible_to(visitor),
        Consultation.objects.visible_to(visitor).exclude(status="draft"),
        Commitment.objects.visible_to(visitor),
        LegislativeTrack.objects.visible_to(visitor),
        AdvisoryReport.objects.visible_to(visitor),
    ]
    return [qs.order_by("pk").first().get_absolute_url() for qs in rows]


def _dutch_interface_words(client, urls: list[str]) -> list[str]:
    """Each Dutch interface word found outside Dutch content, with its page and context."""
    found = []
    for url in urls:
        parser = _OutsideDutch()
        parser.feed(_english(client, url))
        text = " ".join(parser.text)
        for word in DUTCH_INTERFACE_WORDS:
            for match in re.finditer(rf"\b{word}\b", text, re.IGNORECASE):
                found.append(f"{url}: …{text[max(0, match.start() - 40) : match.end() + 40]}…")
    return found


def test_english_pages_mark_dutch_content_and_leave_no_dutch_interface_word(client, demo_data):
    found = _dutch_interface_words(client, [*PAGES, *_detail_pages()])
    assert not found, "\n".join(found)


def test_a_title_is_marked_dutch_in_english_and_plain_in_dutch(client, demo_data):
    from agreements.models import Agreement

    agreement = Agreement.objects.published().order_by("code").first()
    english = _english(client, agreement.get_absolute_url())
    assert re.search(rf'<span lang="nl">{re.escape(agreement.title)}</span>', english)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = client.get(agreement.get_absolute_url()).content.decode()
    assert agreement.title in dutch and f'<span lang="nl">{agreement.title}' not in dutch


STAFF_PAGES = [
    "/",  # with the manager's to-do list
    "/activiteit/",
    "/afspraken/naleving/",
    "/afspraken/naleving/vastleggen/",
    "/afspraken/nieuw/",
    "/regios/",
    "/meldingen/",
    "/account/mijn-gegevens/",
    "/dashboards/",
]


def test_staff_pages_in_english_mark_dutch_content_too(client, demo_data):
    from consultations.models import Consultation
    from portal.accounts.models import User
    from portal.core.demo import DEMO_DOMAIN

    client.force_login(User.objects.get(email=f"programmamanager@{DEMO_DOMAIN}"))
    closed = Consultation.objects.exclude(status="draft").order_by("-closes_at").first()
    urls = [*STAFF_PAGES, f"/consultaties/{closed.slug}/antwoorden/"]
    found = _dutch_interface_words(client, urls)
    assert not found, "\n".join(found)


def test_form_options_naming_database_objects_are_marked_dutch_in_english(client, demo_data):
    from agreements.models import AgreementSystem

    system = AgreementSystem.objects.order_by("pk").first()
    english = _english(client, "/afspraken/")
    option = re.search(rf'<option value="{system.slug}"[^>]*>', english)
    assert option and 'lang="nl"' in option.group(0), option
    # Choices the interface translates itself are not content: no mark.
    assert not re.search(r'<option value="technisch"[^>]*lang=', english)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = client.get("/afspraken/").content.decode()
    assert re.search(rf'<option value="{system.slug}">', dutch)
