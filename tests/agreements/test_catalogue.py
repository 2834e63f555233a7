from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, Release, ReleaseItem
from agreements.services import refresh_search_vectors
from tests.factories import (
    AgreementFactory,
    AgreementSystemFactory,
    AgreementVersionFactory,
    ComplianceRecordFactory,
    HarmonisationFactory,
    OrganisationFactory,
    ReleaseFactory,
    ReleaseItemFactory,
    StandardFactory,
)

pytestmark = pytest.mark.django_db


def _codes(response) -> list[str]:
    return [a.code for a in response.context["page_obj"]]


def test_public_catalogue_hides_drafts_staff_sees_them(client, programme_manager):
    AgreementFactory(code="LAS-A-1")
    AgreementFactory(code="LAS-A-2", status=Agreement.Status.DRAFT)
    assert _codes(client.get(reverse("agreements:list"))) == ["LAS-A-1"]
    assert client.get(reverse("agreements:detail", args=["LAS-A-2"])).status_code == 404
    client.force_login(programme_manager)
    assert _codes(client.get(reverse("agreements:list"))) == ["LAS-A-1", "LAS-A-2"]
    assert client.get(reverse("agreements:detail", args=["LAS-A-2"])).status_code == 200


def test_filters_by_layer_topic_plateau_status_system_and_temporary(client):
    other = AgreementSystemFactory(name="MedMij", slug="medmij", is_national=False)
    AgreementFactory(code="LAS-A-1", layer="juridisch", topic="logging", plateau="2028-2030")
    AgreementFactory(code="LAS-A-2", system=other)
    AgreementFactory(
        code="LAS-A-3",
        is_temporary=True,
        valid_until=dt.date(2027, 1, 1),
        reassessment_date=dt.date(2026, 12, 1),
    )
    AgreementFactory(code="LAS-A-4", status=Agreement.Status.WITHDRAWN)
    url = reverse("agreements:list")
    assert _codes(client.get(url, {"layer": "juridisch"})) == ["LAS-A-1"]
    assert _codes(client.get(url, {"topic": "logging"})) == ["LAS-A-1"]
    assert _codes(client.get(url, {"plateau": "2028-2030"})) == ["LAS-A-1"]
    assert _codes(client.get(url, {"system": "medmij"})) == ["LAS-A-2"]
    assert _codes(client.get(url, {"isTemporary": "on"})) == ["LAS-A-3"]
    assert _codes(client.get(url, {"status": "withdrawn"})) == ["LAS-A-4"]
    assert len(_codes(client.get(url))) == 4


def test_invalid_filter_value_gives_a_message_not_an_error(client):
    AgreementFactory()
    response = client.get(reverse("agreements:list"), {"layer": "bestaat-niet"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_full_text_search_in_dutch_ranks_and_stems(client):
    a = AgreementFactory(
        code="LAS-A-1",
        title="Identificatie van zorgverleners",
        version__text="Zorgverleners worden eenduidig geïdentificeerd.",
    )
    b = AgreementFactory(
        code="LAS-A-2", title="Logging", version__text="Over zorgverlener logging."
    )
    AgreementFactory(code="LAS-A-3", title="Netwerk", version__text="Over verbindingen.")
    refresh_search_vectors([a.pk, b.pk, Agreement.objects.get(code="LAS-A-3").pk])
    codes = _codes(client.get(reverse("agreements:list"), {"q": "zorgverlener"}))
    assert codes == ["LAS-A-1", "LAS-A-2"]  # title match ranks first; plural stemmed
    assert _codes(client.get(reverse("agreements:list"), {"q": "LAS-A-3"})) == ["LAS-A-3"]


def test_sort_and_paginate(client):
    for i in range(30):
        AgreementFactory(code=f"LAS-S-{i:02d}", title=f"Titel {99 - i:02d}")
    response = client.get(reverse("agreements:list"), {"ordering": "title"})
    assert _codes(response)[0] == "LAS-S-29"
    assert len(_codes(response)) == 25
    page2 = client.get(reverse("agreements:list"), {"ordering": "title", "page": 2})
    assert len(_codes(page2)) == 5
    assert 'rel="next"' in response.content.decode()


@pytest.mark.parametrize("n", [1, 50])
def test_catalogue_list_queries_do_not_grow(client, django_assert_num_queries, n):
    for i in range(n):
        AgreementFactory(code=f"LAS-Q-{i:03d}")
    # data version, count, which rows make the page, those rows, agreement systems for
    # the filter's choices
    with django_assert_num_queries(5):
        response = client.get(reverse("agreements:list"))
    assert response.status_code == 200
    # Asked again with the data unchanged: the count, the page's ids and the filter form
    # come from the cache (kept under the data version); data version and rows remain.
    with django_assert_num_queries(2):
        response = client.get(reverse("agreements:list"))
    assert f"{n} afspra" in response.content.decode()


def test_the_catalogue_count_follows_a_change_at_once(client, django_capture_on_commit_callbacks):
    AgreementFactory(code="LAS-C-001")
    assert "1 afspraak" in client.get(reverse("agreements:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the change is committed
        AgreementFactory(code="LAS-C-002")
    assert "2 afspraken" in client.get(reverse("agreements:list")).content.decode()


def test_a_catalogue_search_follows_a_change_at_once_and_shows_no_one_more(
    client, programme_manager, django_capture_on_commit_callbacks
):
    """The rows of a ranked page are kept under the data version: a committed change shows
    at once, and rows found for staff (drafts among them) never reach a visitor."""

    def add(code: str, title: str, **fields) -> None:
        with django_capture_on_commit_callbacks(execute=True):  # committed, indexed
            refresh_search_vectors([AgreementFactory(code=code, title=title, **fields).pk])

    add("LAS-S-001", "Toestemming delen")
    url = reverse("agreements:list") + "?q=toestemming"
    assert "LAS-S-001" in client.get(url).content.decode()
    add("LAS-S-002", "Toestemming vastleggen")
    assert "LAS-S-002" in client.get(url).content.decode()
    add("LAS-S-003", "Toestemming concept", status=Agreement.Status.DRAFT)
    staff = Client()
    staff.force_login(programme_manager)
    assert "LAS-S-003" in staff.get(url).content.decode()
    visitor = client.get(url).content.decode()
    assert "LAS-S-002" in visitor and "LAS-S-003" not in visitor


def test_detail_shows_text_standards_releases_and_harmonisations(client):
    nictiz = OrganisationFactory(name="Nictiz", slug="nictiz")
    std = StandardFactory(name="HL7 FHIR", maintainer=nictiz, url="https://example.org/fhir")
    a = AgreementFactory(code="LAS-D-1", version__text="## Afspraak\n\nGebruik **FHIR**.")
    a.standards.add(std)
    release = ReleaseFactory(
        number="2025.1", status=Release.Status.PUBLISHED, published_on=dt.date(2025, 7, 1)
    )
    ReleaseItemFactory(release=release, version=a.versions.get())
    medmij = AgreementSystemFactory(name="MedMij", slug="medmij", is_national=False)
    HarmonisationFactory(agreement=a, system=medmij, relation="refers_to")
    html = client.get(reverse("agreements:detail", args=["LAS-D-1"])).content.decode()
    assert "<strong>FHIR</strong>" in html
    assert 'href="https://example.org/fhir"' in html
    assert "Nictiz" in html
    assert "2025.1" in html
    assert "MedMij" in html and "verwijst ernaar" in html


def test_markdown_is_sanitised(client):
    AgreementFactory(
        code="LAS-X-1", version__text="<script>alert(1)</script>[x](javascript:alert(1))"
    )
    html = client.get(reverse("agreements:detail", args=["LAS-X-1"])).content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:alert" not in html


def test_temporary_agreement_is_marked_with_period_and_replacement(client):
    AgreementFactory(
        code="LAS-T-1",
        is_temporary=True,
        valid_from=dt.date(2026, 1, 15),
        valid_until=dt.date(2027, 6, 30),
        reassessment_date=dt.date(2027, 1, 10),
        replacement_note="De landelijke koppelvlakken.",
    )
    html = client.get(reverse("agreements:detail", args=["LAS-T-1"])).content.decode()
    assert "Tussentijdse afspraak" in html
    assert "30 juni 2027" in html and "10 januari 2027" in html
    assert "De landelijke koppelvlakken." in html


@pytest.mark.parametrize("n", [1, 50])
def test_detail_queries_do_not_grow(client, django_assert_num_queries, n):
    a = AgreementFactory(code="LAS-D-1")
    for i in range(2, n + 2):
        AgreementVersionFactory(agreement=a, number=i, text=f"v{i}")
    for _ in range(n):
        a.standards.add(StandardFactory())
        r = ReleaseFactory(status=Release.Status.PUBLISHED, published_on=dt.date(2025, 1, 1))
        ReleaseItemFactory(release=r, version=a.versions.get(number=1))
    # agreement, standards+maintainers, versions, release items, harmonisations, and
    # the standards of the template's `a.standards.all` (prefetched: no query); adoption
    # figures and targets
    with django_assert_num_queries(8):
        assert client.get(reverse("agreements:detail", args=["LAS-D-1"])).status_code == 200


def _two_versions():
    a = AgreementFactory(
        code="LAS-V-1", version__text="Oude tekst.", version__effective_from=dt.date(2025, 7, 1)
    )
    v1 = a.versions.get()
    v1.is_current, v1.effective_until = False, dt.date(2026, 1, 15)
    v1.save()
    AgreementVersionFactory(
        agreement=a,
        number=2,
        text="Nieuwe tekst.",
        is_current=True,
        effective_from=dt.date(2026, 1, 15),
    )
    AgreementFactory(code="LAS-V-2", version__effective_from=dt.date(2026, 3, 1))
    return a


def test_as_of_date_shows_the_version_in_force_then(client):
    _two_versions()
    url = reverse("agreements:detail", args=["LAS-V-1"])
    assert "Oude tekst." in client.get(url, {"asOf": "2025-12-31"}).content.decode()
    assert "Nieuwe tekst." in client.get(url, {"asOf": "2026-01-15"}).content.decode()
    assert "Nieuwe tekst." in client.get(url).content.decode()
    assert "niet van kracht" in client.get(url, {"asOf": "2025-01-01"}).content.decode()


def test_catalogue_as_of_date_lists_what_was_in_force(client):
    _two_versions()
    url = reverse("agreements:list")
    assert _codes(client.get(url, {"asOf": "2025-12-31"})) == ["LAS-V-1"]
    assert _codes(client.get(url, {"asOf": "2026-03-01"})) == ["LAS-V-1", "LAS-V-2"]
    assert _codes(client.get(url, {"asOf": "2025-01-01"})) == []


def test_api_as_of_date_across_a_version_change(client):
    _two_versions()
    before = client.get("/api/v1/agreements/LAS-V-1", {"asOf": "2025-12-31"}).json()
    after = client.get("/api/v1/agreements/LAS-V-1", {"asOf": "2026-02-01"}).json()
    assert (before["version"]["number"], before["text"]) == (1, "Oude tekst.")
    assert (after["version"]["number"], after["text"]) == (2, "Nieuwe tekst.")
    listing = client.get("/api/v1/agreements", {"asOf": "2025-12-31"}).json()
    assert [a["code"] for a in listing["results"]] == ["LAS-V-1"]


def test_api_bad_as_of_is_a_problem_document(client):
    response = client.get("/api/v1/agreements/LAS-X", {"asOf": "gisteren"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_compare_versions_shows_a_readable_diff(client):
    _two_versions()
    response = client.get(reverse("agreements:compare", args=["LAS-V-1"]), {"van": 1, "naar": 2})
    html = response.content.decode()
    assert "Oude tekst.</del>" in html
    assert "Nieuwe tekst.</ins>" in html


def _published_release(number, day, items):
    release = ReleaseFactory(number=number, status=Release.Status.PUBLISHED, published_on=day)
    for version, kind in items:
        ReleaseItemFactory(release=release, version=version, change_type=kind)
    return release


def test_release_detail_groups_notes_and_compare_two_releases(client):
    a = _two_versions()
    b = Agreement.objects.get(code="LAS-V-2")
    _published_release("2025.1", dt.date(2025, 7, 1), [(a.versions.get(number=1), "added")])
    _published_release(
        "2026.1",
        dt.date(2026, 3, 1),
        [(a.versions.get(number=2), "changed"), (b.versions.get(), "added")],
    )
    response = client.get(reverse("agreements:release-detail", args=["2026.1"]))
    groups = response.context["groups"]
    assert [i.version.agreement.code for i in groups["changed"]] == ["LAS-V-1"]
    assert [i.version.agreement.code for i in groups["added"]] == ["LAS-V-2"]
    diff = client.get(
        reverse("agreements:release-compare"), {"a": "2025.1", "b": "2026.1"}
    ).context["diff"]
    assert [v.agreement.code for v in diff.added] == ["LAS-V-2"]
    assert [(o.number, n.number) for o, n in diff.changed] == [(1, 2)]
    assert diff.removed == []


def test_unpublished_releases_are_not_public(client, board_member):
    ReleaseFactory(number="2030.1", status=Release.Status.IN_REVIEW)
    assert client.get(reverse("agreements:release-detail", args=["2030.1"])).status_code == 404
    assert client.get("/api/v1/releases/2030.1").status_code == 404
    assert client.get("/api/v1/releases").json()["count"] == 0
    client.force_login(board_member)
    assert client.get(reverse("agreements:release-detail", args=["2030.1"])).status_code == 200


@pytest.mark.parametrize("n", [1, 50])
def test_release_detail_queries_do_not_grow(client, django_assert_num_queries, n):
    items = [(AgreementFactory().versions.get(), "added") for _ in range(n)]
    _published_release("2025.1", dt.date(2025, 7, 1), items)
    # release, its items with versions and agreements, its reviews
    with django_assert_num_queries(3):
        assert client.get(reverse("agreements:release-detail", args=["2025.1"])).status_code == 200


def test_compliance_overview_filters_by_party_and_agreement(client):
    a, b = AgreementFactory(code="LAS-C-1"), AgreementFactory(code="LAS-C-2")
    vendor = OrganisationFactory(name="Leverancier (fictief)", slug="leverancier")
    ComplianceRecordFactory(organisation=vendor, version=a.versions.get())
    ComplianceRecordFactory(version=b.versions.get())
    url = reverse("agreements:compliance")
    rows = client.get(url, {"party": "leverancier"}).context["page_obj"]
    assert [r.version.agreement.code for r in rows] == ["LAS-C-1"]
    rows = client.get(url, {"agreement": "LAS-C-2"}).context["page_obj"]
    assert [r.organisation.slug for r in rows] != ["leverancier"] and len(rows) == 1


def test_exports_in_three_formats_follow_the_filters(client):
    AgreementFactory(code="LAS-E-1", title='=HYPERLINK("http://evil")', layer="juridisch")
    AgreementFactory(code="LAS-E-2", layer="technisch")
    response = client.get(reverse("agreements:export", args=["csv"]), {"layer": "juridisch"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "LAS-E-1" in body and "LAS-E-2" not in body
    assert "'=HYPERLINK" in body  # a formula is neutralised
    data = json.loads(client.get(reverse("agreements:export", args=["json"])).content)
    assert {row["code"] for row in data} == {"LAS-E-1", "LAS-E-2"}
    xlsx = client.get(reverse("agreements:export", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("agreements:export", args=["exe"])).status_code == 404


def test_atom_feed_lists_published_releases_only(client):
    ReleaseFactory(
        number="2025.1",
        status=Release.Status.PUBLISHED,
        published_on=dt.date(2025, 7, 1),
        notes="Eerste **release**.",
    )
    ReleaseFactory(number="2030.9", status=Release.Status.IN_REVIEW)
    response = client.get(reverse("feed-releases"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "2025.1" in body and "2030.9" not in body


@pytest.mark.parametrize("n", [1, 50])
def test_api_lists_queries_do_not_grow(client, django_assert_num_queries, n):
    for _ in range(n):
        a = AgreementFactory()
        a.standards.add(StandardFactory())
        r = ReleaseFactory(status=Release.Status.PUBLISHED, published_on=dt.date(2025, 1, 1))
        ReleaseItemFactory(release=r, version=a.versions.get())
    with django_assert_num_queries(5):  # + the data version (ETag)
        assert client.get("/api/v1/agreements").status_code == 200
    with django_assert_num_queries(5):  # + the data version (ETag)
        assert client.get("/api/v1/releases").status_code == 200
    with django_assert_num_queries(4):  # + the data version (ETag)
        assert client.get("/api/v1/standards").status_code == 200


def test_api_agreement_filters_and_detail(client):
    a = AgreementFactory(code="LAS-P-1", layer="juridisch")
    AgreementFactory(
        code="LAS-P-2",
        is_temporary=True,
        valid_until=dt.date(2027, 1, 1),
        reassessment_date=dt.date(2026, 12, 1),
    )
    assert [
        x["code"]
        for x in client.get("/api/v1/agreements", {"layer": "juridisch"}).json()["results"]
    ] == ["LAS-P-1"]
    assert [
        x["code"]
        for x in client.get("/api/v1/agreements", {"isTemporary": "true"}).json()["results"]
    ] == ["LAS-P-2"]
    assert [
        x["code"] for x in client.get("/api/v1/agreements", {"ordering": "-code"}).json()["results"]
    ] == ["LAS-P-2", "LAS-P-1"]
    detail = client.get("/api/v1/agreements/LAS-P-1").json()
    assert detail["text"] == a.versions.get().text
    assert detail["versions"][0]["number"] == 1
    assert client.get("/api/v1/agreements/LAS-NOPE").status_code == 404


def test_demo_catalogue_is_complete(demo_data, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DEMO_PASSWORD", "demo-wachtwoord-lang-genoeg")
    assert Agreement.objects.exclude(status="draft").count() >= 25
    assert set(Agreement.objects.values_list("layer", flat=True)) == set(Agreement.Layer.values)
    topics = set(Agreement.objects.values_list("topic", flat=True))
    for topic in [
        "identificatie",
        "authenticatie",
        "autorisatie",
        "toestemming",
        "lokalisatie",
        "adressering",
        "logging",
        "netwerk",
        "communicatiepatroon",
    ]:
        assert topic in topics
    assert Agreement.objects.filter(is_temporary=True).count() >= 2
    assert Release.objects.count() == 3
    assert Release.objects.filter(status=Release.Status.IN_REVIEW).count() == 1
    assert ReleaseItem.objects.filter(change_type="withdrawn").exists()
    call_command("load_demo")
    assert Release.objects.count() == 3
