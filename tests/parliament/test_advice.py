"""Advisory reports: each conclusion and recommendation with the ministry's disposition,
owner, deadline and follow-up; public when published, written by programme managers
through named steps, overdue follow-up on their to-do and in the portfolio meeting pack,
in the API with `asOf`, search, impact, follow, export and open data; the portfolio's old
recommendations moved into them with their history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parliament import services
from parliament.models import AdviceItem, AdvisoryReport
from tests.factories import (
    AdviceItemFactory,
    AdvisoryReportFactory,
    DecisionFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
OUTSIDERS = ["anonymous", "field_party", "coordinator_x", "cds_reviewer"]


def _report_form(**overrides):
    data = {
        "advisor": "Adviescollege ICT-toetsing",
        "title": "Advies over generieke functies",
        "slug": "acict-gf",
        "summary": "Vier conclusies en vijf aanbevelingen.",
        "received_on": "2026-05-28",
        "response_on": "2026-06-15",
        "response_reference": "27529-362",
        "url": "",
    }
    data.update(overrides)
    return data


def _item_form(**overrides):
    data = {
        "kind": "recommendation",
        "label": "4",
        "title": "Verbeter de coördinatie van projecten",
        "disposition": "agreed",
        "reasoning": "Omarmd: een periodiek portfolio-overleg.",
        "owner": "Directie Informatiebeleid",
        "deadline": "2026-09-30",
        "follow_up": "",
    }
    data.update(overrides)
    return data


def _key(client, url):
    page = client.get(url).content.decode()
    return page.split('name="idempotency_key" value="')[1].split('"')[0]


# --- who sees what -------------------------------------------------------------------


def test_public_pages_show_published_reports_with_their_items(persona_client):
    shown = AdviceItemFactory(
        report__title="Openbaar advies", title="Openbare aanbeveling", disposition="partly"
    )
    AdviceItemFactory(report__title="Intern advies", report__is_published=False)
    client = persona_client("anonymous")
    listing = client.get("/kamer/adviezen/").content.decode()
    assert "Openbaar advies" in listing and "Intern advies" not in listing
    page = client.get(shown.report.get_absolute_url()).content.decode()
    assert "Openbare aanbeveling" in page and "Deels overgenomen" in page
    assert "Wijzigen" not in page and "Publiceren" not in page  # no manager's buttons
    staff = persona_client("programme_manager").get("/kamer/adviezen/").content.decode()
    assert "Intern advies" in staff and "Niet openbaar" in staff


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_an_unpublished_report_is_not_found_by_outsiders(persona_client, persona):
    item = AdviceItemFactory(report__is_published=False, title="Geheime aanbeveling")
    client = persona_client(persona)
    slug = item.report.slug
    for url in (f"/kamer/adviezen/{slug}/", f"/api/v1/advisory-reports/{slug}"):
        assert client.get(url).status_code == 404, url
    listing = client.get("/kamer/adviezen/opvolging/").content.decode()
    assert "Geheime aanbeveling" not in listing
    export = client.get("/kamer/adviezen/opvolging/export/json/").json()
    assert export == []


def test_an_item_is_reached_only_through_its_own_report(persona_client):
    mine = AdviceItemFactory()
    other = AdvisoryReportFactory(is_published=False)
    client = persona_client("programme_manager")
    # The id of an item with the slug of another report is not found.
    url = f"/kamer/adviezen/{AdvisoryReportFactory().slug}/punt/{mine.pk}/bewerken/"
    assert client.get(url).status_code == 404
    assert client.get(f"/kamer/adviezen/{mine.report.slug}/punt/{mine.pk}/bewerken/").status_code
    assert other.slug  # a private report exists, and the manager may reach it
    assert client.get(f"/kamer/adviezen/{other.slug}/").status_code == 200


def test_the_old_recommendations_address_leads_to_the_advice(client):
    response = client.get("/portfolio/aanbevelingen/")
    assert response.status_code == 301 and response["Location"] == "/kamer/adviezen/"


# --- writing -------------------------------------------------------------------------


def test_manager_records_an_advice_that_stays_private_until_published(
    persona_client, programme_manager
):
    client = persona_client("programme_manager")
    key = _key(client, "/kamer/adviezen/nieuw/")
    response = client.post("/kamer/adviezen/nieuw/", _report_form(idempotency_key=key))
    assert response.status_code == 302
    report = AdvisoryReport.objects.get(slug="acict-gf")
    assert not report.is_published
    assert report.history.first().history_change_reason == "parliament.advice.created"
    assert report.history.first().history_user == programme_manager
    # The same form sent twice makes one report.
    again = client.post("/kamer/adviezen/nieuw/", _report_form(idempotency_key=key))
    assert again.status_code == 302 and AdvisoryReport.objects.count() == 1

    url = f"/kamer/adviezen/{report.slug}/punt/nieuw/"
    response = client.post(url, _item_form(idempotency_key=_key(client, url)))
    assert response.status_code == 302
    item = AdviceItem.objects.get(report=report)
    assert item.disposition == "agreed" and item.status == "open"
    assert response["Location"].endswith(f"#punt-{item.pk}")
    assert persona_client("anonymous").get(report.get_absolute_url()).status_code == 404

    client.post(f"/kamer/adviezen/{report.slug}/publish/", {"lock_version": report.lock_version})
    report.refresh_from_db()
    assert report.is_published
    page = persona_client("anonymous").get(report.get_absolute_url()).content.decode()
    assert "Verbeter de coördinatie van projecten" in page


def test_bad_input_is_explained_and_nothing_is_saved(persona_client):
    client = persona_client("programme_manager")
    response = client.post(
        "/kamer/adviezen/nieuw/",
        _report_form(title="", received_on="2026-06-01", response_on="2026-05-01"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is vereist." in page
    assert "De reactie kan niet zijn verstuurd voordat het rapport er was." in page
    assert not AdvisoryReport.objects.exists()
    # A slug the pages use themselves is refused.
    response = client.post("/kamer/adviezen/nieuw/", _report_form(slug="opvolging"))
    assert "Deze korte naam is al in gebruik." in response.content.decode()

    report = AdvisoryReportFactory()
    response = client.post(f"/kamer/adviezen/{report.slug}/punt/nieuw/", _item_form(reasoning="  "))
    assert "Geef de onderbouwing van het standpunt." in response.content.decode()
    AdviceItemFactory(report=report, kind="recommendation", label="4")
    response = client.post(f"/kamer/adviezen/{report.slug}/punt/nieuw/", _item_form())
    assert "Dit rapport heeft al een conclusie of aanbeveling met dit label." in (
        response.content.decode()
    )
    assert report.items.count() == 1


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_others_cannot_record_or_change_advice(persona_client, persona):
    item = AdviceItemFactory(title="Ongewijzigd")
    report = item.report
    client = persona_client(persona)
    expected = 302 if persona == "anonymous" else 403
    assert client.post("/kamer/adviezen/nieuw/", _report_form()).status_code == expected
    base = f"/kamer/adviezen/{report.slug}"
    assert client.post(f"{base}/bewerken/", _report_form()).status_code == expected
    assert client.post(f"{base}/punt/nieuw/", _item_form()).status_code == expected
    edit = f"{base}/punt/{item.pk}/bewerken/"
    assert client.post(edit, _item_form()).status_code == expected
    for verb in ("start", "complete"):
        response = client.post(f"{base}/punt/{item.pk}/{verb}/", {"lock_version": 1})
        assert response.status_code == expected
    response = client.post(f"{base}/unpublish/", {"lock_version": report.lock_version})
    assert response.status_code == expected
    item.refresh_from_db()
    report.refresh_from_db()
    assert item.title == "Ongewijzigd" and item.status == "open" and report.is_published
    assert AdviceItem.objects.count() == 1 and AdvisoryReport.objects.count() == 1


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(persona_client, programme_manager):
    item = AdviceItemFactory(title="Oorspronkelijk")
    stale = item.lock_version
    services.advice_item_update(
        actor=programme_manager, item=item, lock_version=stale, title="Door een ander"
    )
    response = persona_client("programme_manager").post(
        f"/kamer/adviezen/{item.report.slug}/punt/{item.pk}/bewerken/",
        _item_form(title="Mijn tekst", lock_version=stale),
    )
    assert response.status_code == 200
    assert "Mijn tekst" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Door een ander"


def test_follow_up_moves_through_its_steps_and_done_says_what_was_done(
    persona_client, programme_manager
):
    item = AdviceItemFactory(follow_up="")
    client = persona_client("programme_manager")
    base = f"/kamer/adviezen/{item.report.slug}/punt/{item.pk}"
    client.post(f"{base}/start/", {"lock_version": item.lock_version})
    item.refresh_from_db()
    assert item.status == "in_progress"
    response = client.post(f"{base}/complete/", {"lock_version": item.lock_version}, follow=True)
    assert "Beschrijf de opvolging voordat u die als afgerond markeert." in (
        response.content.decode()
    )
    item.refresh_from_db()
    assert item.status == "in_progress"
    services.advice_item_update(
        actor=programme_manager,
        item=item,
        lock_version=item.lock_version,
        follow_up="Portfolio-overleg ingericht.",
        disposition="partly",
    )
    item.refresh_from_db()
    client.post(f"{base}/complete/", {"lock_version": item.lock_version})
    item.refresh_from_db()
    assert item.status == "done"
    response = client.post(f"{base}/start/", {"lock_version": item.lock_version}, follow=True)
    assert "Deze stap kan niet in de huidige status" in response.content.decode()
    client.post(f"{base}/reopen/", {"lock_version": item.lock_version})
    item.refresh_from_db()
    assert item.status == "in_progress"
    reasons = list(item.history.values_list("history_change_reason", flat=True))
    assert reasons[:4] == [
        "parliament.adviceitem.reopened",
        "parliament.adviceitem.completed",
        "parliament.adviceitem.disposed",
        "parliament.adviceitem.started",
    ]
    # A stale button is refused and changes nothing.
    response = client.post(f"{base}/complete/", {"lock_version": 1}, follow=True)
    assert "heeft iemand anders dit onderdeel opgeslagen" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "in_progress"


# --- the managers' to-do and the meeting pack ---------------------------------------


def test_overdue_follow_up_is_on_the_managers_to_do_and_in_the_meeting_pack(persona_client):
    late = AdviceItemFactory(title="Te laat opgevolgd", deadline=TODAY() - dt.timedelta(days=2))
    AdviceItemFactory(title="Op tijd", deadline=TODAY() + dt.timedelta(days=20))
    AdviceItemFactory(title="Al gedaan", status="done", deadline=TODAY() - dt.timedelta(days=9))
    home = persona_client("programme_manager").get("/").content.decode()
    assert "Te laat opgevolgd" in home and "Op tijd" not in home and "Al gedaan" not in home
    assert late.get_absolute_url() in home
    for persona in ("field_party", "board_member"):
        assert "Te laat opgevolgd" not in persona_client(persona).get("/").content.decode()
    pack = persona_client("programme_manager").get("/portfolio/overleg/").content.decode()
    section = pack.split("Openstaande opvolging van adviezen")[1]
    assert section.index("Te laat opgevolgd") < section.index("Op tijd")
    assert "Al gedaan" not in section and "(te laat)" in section


# --- lists, exports, API -------------------------------------------------------------


def test_follow_up_list_filters_and_export_streams_the_same(persona_client):
    report = AdvisoryReportFactory(title="Advies X")
    AdviceItemFactory(report=report, title="Alfa te laat", deadline=TODAY() - dt.timedelta(days=1))
    AdviceItemFactory(report=report, title="Beta niet eens", disposition="not_agreed")
    AdviceItemFactory(report=report, kind="conclusion", label="A", title="Gamma conclusie")
    client = persona_client("anonymous")

    def titles(query):
        page = client.get("/kamer/adviezen/opvolging/?" + query).content.decode()
        return [t for t in ("Alfa te laat", "Beta niet eens", "Gamma conclusie") if t in page]

    assert titles("status=overdue") == ["Alfa te laat"]
    assert titles("disposition=not_agreed") == ["Beta niet eens"]
    assert titles("kind=conclusion") == ["Gamma conclusie"]
    assert titles("q=gamma") == ["Gamma conclusie"]
    assert client.get("/kamer/adviezen/opvolging/?status=x&sort=y").status_code == 200
    empty = client.get("/kamer/adviezen/opvolging/?q=bestaatniet").content.decode()
    assert "Geen conclusies of aanbevelingen gevonden" in empty
    response = client.get("/kamer/adviezen/opvolging/export/csv/?status=overdue")
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    assert "Alfa te laat" in body and "Beta niet eens" not in body
    assert client.get("/kamer/adviezen/opvolging/export/exe/").status_code == 404


def test_api_lists_published_reports_with_filters_and_as_of(client, programme_manager):
    programme = ProgrammeFactory(slug="igf")
    decision = DecisionFactory(is_published=True)
    hidden_decision = DecisionFactory(is_published=False)
    item = AdviceItemFactory(report__slug="acict", label="1", disposition="pending", reasoning="")
    item.programmes.add(programme)
    item.decisions.add(decision, hidden_decision)
    AdviceItemFactory(report__is_published=False)
    day = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    item.report.history.update(history_date=day)
    item.history.update(history_date=day)
    item.refresh_from_db()
    services.advice_item_update(
        actor=programme_manager,
        item=item,
        lock_version=item.lock_version,
        disposition="agreed",
        reasoning="Overgenomen.",
    )
    data = client.get("/api/v1/advisory-reports").json()
    assert [r["slug"] for r in data["results"]] == ["acict"]
    row = data["results"][0]["items"][0]
    assert row["disposition"] == "agreed" and row["programmes"] == ["igf"]
    assert row["decisions"] == [decision.pk]  # the unpublished decision is left out
    assert client.get("/api/v1/advisory-reports?programme=igf").json()["results"]
    assert not client.get("/api/v1/advisory-reports?programme=ldn").json()["results"]
    then = client.get("/api/v1/advisory-reports?asOf=2026-06-02").json()["results"]
    assert then[0]["items"][0]["disposition"] == "pending"
    assert not client.get("/api/v1/advisory-reports?asOf=2026-05-01").json()["results"]
    assert client.get("/api/v1/advisory-reports?asOf=gisteren").status_code == 400
    one = client.get("/api/v1/advisory-reports/acict")
    assert one.status_code == 200 and one.json()["items"][0]["label"] == "1"


@pytest.mark.parametrize("persona", ["anonymous", "programme_manager"])
def test_advice_pages_and_api_queries_do_not_grow(persona_client, persona):
    programme = ProgrammeFactory()
    decision = DecisionFactory(is_published=True)
    big = AdvisoryReportFactory(slug="groot")

    def add(n):
        for _ in range(n):
            item = AdviceItemFactory(report=big)
            item.programmes.add(programme)
            item.decisions.add(decision)
            AdviceItemFactory()  # and a report of its own

    urls = (
        "/kamer/adviezen/",
        "/kamer/adviezen/opvolging/",
        "/kamer/adviezen/groot/",
        "/api/v1/advisory-reports",
    )
    client = persona_client(persona)
    counts = {}
    for size, extra in (("one", 1), ("fifty", 49)):
        add(extra)
        for url in urls:
            client.get(url)  # warm: sessions, caches
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200
            counts[(size, url)] = len(ctx)
    for url in urls:
        assert counts[("one", url)] == counts[("fifty", url)], (url, counts)
    # The lists: count and page (and, for a returning anonymous visitor, the data version
    # behind the page's ETag). The report page: the report, its programmes, its items and
    # their three kinds of link. The API: count, page, report programmes, items and their
    # three kinds of link.
    budgets = {
        "anonymous": {urls[0]: 3, urls[1]: 3, urls[2]: 7, urls[3]: 8},  # API: + data version
        # … and the session, the user and their groups; on the report, whether they follow it
        "programme_manager": {urls[0]: 6, urls[1]: 6, urls[2]: 11, urls[3]: 10},
    }[persona]
    assert {url: counts[("fifty", url)] for url in urls} == budgets


# --- search, impact, follow, open data ------------------------------------------------


def test_search_and_impact_show_published_advice_only(persona_client):
    from portal.search.indexing import rebuild

    programme = ProgrammeFactory(slug="igf")
    shown = AdviceItemFactory(title="Beëindig zichtbaarxyz")
    hidden = AdviceItemFactory(title="Beëindig geheimxyz", report__is_published=False)
    for item in (shown, hidden):
        item.programmes.add(programme)
    rebuild()
    client = persona_client("anonymous")
    results = client.get("/zoeken/?q=zichtbaarxyz").content.decode()
    assert shown.report.title in results
    assert hidden.report.title not in client.get("/zoeken/?q=geheimxyz").content.decode()
    impact = client.get("/dashboards/impact/programma/igf/").content.decode()
    assert "zichtbaarxyz" in impact and "geheimxyz" not in impact


def test_followers_of_a_report_hear_of_a_new_disposition(client, field_party, programme_manager):
    from portal.notifications.models import Notification

    item = AdviceItemFactory(disposition="pending", reasoning="")
    client.force_login(field_party)
    response = client.post(
        reverse("notifications:follow"),
        {"kind": "advice", "id": item.report.pk, "action": "follow"},
    )
    assert response.status_code == 302
    services.advice_item_update(
        actor=programme_manager,
        item=item,
        lock_version=item.lock_version,
        disposition="agreed",
        reasoning="Overgenomen.",
    )
    note = Notification.objects.get(user=field_party)
    assert note.verb == "parliament.adviceitem.disposed"
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert item.report.title in inbox and "heeft een nieuw standpunt van het ministerie" in inbox


def test_open_data_catalogue_lists_advice_and_legislation(client):
    page = client.get("/open-data/").content.decode()
    assert "/api/v1/advisory-reports" in page and "/kamer/adviezen/opvolging/export/csv/" in page
    assert "/api/v1/legislation" in page and "/kamer/wetgeving/export/csv/" in page
