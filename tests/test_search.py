"""Site-wide search: Dutch full text, ranked and highlighted, in facets, never leaking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementVersion, Release
from consultations.models import Consultation
from portal.search.models import SearchEntry
from tests.factories import (
    AgreementFactory,
    AgreementVersionFactory,
    ConsultationFactory,
    ExchangeFactory,
    InitiativeFactory,
    MilestoneFactory,
    PilotFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    ReleaseFactory,
    TrancheFactory,
)

pytestmark = pytest.mark.django_db

WORD = "zebrapad"  # a word found nowhere else


def _search(client, q, **extra):
    response = client.get(reverse("search:results"), {"q": q, **extra})
    assert response.status_code == 200
    return response


def _hidden_objects(region):
    """One object of every kind that the public may not see, each with the word."""
    now = timezone.now()
    AgreementFactory(title=f"Concept {WORD}", status=Agreement.Status.DRAFT)
    ReleaseFactory(title=f"Release {WORD}", status=Release.Status.DRAFT)
    TrancheFactory(
        name=f"Tranche {WORD}",
        slug="t-hidden",
        goal="x",
        value_for_care_providers="x",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 1),
        is_published=False,
    )
    MilestoneFactory(
        title=f"Mijlpaal {WORD}",
        date=dt.date(2026, 1, 1),
        original_date=dt.date(2026, 1, 1),
        is_public=False,
    )
    PilotFactory(
        title=f"Pilot {WORD}", slug="p-hidden", kind="pilot", summary="x", is_published=False
    )
    ConsultationFactory(
        title=f"Consultatie {WORD}",
        slug="c-hidden",
        subject="gisa",
        introduction="x",
        status=Consultation.Status.DRAFT,
        opens_at=now + dt.timedelta(days=5),
        closes_at=now + dt.timedelta(days=30),
    )
    # A region's draft progress report is never in the index at all.
    initiative = InitiativeFactory(region=region, slug="i-x", title="X", purpose="x")
    ProgressReportFactory(
        initiative=initiative,
        period="2026-K1",
        due_date=dt.date(2026, 4, 15),
        progress=f"Voortgang {WORD}",
    )


@pytest.mark.parametrize("persona", ["anonymous", "field_party", "coordinator_y", "cds_reviewer"])
def test_search_never_shows_what_the_person_may_not_see(persona_client, persona, region_x):
    _hidden_objects(region_x)
    client = persona_client(persona)
    response = _search(client, WORD)
    html = response.content.decode()
    assert "0 resultaten" in html
    assert "portal-search-results" not in html
    # Not through a facet either.
    for kind in ("agreement", "release", "tranche", "milestone", "pilot", "consultation"):
        assert "0 resultaten" in _search(client, WORD, soort=kind).content.decode()


def test_staff_find_drafts_and_internal_items_marked_as_not_public(
    client, programme_manager, region_x
):
    _hidden_objects(region_x)
    client.force_login(programme_manager)
    html = _search(client, WORD).content.decode()
    assert "6 resultaten" in html
    assert html.count("niet openbaar") == 6
    assert "Voortgang" not in html  # the draft report is not indexed, even for staff
    # What staff found is kept for the next search of the same words, but never for
    # someone who may see less: a visitor asking the same, with the data unchanged.
    visitor = _search(Client(), WORD).content.decode()
    assert "0 resultaten" in visitor and "niet openbaar" not in visitor
    for kind in ("agreement", "release", "pilot"):
        assert "0 resultaten" in _search(Client(), WORD, soort=kind).content.decode()


def test_results_are_ranked_highlighted_and_escaped(client):
    AgreementFactory(code="LAS-A-1", title="Medicatieoverdracht tussen apotheken")
    AgreementFactory(
        code="LAS-A-2",
        title="Iets anders",
        version__text="Over medicatieoverdracht <script>alert(1)</script> in de wijk.",
    )
    html = _search(client, "medicatieoverdracht").content.decode()
    assert html.index("LAS-A-1") < html.index("LAS-A-2")  # the title weighs more
    assert "<mark>Medicatieoverdracht</mark>" in html
    assert "<script>alert(1)</script>" not in html


def test_dutch_word_forms_match(client):
    ExchangeFactory(
        number=3, title="Beelden", care_domain="MSZ", description="Het delen van beelden."
    )
    assert "Beelden" in _search(client, "beeld").content.decode()


def test_facets_count_per_kind_and_filter(client):
    AgreementFactory(title=f"Afspraak {WORD}")
    ExchangeFactory(number=4, title=f"Uitwisseling {WORD}", care_domain="MSZ")
    ProgrammeFactory(name=f"Programma {WORD}", slug="prog")
    html = _search(client, WORD).content.decode()
    assert "3 resultaten" in html
    assert "Afspraken (1)" in html and "Uitwisselingen (1)" in html and "Programma" in html
    only = _search(client, WORD, soort="exchange").content.decode()
    assert "1 resultaat" in only and "Uitwisseling" in only and "Programma zebrapad" not in only
    # An unknown facet is ignored rather than an error.
    assert "3 resultaten" in _search(client, WORD, soort="nope").content.decode()


def test_index_follows_changes_through_the_site(client, django_capture_on_commit_callbacks):
    # Each change committed, as the site commits it: results found before are kept until
    # the data changes (portal.core.fragments), so they must follow every change at once.
    with django_capture_on_commit_callbacks(execute=True):
        agreement = AgreementFactory(code="LAS-I-1", title="Adressering")
        AgreementVersion.objects.filter(agreement=agreement).update(is_current=False)
        AgreementVersionFactory(
            agreement=agreement, number=2, text="Nu ook over okapi's.", is_current=True
        )
    assert "LAS-I-1" in _search(client, "okapi").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        agreement.status = Agreement.Status.DRAFT
        agreement.save()
    assert "LAS-I-1" not in _search(client, "okapi").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pilot = PilotFactory(title="Proef met okapi", slug="okapi", kind="pilot", summary="x")
    assert "Proef met <mark>okapi</mark>" in _search(client, "okapi").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pilot.delete()
    assert "Proef met" not in _search(client, "okapi").content.decode()


def test_rebuild_command_recreates_the_same_index():
    AgreementFactory(title="Eén")
    ExchangeFactory(number=5, title="Twee", care_domain="MSZ")
    before = sorted(SearchEntry.objects.values_list("kind", "title", "is_public"))
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(SearchEntry.objects.values_list("kind", "title", "is_public")) == before
    assert not SearchEntry.objects.filter(search_vector__isnull=True).exists()


@pytest.mark.parametrize("q", ['"', "'", "& | !", "a:*", "(", "-", "x" * 500, "<b>", "😀"])
def test_odd_input_is_handled(client, q):
    response = _search(client, q)
    assert response.status_code == 200


def test_empty_query_shows_the_form_and_no_results(client):
    html = client.get(reverse("search:results")).content.decode()
    assert 'role="search"' in html and "resultaten" not in html


@pytest.mark.parametrize("n", [1, 15])
def test_search_queries_do_not_grow(client, django_assert_num_queries, n):
    for i in range(n):
        AgreementFactory(title=f"Afspraak {WORD} {i}")
        ExchangeFactory(number=300 + i, title=f"Uitwisseling {WORD}", care_domain="MSZ")
    client.cookies.clear()
    # The first time: the data version (ETag), the counts per kind, which rows make the
    # page, those rows with their highlights.
    with django_assert_num_queries(4):
        response = _search(client, WORD)
    found = response.content.decode().count(f"<mark>{WORD}</mark>")
    assert found >= min(2 * n, 20)  # two objects of each n, twenty to a page
    # Asked again with the data unchanged: counts and the page's rows are known; the
    # data version and the rows' highlights remain.
    with django_assert_num_queries(2):
        again = _search(client, WORD)
    assert again.content.decode().count(f"<mark>{WORD}</mark>") == found
