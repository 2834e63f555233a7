"""The register of commitments and motions: public when published, written by programme
managers through named steps, overdue items on their to-do, the report to parliament for
a date with what changed since the previous one, the API with `asOf`, search and impact."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parliament import services
from parliament.models import Commitment
from tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    LegislativeTrackFactory,
    ProcedureStepFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _form(**overrides):
    data = {
        "kind": "motion",
        "title": "Motie over inlogmiddelen",
        "summary": "Verzoekt de regering de Kamer te informeren.",
        "source": "motion",
        "source_title": "Motie De Vries c.s.",
        "kamerstuk": "29515-432",
        "source_date": "2026-01-15",
        "submitters": "De Vries c.s.",
        "owner": "Directie Informatiebeleid",
        "due": "2026-12-31",
    }
    data.update(overrides)
    return data


# --- who sees what -------------------------------------------------------------------


def test_public_register_shows_published_items_only(persona_client, programme_manager):
    CommitmentFactory(title="Openbare toezegging")
    CommitmentFactory(title="Interne toezegging", is_published=False)
    page = persona_client("anonymous").get("/kamer/").content.decode()
    assert "Openbare toezegging" in page and "Interne toezegging" not in page
    staff = persona_client("programme_manager").get("/kamer/").content.decode()
    assert "Interne toezegging" in staff and "Niet openbaar" in staff


@pytest.mark.parametrize("persona", ["anonymous", "field_party", "coordinator_x", "cds_reviewer"])
def test_an_unpublished_item_is_not_found_by_outsiders(persona_client, persona):
    hidden = CommitmentFactory(is_published=False)
    for url in (f"/kamer/{hidden.pk}/", f"/api/v1/commitments/{hidden.pk}"):
        assert persona_client(persona).get(url).status_code == 404, url


def test_staff_see_an_unpublished_item(persona_client):
    hidden = CommitmentFactory(is_published=False, title="Nog niet openbaar")
    for persona in ("programme_manager", "board_member", "admin"):
        page = persona_client(persona).get(f"/kamer/{hidden.pk}/")
        assert page.status_code == 200
        assert "Niet openbaar" in page.content.decode()


def test_filters_search_and_sort(persona_client):
    today = TODAY()
    CommitmentFactory(title="Alpha motie", kind="motion", due=today - dt.timedelta(days=3))
    CommitmentFactory(title="Beta toezegging", kind="commitment", due=today + dt.timedelta(days=30))
    done = CommitmentFactory(title="Gamma vervuld", due=today - dt.timedelta(days=10))
    Commitment.objects.filter(pk=done.pk).update(
        status="fulfilled", fulfilled_on=today, fulfilled_by="Brief"
    )
    client = persona_client("anonymous")

    def titles(query):
        page = client.get("/kamer/?" + query).content.decode()
        return [t for t in ("Alpha motie", "Beta toezegging", "Gamma vervuld") if t in page]

    assert titles("status=overdue") == ["Alpha motie"]
    assert titles("kind=motion") == ["Alpha motie"]
    assert titles("q=toezegging") == ["Beta toezegging"]
    assert titles("status=fulfilled") == ["Gamma vervuld"]
    page = client.get("/kamer/?sort=-due").content.decode()
    assert page.index("Beta toezegging") < page.index("Alpha motie") < page.index("Gamma vervuld")
    # Unknown values are ignored, not an error.
    assert client.get("/kamer/?status=bogus&sort=bogus&kind=x").status_code == 200


def test_empty_register_says_so(persona_client):
    page = persona_client("anonymous").get("/kamer/?q=bestaatniet").content.decode()
    assert "Geen toezeggingen of moties" in page


@pytest.mark.parametrize("persona", ["anonymous", "programme_manager"])
def test_register_and_api_queries_do_not_grow(persona_client, persona):
    programme = ProgrammeFactory()
    agreement = AgreementFactory()

    def add(n):
        for _ in range(n):
            c = CommitmentFactory()
            c.programmes.add(programme)
            c.agreements.add(agreement)
            ProcedureStepFactory(track=LegislativeTrackFactory(), stage="draft")

    client = persona_client(persona)
    counts = {}
    for size, extra in (("one", 1), ("fifty", 49)):
        add(extra)
        for url in ("/kamer/", "/api/v1/commitments", "/kamer/rapportage/"):
            client.get(url)  # warm: sessions, caches
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200
            counts[(size, url)] = len(ctx)
    for url in ("/kamer/", "/api/v1/commitments", "/kamer/rapportage/"):
        assert counts[("one", url)] == counts[("fifty", url)], (url, counts)
    budgets = {
        # count, page; the API's four link prefetches; the report's items and two histories,
        # and its legislative tracks with their history and their steps' history
        "anonymous": {"/kamer/": 3, "/api/v1/commitments": 7, "/kamer/rapportage/": 6},
        # … and the session, the user and their groups
        "programme_manager": {"/kamer/": 6, "/api/v1/commitments": 9, "/kamer/rapportage/": 9},
    }[persona]
    measured = {url: counts[("fifty", url)] for url in budgets}
    assert measured == budgets


# --- writing -------------------------------------------------------------------------


def test_manager_records_an_item_that_stays_private_until_published(
    persona_client, programme_manager
):
    client = persona_client("programme_manager")
    page = client.get("/kamer/nieuw/").content.decode()
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    response = client.post("/kamer/nieuw/", _form(idempotency_key=key))
    assert response.status_code == 302
    item = Commitment.objects.get(title="Motie over inlogmiddelen")
    assert not item.is_published and item.status == Commitment.Status.OPEN
    record = item.history.first()
    assert record.history_user == programme_manager
    assert record.history_change_reason == "parliament.commitment.created"
    assert persona_client("anonymous").get(item.get_absolute_url()).status_code == 404
    client.post(f"/kamer/{item.pk}/publish/", {"lock_version": item.lock_version})
    item.refresh_from_db()
    assert item.is_published
    assert item.history.first().history_change_reason == "parliament.commitment.published"
    assert persona_client("anonymous").get(item.get_absolute_url()).status_code == 200


def test_bad_input_is_explained_and_nothing_is_saved(persona_client):
    client = persona_client("programme_manager")
    response = client.post(
        "/kamer/nieuw/", _form(title="", source_date="2026-06-01", due="2026-01-01")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit veld is vereist." in page
    assert "De deadline kan niet vóór de datum van de bron liggen." in page
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("persona", ["anonymous", "field_party", "coordinator_x", "cds_reviewer"])
def test_others_cannot_record_or_change_items(persona_client, persona):
    item = CommitmentFactory(title="Ongewijzigd")
    client = persona_client(persona)
    expected = 302 if persona == "anonymous" else 403
    assert client.post("/kamer/nieuw/", _form()).status_code == expected
    assert client.post(f"/kamer/{item.pk}/bewerken/", _form()).status_code == expected
    for verb in ("start", "publish", "unpublish"):
        client.post(f"/kamer/{item.pk}/{verb}/", {"lock_version": item.lock_version})
    client.post(f"/kamer/{item.pk}/vervuld/", {"lock_version": 1, "by": "x", "on": "2026-02-01"})
    item.refresh_from_db()
    assert item.title == "Ongewijzigd" and item.status == Commitment.Status.OPEN
    assert item.is_published and item.history.count() == 1
    assert Commitment.objects.count() == 1


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(persona_client, programme_manager):
    item = CommitmentFactory(title="Oorspronkelijk")
    client = persona_client("programme_manager")
    stale = item.lock_version
    services.commitment_update(
        actor=programme_manager, commitment=item, lock_version=stale, title="Door een ander"
    )
    response = client.post(
        f"/kamer/{item.pk}/bewerken/", _form(title="Mijn tekst", lock_version=stale)
    )
    assert response.status_code == 200
    assert "Mijn tekst" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Door een ander"


def test_steps_move_the_state_and_fulfilment_names_its_document(persona_client, programme_manager):
    item = CommitmentFactory(source_date=dt.date(2026, 1, 15))
    client = persona_client("programme_manager")
    client.post(f"/kamer/{item.pk}/start/", {"lock_version": item.lock_version})
    item.refresh_from_db()
    assert item.status == Commitment.Status.IN_PROGRESS
    # No document, a date before the source: refused, explained, nothing changed.
    response = client.post(
        f"/kamer/{item.pk}/vervuld/", {"lock_version": item.lock_version, "by": "", "on": ""}
    )
    assert response.status_code == 400
    response = client.post(
        f"/kamer/{item.pk}/vervuld/",
        {"lock_version": item.lock_version, "by": "Brief", "on": "2025-12-01"},
    )
    assert "niet vervuld zijn vóór de datum van de bron" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Commitment.Status.IN_PROGRESS
    client.post(
        f"/kamer/{item.pk}/vervuld/",
        {"lock_version": item.lock_version, "by": "Voortgangsbrief GIS", "on": "2026-03-01"},
    )
    item.refresh_from_db()
    assert item.status == Commitment.Status.FULFILLED
    assert item.fulfilled_by == "Voortgangsbrief GIS" and item.fulfilled_on == dt.date(2026, 3, 1)
    assert "Voortgangsbrief GIS" in client.get(item.get_absolute_url()).content.decode()
    # Starting a fulfilled item is not a step it has: refused with a message.
    response = client.post(
        f"/kamer/{item.pk}/start/", {"lock_version": item.lock_version}, follow=True
    )
    assert "Deze stap kan niet in de huidige status" in response.content.decode()
    client.post(f"/kamer/{item.pk}/reopen/", {"lock_version": item.lock_version})
    item.refresh_from_db()
    assert item.status == Commitment.Status.IN_PROGRESS and item.fulfilled_by == ""
    reasons = list(item.history.values_list("history_change_reason", flat=True))
    assert reasons[:4] == [
        "parliament.commitment.reopened",
        "parliament.commitment.fulfilled",
        "parliament.commitment.started",
        "parliament.commitment.created",
    ] or reasons[:3] == [
        "parliament.commitment.reopened",
        "parliament.commitment.fulfilled",
        "parliament.commitment.started",
    ]


def test_overdue_items_are_on_the_managers_to_do(persona_client):
    late = CommitmentFactory(title="Te late toezegging", due=TODAY() - dt.timedelta(days=1))
    CommitmentFactory(title="Nog op tijd", due=TODAY() + dt.timedelta(days=5))
    home = persona_client("programme_manager").get("/").content.decode()
    assert "Te late toezegging" in home and "Nog op tijd" not in home
    assert late.get_absolute_url() in home
    for persona in ("field_party", "board_member"):
        assert "Te late toezegging" not in persona_client(persona).get("/").content.decode()


# --- the report to parliament ------------------------------------------------------


def _backdate(item, day):
    item.history.all().update(history_date=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC))


def test_report_shows_the_state_on_a_date_and_what_changed_since(persona_client, programme_manager):
    old = CommitmentFactory(title="Oude toezegging", due=dt.date(2026, 12, 31))
    _backdate(old, dt.date(2026, 1, 20))
    old.refresh_from_db()
    fulfilled = services.commitment_fulfil(
        actor=programme_manager,
        commitment=old,
        lock_version=old.lock_version,
        on=dt.date(2026, 3, 1),
        by="Voortgangsbrief",
    )
    fulfilled.history.filter(history_change_reason="parliament.commitment.fulfilled").update(
        history_date=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    )
    new = CommitmentFactory(title="Nieuwe motie", source_date=dt.date(2026, 2, 10))
    _backdate(new, dt.date(2026, 2, 10))
    CommitmentFactory(title="Later vastgelegd", source_date=dt.date(2026, 5, 1))

    client = persona_client("anonymous")
    page = client.get("/kamer/rapportage/?datum=2026-04-01&vorige=2026-02-01").content.decode()
    assert "Later vastgelegd" not in page
    fulfilled_part = page.split("Vervuld (")[1]
    assert "Oude toezegging" in fulfilled_part and "Was: Open" in fulfilled_part
    assert "Nieuwe motie" in page.split("Vervuld (")[0]
    assert "Nieuw" in page
    # On the earlier date the old one was still open and the motion not yet there.
    before = client.get("/kamer/rapportage/?datum=2026-02-01").content.decode()
    assert "Oude toezegging" in before.split("Vervuld (")[0] and "Nieuwe motie" not in before
    bad = client.get("/kamer/rapportage/?datum=2026-02-01&vorige=2026-03-01")
    assert "De vorige rapportage ligt vóór de rapportagedatum." in bad.content.decode()
    pdf = client.get("/kamer/rapportage/pdf/?datum=2026-04-01&vorige=2026-02-01")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_report_leaves_out_what_was_not_public_then(persona_client, programme_manager):
    item = CommitmentFactory(title="Later gepubliceerd", is_published=False)
    _backdate(item, dt.date(2026, 1, 20))
    item.refresh_from_db()
    services.commitment_publish(
        actor=programme_manager, commitment=item, lock_version=item.lock_version
    )
    page = persona_client("anonymous").get("/kamer/rapportage/?datum=2026-02-01")
    assert "Later gepubliceerd" not in page.content.decode()
    staff = persona_client("programme_manager").get("/kamer/rapportage/?datum=2026-02-01")
    assert "Later gepubliceerd" in staff.content.decode()


# --- API, search, impact -----------------------------------------------------------


def test_api_lists_published_items_with_filters_and_as_of(client, programme_manager):
    programme = ProgrammeFactory(slug="ldn")
    item = CommitmentFactory(title="Via de API", kamerstuk="27529-331")
    item.programmes.add(programme)
    _backdate(item, dt.date(2026, 1, 20))
    item.refresh_from_db()
    services.commitment_start(
        actor=programme_manager, commitment=item, lock_version=item.lock_version
    )
    CommitmentFactory(title="Verborgen", is_published=False)
    data = client.get("/api/v1/commitments").json()
    titles = [r["title"] for r in data["results"]]
    assert titles == ["Via de API"]
    row = data["results"][0]
    assert row["status"] == "in_progress" and row["kamerstuk"] == "27529-331"
    assert row["programmes"] == ["ldn"]
    assert client.get("/api/v1/commitments?programme=ldn").json()["results"]
    assert not client.get("/api/v1/commitments?programme=other").json()["results"]
    then = client.get("/api/v1/commitments?asOf=2026-02-01").json()["results"]
    assert [r["status"] for r in then] == ["open"]
    assert not client.get("/api/v1/commitments?asOf=2026-01-01").json()["results"]
    assert client.get("/api/v1/commitments?status=nonsense").status_code == 400


def test_search_and_impact_show_published_items_only(persona_client):
    from portal.search.indexing import rebuild

    programme = ProgrammeFactory(slug="igf")
    shown = CommitmentFactory(title="Toezegging zichtbaarxyz")
    hidden = CommitmentFactory(title="Toezegging geheimxyz", is_published=False)
    for item in (shown, hidden):
        item.programmes.add(programme)
    rebuild()
    client = persona_client("anonymous")
    results = client.get("/zoeken/?q=toezegging").content.decode()
    assert "zichtbaarxyz" in results and "geheimxyz" not in results
    impact = client.get("/dashboards/impact/programma/igf/").content.decode()
    assert "zichtbaarxyz" in impact and "geheimxyz" not in impact


def test_export_streams_what_the_page_shows(persona_client):
    CommitmentFactory(title="Openbare motie", kind="motion")
    CommitmentFactory(title="Openbare toezegging", kind="commitment")
    CommitmentFactory(title="Interne motie", kind="motion", is_published=False)
    client = persona_client("anonymous")
    response = client.get("/kamer/export/csv/?kind=motion")
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    assert "Openbare motie" in body
    assert "Openbare toezegging" not in body and "Interne motie" not in body
    rows = client.get("/kamer/export/json/").json()
    assert sorted(r["title"] for r in rows) == ["Openbare motie", "Openbare toezegging"]
    assert client.get("/kamer/export/exe/").status_code == 404
    staff = persona_client("programme_manager").get("/kamer/export/json/").json()
    assert "Interne motie" in {r["title"] for r in staff}


def test_open_data_catalogue_lists_the_register(client):
    page = client.get("/open-data/").content.decode()
    assert "/api/v1/commitments" in page and "/kamer/export/csv/" in page
