"""The building blocks register: national provisions with owner, state, generic function,
the agreements that specify them and the pilots that tested them; public when published,
written by programme managers; reused by initiatives and funding applications and pointed
to by CDS reviews; in the API, search, impact, follow and open data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roadmap.blocks import services
from roadmap.models import BuildingBlock
from tests.factories import (
    AgreementFactory,
    BuildingBlockFactory,
    InitiativeFactory,
    PilotFactory,
)

pytestmark = pytest.mark.django_db
OUTSIDERS = ["anonymous", "field_party", "coordinator_x", "cds_reviewer"]


def _form(**overrides):
    data = {
        "name": "Mitz",
        "slug": "mitz",
        "summary": "De landelijke toestemmingsvoorziening.",
        "owner": "VZVZ",
        "generic_function": "toestemming",
        "status": "available",
        "url": "",
    }
    data.update(overrides)
    return data


def _key(client, url):
    page = client.get(url).content.decode()
    return page.split('name="idempotency_key" value="')[1].split('"')[0]


def test_register_shows_published_blocks_with_filters(persona_client):
    BuildingBlockFactory(name="Mitz zichtbaar", status="available", generic_function="toestemming")
    BuildingBlockFactory(name="Dezi in pilot", status="in_pilot", generic_function="authenticatie")
    BuildingBlockFactory(name="Geheim blok", is_published=False)
    client = persona_client("anonymous")

    def names(query=""):
        page = client.get("/bouwstenen/?" + query).content.decode()
        return [n for n in ("Dezi in pilot", "Geheim blok", "Mitz zichtbaar") if n in page]

    assert names() == ["Dezi in pilot", "Mitz zichtbaar"]
    assert names("status=in_pilot") == ["Dezi in pilot"]
    assert names("function=toestemming") == ["Mitz zichtbaar"]
    assert names("q=dezi") == ["Dezi in pilot"]
    assert client.get("/bouwstenen/?status=x&sort=y&function=z").status_code == 200
    assert "Geen bouwstenen gevonden" in client.get("/bouwstenen/?q=bestaatniet").content.decode()
    staff = persona_client("programme_manager").get("/bouwstenen/").content.decode()
    assert "Geheim blok" in staff and "Niet openbaar" in staff


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_an_unpublished_block_is_not_found_by_outsiders(persona_client, persona):
    hidden = BuildingBlockFactory(is_published=False)
    client = persona_client(persona)
    for url in (f"/bouwstenen/{hidden.slug}/", f"/api/v1/building-blocks/{hidden.slug}"):
        assert client.get(url).status_code == 404, url
    assert client.get("/bouwstenen/export/json/").json() == []


def test_a_block_page_names_what_specifies_tests_and_reuses_it(persona_client):
    block = BuildingBlockFactory(name="ZorgAB")
    agreement = AgreementFactory(code="LAS-TECH-007", title="Adresseren")
    pilot = PilotFactory(title="Technische test adressering", slug="adres", is_published=True)
    hidden_pilot = PilotFactory(title="Interne test", slug="intern", is_published=False)
    block.agreements.add(agreement)
    block.pilots.add(pilot, hidden_pilot)
    initiative = InitiativeFactory(title="Regionaal adresboek")
    initiative.building_blocks.add(block)
    page = persona_client("anonymous").get(block.get_absolute_url()).content.decode()
    assert "LAS-TECH-007" in page and "Technische test adressering" in page
    assert "Regionaal adresboek" in page and "Interne test" not in page


def test_manager_records_a_block_that_stays_private_until_published(
    persona_client, programme_manager
):
    client = persona_client("programme_manager")
    response = client.post(
        "/bouwstenen/nieuw/", _form(idempotency_key=_key(client, "/bouwstenen/nieuw/"))
    )
    assert response.status_code == 302
    block = BuildingBlock.objects.get(slug="mitz")
    assert not block.is_published
    record = block.history.first()
    assert record.history_user == programme_manager
    assert record.history_change_reason == "blocks.block.created"
    assert persona_client("anonymous").get(block.get_absolute_url()).status_code == 404
    client.post(f"/bouwstenen/{block.slug}/publish/", {"lock_version": block.lock_version})
    block.refresh_from_db()
    assert block.is_published
    assert persona_client("anonymous").get(block.get_absolute_url()).status_code == 200
    # A change of state is recorded under a verb of its own.
    data = _form(status="phasing_out", lock_version=block.lock_version)
    del data["slug"]
    client.post(f"/bouwstenen/{block.slug}/bewerken/", data)
    block.refresh_from_db()
    assert block.status == "phasing_out"
    assert block.history.first().history_change_reason == "blocks.block.status"


def test_bad_input_and_a_stale_edit_lose_nothing(persona_client, programme_manager):
    client = persona_client("programme_manager")
    response = client.post("/bouwstenen/nieuw/", _form(name="", status="bestaat-niet"))
    page = response.content.decode()
    assert "Dit veld is vereist." in page and "Selecteer een geldige keuze" in page
    response = client.post("/bouwstenen/nieuw/", _form(slug="nieuw"))
    assert "Deze korte naam is al in gebruik." in response.content.decode()
    assert not BuildingBlock.objects.exists()
    block = BuildingBlockFactory(name="Oorspronkelijk")
    stale = block.lock_version
    services.block_update(
        actor=programme_manager, block=block, lock_version=stale, name="Door een ander"
    )
    data = _form(name="Mijn naam", lock_version=stale)
    del data["slug"]
    response = client.post(f"/bouwstenen/{block.slug}/bewerken/", data)
    assert response.status_code == 200 and "Mijn naam" in response.content.decode()
    block.refresh_from_db()
    assert block.name == "Door een ander"


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_others_cannot_record_or_change_blocks(persona_client, persona):
    block = BuildingBlockFactory(name="Ongewijzigd")
    client = persona_client(persona)
    expected = 302 if persona == "anonymous" else 403
    assert client.post("/bouwstenen/nieuw/", _form()).status_code == expected
    assert client.post(f"/bouwstenen/{block.slug}/bewerken/", _form()).status_code == expected
    response = client.post(f"/bouwstenen/{block.slug}/unpublish/", {"lock_version": 1})
    assert response.status_code == expected
    block.refresh_from_db()
    assert block.name == "Ongewijzigd" and block.is_published
    assert BuildingBlock.objects.count() == 1


def test_initiatives_applications_and_reviews_point_to_blocks(
    persona_client, coordinator_x, region_x, cds_reviewer
):
    from roadmap.regions import services as regions

    mitz = BuildingBlockFactory(name="Mitz", slug="mitz")
    BuildingBlockFactory(name="Verborgen blok", slug="verborgen", is_published=False)
    client = persona_client("coordinator_x")
    form = client.get("/regios/initiatieven/nieuw/").content.decode()
    assert "Mitz" in form and "Verborgen blok" not in form  # only published ones to pick
    initiative = regions.initiative_create(
        actor=coordinator_x,
        region=region_x,
        slug="toestemming-x",
        title="Toestemming regio X",
        purpose="Toestemming raadplegen.",
        status="running",
        building_blocks=[mitz],
    )
    regions.review_record(
        actor=cds_reviewer,
        initiative=initiative,
        building_blocks=[mitz],
        **dict.fromkeys(("architecture", "generic_functions", "agreements"), "aligned"),
        **dict.fromkeys(("standards", "reuse"), "aligned"),
        **{f"{p}_note": "Goed." for p in initiative.reviews.model.POINTS},
    )
    page = persona_client("anonymous").get(initiative.get_absolute_url()).content.decode()
    assert page.count(mitz.get_absolute_url()) == 2  # reused, and pointed to by the review
    block_page = persona_client("anonymous").get(mitz.get_absolute_url()).content.decode()
    assert "Toestemming regio X" in block_page
    assert persona_client("anonymous").get("/bouwstenen/").content.decode().count(">1<") >= 1


def test_api_lists_published_blocks_with_filters_and_as_of(client, programme_manager):
    agreement = AgreementFactory(code="LAS-TECH-005")
    block = BuildingBlockFactory(slug="mitz", status="in_pilot")
    block.agreements.add(agreement)
    block.history.update(history_date=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
    block.refresh_from_db()
    services.block_update(
        actor=programme_manager, block=block, lock_version=block.lock_version, status="available"
    )
    BuildingBlockFactory(is_published=False)
    rows = client.get("/api/v1/building-blocks").json()["results"]
    assert [r["slug"] for r in rows] == ["mitz"]
    assert rows[0]["status"] == "available" and rows[0]["agreements"] == ["LAS-TECH-005"]
    assert client.get("/api/v1/building-blocks?agreement=LAS-TECH-005").json()["results"]
    assert not client.get("/api/v1/building-blocks?status=phasing_out").json()["results"]
    then = client.get("/api/v1/building-blocks?asOf=2026-04-01").json()["results"]
    assert then[0]["status"] == "in_pilot"
    assert not client.get("/api/v1/building-blocks?asOf=2026-01-01").json()["results"]
    assert client.get("/api/v1/building-blocks?status=nonsense").status_code == 400


@pytest.mark.parametrize("persona", ["anonymous", "programme_manager"])
def test_register_detail_and_api_queries_do_not_grow(persona_client, persona):
    agreement = AgreementFactory()
    big = BuildingBlockFactory(slug="groot")

    def add(n):
        for _ in range(n):
            block = BuildingBlockFactory()
            block.agreements.add(agreement)
            InitiativeFactory().building_blocks.add(block, big)
            big.pilots.add(PilotFactory(is_published=True))

    urls = ("/bouwstenen/", "/bouwstenen/groot/", "/api/v1/building-blocks")
    client = persona_client(persona)
    counts = {}
    for size, extra in (("one", 1), ("fifty", 49)):
        add(extra)
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts[(size, url)] = len(ctx)
    for url in urls:
        assert counts[("one", url)] == counts[("fifty", url)], (url, counts)
    # list: count and page (and the data version for a returning anonymous visitor);
    # detail: the block, its agreements, pilots and initiatives; API: count, page and
    # its three kinds of link
    budgets = {
        "anonymous": {urls[0]: 3, urls[1]: 5, urls[2]: 6},  # API: + the data version (ETag)
        "programme_manager": {urls[0]: 6, urls[1]: 9, urls[2]: 8},
    }[persona]
    assert {url: counts[("fifty", url)] for url in urls} == budgets


def test_search_impact_follow_and_open_data(persona_client, field_party, programme_manager):
    from portal.notifications.models import Notification
    from portal.search.indexing import rebuild

    agreement = AgreementFactory(code="LAS-TECH-002")
    shown = BuildingBlockFactory(name="Dezi zichtbaarxyz", slug="dezi")
    hidden = BuildingBlockFactory(name="Blok geheimxyz", is_published=False)
    for block in (shown, hidden):
        block.agreements.add(agreement)
    rebuild()
    client = persona_client("anonymous")
    assert "zichtbaarxyz" in client.get("/zoeken/?q=zichtbaarxyz").content.decode()
    assert "Blok geheimxyz" not in client.get("/zoeken/?q=geheimxyz").content.decode()
    impact = client.get("/dashboards/impact/afspraak/LAS-TECH-002/").content.decode()
    assert "zichtbaarxyz" in impact and "geheimxyz" not in impact
    page = client.get("/open-data/").content.decode()
    assert "/api/v1/building-blocks" in page and "/bouwstenen/export/csv/" in page

    follower = persona_client("field_party")
    response = follower.post(
        reverse("notifications:follow"),
        {"kind": "building-block", "id": shown.pk, "action": "follow"},
    )
    assert response.status_code == 302
    services.block_update(
        actor=programme_manager, block=shown, lock_version=shown.lock_version, status="in_pilot"
    )
    note = Notification.objects.get(user=field_party)
    assert note.verb == "blocks.block.status"
