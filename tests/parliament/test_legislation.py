"""Legislative tracks: an act, order in council or regulation with its procedure stages
(planned and actual dates, each change in its own history), a timeline with its table,
the exchanges an order designates, public when published, in the API with `asOf`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parliament import services
from parliament.models import LegislativeTrack, ProcedureStep, Stage
from tests.factories import (
    CommitmentFactory,
    ConsultationFactory,
    ExchangeFactory,
    LegislativeTrackFactory,
)

pytestmark = pytest.mark.django_db


def _create_form(**overrides):
    data = {
        "kind": "order",
        "title": "AMvB beeldbeschikbaarheid",
        "slug": "amvb-beelden",
        "summary": "Wijst de uitwisseling aan.",
        "owner": "Directie Curatieve Zorg",
        "dossier": "",
    }
    data.update(overrides)
    return data


def test_manager_records_an_order_with_its_stages_and_plans_it(persona_client, programme_manager):
    exchange = ExchangeFactory(number=1, title="Beelden")
    client = persona_client("programme_manager")
    response = client.post("/kamer/wetgeving/nieuw/", _create_form(exchanges=[exchange.pk]))
    assert response.status_code == 302
    track = LegislativeTrack.objects.get(slug="amvb-beelden")
    stages = set(track.steps.values_list("stage", flat=True))
    assert Stage.PRE_SCRUTINY in stages and Stage.PARLIAMENT not in stages
    assert not track.is_published
    assert persona_client("anonymous").get(track.get_absolute_url()).status_code == 404

    page = client.get(f"/kamer/wetgeving/{track.slug}/procedure/").content.decode()
    assert "Voorhang" in page
    data = {
        "lock_version": track.lock_version,
        "planned_draft": "2026-01-01",
        "actual_draft": "2026-02-01",
        "planned_internet_consultation": "2026-06-30",
        "note_internet_consultation": "Tweede kwartaal",
    }
    assert client.post(f"/kamer/wetgeving/{track.slug}/procedure/", data).status_code == 302
    draft = track.steps.get(stage=Stage.DRAFT)
    assert draft.actual == dt.date(2026, 2, 1)
    assert draft.history.first().history_change_reason == "parliament.step.recorded"
    consultation = track.steps.get(stage=Stage.INTERNET_CONSULTATION)
    assert consultation.history.first().history_change_reason == "parliament.step.planned"
    track.refresh_from_db()
    client.post(f"/kamer/wetgeving/{track.slug}/publish/", {"lock_version": track.lock_version})
    public = persona_client("anonymous").get(track.get_absolute_url())
    assert public.status_code == 200
    html = public.content.decode()
    assert "Tweede kwartaal" in html and "Beelden" in html and "track-figure" in html
    assert "Concept" in html  # the stage reached, in the table and the summary


def test_actual_dates_must_be_past_and_in_procedure_order(persona_client, programme_manager):
    track = services.track_create(
        actor=programme_manager,
        slug="wet-x",
        kind="act",
        title="Wet X",
        summary="x",
        owner="VWS",
    )
    client = persona_client("programme_manager")
    future = dt.date.today() + dt.timedelta(days=10)
    response = client.post(
        f"/kamer/wetgeving/{track.slug}/procedure/",
        {
            "lock_version": track.lock_version,
            "actual_draft": "2026-03-01",
            "actual_council_of_state": "2026-01-01",
            "actual_adoption": future.isoformat(),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deze stap kan niet eerder hebben plaatsgevonden dan de stap erboven." in page
    assert "Een werkelijke datum kan niet in de toekomst liggen." in page
    assert not track.steps.exclude(actual=None).exists()


def test_a_stale_procedure_form_is_refused(persona_client, programme_manager):
    track = services.track_create(
        actor=programme_manager, slug="wet-y", kind="act", title="Wet Y", summary="x", owner="VWS"
    )
    stale = track.lock_version
    services.track_plan(
        actor=programme_manager,
        track=track,
        lock_version=stale,
        dates={"draft": (dt.date(2026, 1, 1), None, "")},
        today=dt.date.today(),
    )
    response = persona_client("programme_manager").post(
        f"/kamer/wetgeving/{track.slug}/procedure/",
        {"lock_version": stale, "planned_draft": "2027-01-01"},
    )
    assert response.status_code == 200
    assert track.steps.get(stage="draft").planned == dt.date(2026, 1, 1)


@pytest.mark.parametrize("persona", ["anonymous", "field_party", "coordinator_x", "cds_reviewer"])
def test_others_cannot_write_legislation(persona_client, persona):
    track = LegislativeTrackFactory(slug="wet-z", title="Ongewijzigd")
    client = persona_client(persona)
    expected = 302 if persona == "anonymous" else 403
    assert client.post("/kamer/wetgeving/nieuw/", _create_form()).status_code == expected
    assert client.post("/kamer/wetgeving/wet-z/bewerken/", _create_form()).status_code == expected
    assert client.post("/kamer/wetgeving/wet-z/procedure/", {}).status_code == expected
    client.post("/kamer/wetgeving/wet-z/unpublish/", {"lock_version": track.lock_version})
    track.refresh_from_db()
    assert track.is_published and track.title == "Ongewijzigd"
    assert LegislativeTrack.objects.count() == 1


def test_unpublished_legislation_is_hidden_from_outsiders(persona_client):
    hidden = LegislativeTrackFactory(slug="geheim", title="Geheime wet", is_published=False)
    ProcedureStep.objects.create(track=hidden, stage="draft")
    for persona in ("anonymous", "field_party", "coordinator_x", "cds_reviewer"):
        client = persona_client(persona)
        assert client.get("/kamer/wetgeving/geheim/").status_code == 404
        assert "Geheime wet" not in client.get("/kamer/wetgeving/").content.decode()
        assert client.get("/api/v1/legislation/geheim").status_code == 404
    assert persona_client("board_member").get("/kamer/wetgeving/geheim/").status_code == 200


def test_api_gives_the_procedure_and_as_of(client, programme_manager):
    exchange = ExchangeFactory(number=7, title="Overdracht")
    track = services.track_create(
        actor=programme_manager,
        slug="amvb-7",
        kind="order",
        title="AMvB 7",
        summary="x",
        owner="VWS",
        exchanges=[exchange],
    )
    track = services.track_publish(
        actor=programme_manager, track=track, lock_version=track.lock_version
    )
    LegislativeTrack.history.filter(id=track.pk).update(
        history_date=dt.datetime(2026, 1, 10, tzinfo=dt.UTC)
    )
    ProcedureStep.history.filter(track_id=track.pk).update(
        history_date=dt.datetime(2026, 1, 10, tzinfo=dt.UTC)
    )
    services.track_plan(
        actor=programme_manager,
        track=track,
        lock_version=track.lock_version,
        dates={"draft": (None, dt.date(2026, 2, 1), "")},
        today=dt.date.today(),
    )
    row = client.get("/api/v1/legislation/amvb-7").json()
    assert row["exchanges"] == [7]
    assert [s["stage"] for s in row["steps"]][:2] == ["draft", "internet_consultation"]
    assert row["steps"][0]["actual"] == "2026-02-01"
    then = client.get("/api/v1/legislation/amvb-7?asOf=2026-01-15").json()
    assert then["steps"][0]["actual"] is None
    assert not client.get("/api/v1/legislation?asOf=2026-01-01").json()["results"]
    assert client.get("/api/v1/legislation?exchange=7").json()["results"]


def test_exchange_impact_names_the_order_that_designates_it(client):
    exchange = ExchangeFactory(number=12, title="Verpleegkundige overdracht")
    track = LegislativeTrackFactory(slug="amvb-12", title="AMvB verpleegkundige overdracht")
    track.exchanges.add(exchange)
    hidden = LegislativeTrackFactory(slug="amvb-x", title="Verborgen AMvB", is_published=False)
    hidden.exchanges.add(exchange)
    page = client.get("/dashboards/impact/uitwisseling/12/").content.decode()
    assert "AMvB verpleegkundige overdracht" in page and "Verborgen AMvB" not in page


def test_exchange_page_names_the_order_that_designates_it(client, programme_manager):
    exchange = ExchangeFactory(number=13, title="Acute zorg")
    track = services.track_create(
        actor=programme_manager,
        slug="amvb-13",
        kind="order",
        title="AMvB acute zorg",
        summary="Wijst aan.",
        owner="VWS",
        exchanges=[exchange],
    )
    services.track_plan(
        actor=programme_manager,
        track=track,
        lock_version=track.lock_version,
        dates={
            "draft": (None, dt.date(2026, 2, 1), ""),
            "entry_into_force": (dt.date(2027, 7, 1), None, ""),
        },
        today=dt.date(2026, 11, 1),
    )
    track.refresh_from_db()
    page = client.get(exchange.get_absolute_url()).content.decode()
    assert "AMvB acute zorg" not in page  # not public yet
    assert "Nog geen AMvB vastgelegd." in page
    services.track_publish(actor=programme_manager, track=track, lock_version=track.lock_version)
    page = client.get(exchange.get_absolute_url()).content.decode()
    section = page.split("De AMvB die de uitwisseling aanwijst")[1].split("</section>")[0]
    assert "AMvB acute zorg" in section and track.get_absolute_url() in section
    assert "inwerkingtreding gepland op 1 juli 2027" in section


def test_export_gives_each_step_of_the_listed_tracks(persona_client):
    act = LegislativeTrackFactory(slug="wet-a", title="Wet A", kind="act")
    order = LegislativeTrackFactory(slug="amvb-a", title="AMvB A", kind="order", parent=act)
    hidden = LegislativeTrackFactory(slug="geheim", title="Geheime wet", is_published=False)
    for track, stages in ((act, ["adoption", "draft"]), (order, ["draft"]), (hidden, ["draft"])):
        for stage in stages:
            ProcedureStep.objects.create(track=track, stage=stage, planned=dt.date(2027, 1, 1))
    client = persona_client("anonymous")
    response = client.get("/kamer/wetgeving/export/csv/")
    assert response.streaming
    rows = client.get("/kamer/wetgeving/export/json/").json()
    assert [(r["track"], r["stage"]) for r in rows] == [
        ("amvb-a", "draft"),
        ("wet-a", "draft"),
        ("wet-a", "adoption"),  # in the order of the procedure
    ]
    assert rows[0]["parent"] == "wet-a" and rows[1]["planned"] == "2027-01-01"
    only_acts = client.get("/kamer/wetgeving/export/json/?kind=act").json()
    assert {r["track"] for r in only_acts} == {"wet-a"}
    staff = persona_client("programme_manager").get("/kamer/wetgeving/export/json/").json()
    assert "geheim" in {r["track"] for r in staff}


def test_report_to_parliament_shows_where_each_procedure_stood(persona_client, programme_manager):
    track = LegislativeTrackFactory(slug="wet-diaz", title="Wet DIAZ")
    steps = {
        stage: ProcedureStep.objects.create(track=track, stage=stage)
        for stage in ("draft", "parliament", "entry_into_force")
    }
    for step in steps.values():
        step.history.update(history_date=dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC))
    track.history.update(history_date=dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC))
    track.refresh_from_db()
    services.track_plan(
        actor=programme_manager,
        track=track,
        lock_version=track.lock_version,
        dates={
            "draft": (None, dt.date(2026, 1, 10), ""),
            "parliament": (dt.date(2026, 9, 1), dt.date(2026, 9, 3), ""),
            "entry_into_force": (dt.date(2027, 1, 1), None, ""),
        },
        today=timezone.localdate(),
    )
    ProcedureStep.history.filter(track_id=track.pk, history_change_reason__isnull=False).exclude(
        history_date__lt=dt.datetime(2026, 1, 6, tzinfo=dt.UTC)
    ).update(history_date=dt.datetime(2026, 9, 4, 12, tzinfo=dt.UTC))
    hidden = LegislativeTrackFactory(slug="geheim", title="Geheime wet", is_published=False)
    hidden.history.update(history_date=dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC))
    client = persona_client("anonymous")
    page = client.get("/kamer/rapportage/?datum=2026-10-01&vorige=2026-06-01").content.decode()
    part = page.split("Wetgeving (")[1]
    assert "Wet DIAZ" in part and "Geheime wet" not in part
    assert "Behandeling in het parlement (3 september 2026)" in part  # reached, new since June
    assert "Inwerkingtreding, gepland 1 januari 2027" in part
    # Before the planning was recorded the procedure had not started.
    before = client.get("/kamer/rapportage/?datum=2026-03-01").content.decode()
    assert "Nog niet begonnen" in before.split("Wetgeving (")[1]


@pytest.mark.parametrize("persona", ["anonymous", "programme_manager"])
def test_legislation_pages_and_api_queries_do_not_grow(persona_client, persona):
    commitment = CommitmentFactory()

    def add(n):
        for _ in range(n):
            track = LegislativeTrackFactory()
            for stage in ("draft", "council_of_state", "adoption"):
                ProcedureStep.objects.create(track=track, stage=stage)
            track.commitments.add(commitment)

    client = persona_client(persona)
    counts = {}
    urls = ("/kamer/wetgeving/", "/api/v1/legislation")
    for size, extra in (("one", 1), ("many", 29)):
        add(extra)
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts[(size, url)] = len(ctx)
    for url in urls:
        assert counts[("one", url)] == counts[("many", url)], (url, counts)
    budgets = {
        # count, page, its parents, its steps; the API's count, page and four prefetches
        "anonymous": {"/kamer/wetgeving/": 4, "/api/v1/legislation": 7},
        # … and the session, the user and their groups
        "programme_manager": {"/kamer/wetgeving/": 7, "/api/v1/legislation": 9},
    }[persona]
    assert {url: counts[("many", url)] for url in urls} == budgets


def test_a_track_names_the_consultations_about_it_that_are_public(client):
    track = LegislativeTrackFactory(slug="amvb-diaz", title="AMvB DIAZ")
    public = ConsultationFactory(
        title="Consultatie AMvB DIAZ", slug="amvb-diaz", status="scheduled"
    )
    draft = ConsultationFactory(title="Conceptconsultatie", slug="concept", status="draft")
    track.consultations.add(public, draft)
    page = client.get("/kamer/wetgeving/amvb-diaz/").content.decode()
    assert "Consultatie AMvB DIAZ" in page and "Conceptconsultatie" not in page
    assert client.get("/api/v1/legislation/amvb-diaz").json()["consultations"] == ["amvb-diaz"]


def test_a_consultation_page_names_the_legislation_it_is_about(client):
    consultation = ConsultationFactory(title="Consultatie AMvB", status="scheduled")
    shown = LegislativeTrackFactory(slug="amvb-zichtbaar", title="AMvB zichtbaar")
    hidden = LegislativeTrackFactory(slug="amvb-geheim", title="AMvB geheim", is_published=False)
    for track in (shown, hidden):
        track.consultations.add(consultation)
    page = client.get(consultation.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    section = text.split("De wetgeving waar het over gaat")[1].split("</section>")[0]
    assert shown.get_absolute_url() in section and "AMvB geheim" not in text
