"""Funding money: budget ceilings, calls with deadlines, granted and remaining amounts per
scheme and region, in the pages, the dashboards, the exports and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from portal.core.exceptions import WorkflowError
from roadmap.models import FundingApplication, FundingCall, FundingScheme
from roadmap.regions import services
from tests.factories import FundingSchemeFactory, InitiativeFactory, RegionFactory

pytestmark = pytest.mark.django_db
CRITERIA = [("gisa", "Past in GISA."), ("fhir", "Gebruikt FHIR.")]


def _aware(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def scheme(programme_manager):
    s = FundingSchemeFactory(name="Transformatie", slug="transformatie", budget=Decimal(1500))
    services.scheme_set_criteria(actor=programme_manager, scheme=s, criteria=CRITERIA)
    return s


def _initiative(coordinator, region, slug):
    return services.initiative_create(
        actor=coordinator,
        region=region,
        slug=slug,
        title=f"Initiatief {slug}",
        purpose="Doel",
        status="running",
    )


def _submitted(coordinator, initiative, scheme, amount, title="Aanvraag"):
    application = services.application_create(
        actor=coordinator,
        initiative=initiative,
        scheme=scheme,
        title=title,
        amount_requested=amount,
    )
    answers = {c.pk: ("Antwoord", "") for c in services.criteria_of(scheme)}
    application = services.application_save_answers(
        actor=coordinator,
        application=application,
        lock_version=application.lock_version,
        answers=answers,
    )
    return services.application_submit(actor=coordinator, application=application)


def _assess_all_met(manager, application):
    for c in services.criteria_of(application.scheme, application.criteria_version):
        services.application_assess(
            actor=manager, application=application, criterion=c, verdict="met", reasoning="Ja."
        )


def _granted(manager, application, amount):
    _assess_all_met(manager, application)
    return services.application_decide(
        actor=manager,
        application=application,
        status="granted",
        rationale="Past.",
        amount_granted=amount,
    )


# --- the ceiling ------------------------------------------------------------------------


def test_grants_cannot_exceed_the_budget_ceiling(
    programme_manager, coordinator_x, coordinator_y, region_x, region_y, scheme
):
    first = _submitted(coordinator_x, _initiative(coordinator_x, region_x, "x-1"), scheme, 1000)
    second = _submitted(coordinator_y, _initiative(coordinator_y, region_y, "y-1"), scheme, 1000)
    _granted(programme_manager, first, 1000)
    _assess_all_met(programme_manager, second)
    with pytest.raises(ValidationError) as refused:
        services.application_decide(
            actor=programme_manager,
            application=second,
            status="granted",
            rationale="Past.",
            amount_granted=1000,
        )
    assert "500" in str(refused.value.message_dict["amount_granted"])
    second.refresh_from_db()
    assert second.status == "submitted" and second.amount_granted is None
    services.application_decide(
        actor=programme_manager,
        application=second,
        status="granted",
        rationale="Deels.",
        amount_granted=500,
    )
    assert services.committed_of(scheme) == 1500
    # The ceiling is never lowered below what was granted.
    with pytest.raises(ValidationError) as lowered:
        services.scheme_update(
            actor=programme_manager, scheme=scheme, lock_version=scheme.lock_version, budget=1000
        )
    assert "budget" in lowered.value.message_dict
    assert FundingScheme.objects.get(pk=scheme.pk).budget == 1500


def test_a_refusal_needs_no_budget(programme_manager, coordinator_x, region_x, scheme):
    application = _submitted(
        coordinator_x, _initiative(coordinator_x, region_x, "x-1"), scheme, 1400
    )
    _granted(programme_manager, application, 1400)
    other = _submitted(coordinator_x, _initiative(coordinator_x, region_x, "x-2"), scheme, 900)
    _assess_all_met(programme_manager, other)
    refused = services.application_decide(
        actor=programme_manager, application=other, status="refused", rationale="Geen geld."
    )
    assert refused.status == "refused"


# --- calls and deadlines ------------------------------------------------------------------


@pytest.fixture
def call(programme_manager, scheme):
    return services.call_create(
        actor=programme_manager,
        scheme=scheme,
        name="Ronde 1",
        opens_on=dt.date(2027, 3, 1),
        deadline=_aware(2027, 4, 30, 17, 0),
    )


def test_applications_only_while_a_call_is_open_and_never_after_its_deadline(
    client, coordinator_x, region_x, scheme, call
):
    initiative = _initiative(coordinator_x, region_x, "x-1")
    with freeze_time("2027-02-15 12:00"):
        with pytest.raises(WorkflowError) as early:
            services.application_create(
                actor=coordinator_x,
                initiative=initiative,
                scheme=scheme,
                title="Te vroeg",
                amount_requested=100,
            )
        assert "Ronde 1" in str(early.value) and "1 maart 2027" in str(early.value)
    with freeze_time("2027-03-10 12:00"):
        application = services.application_create(
            actor=coordinator_x,
            initiative=initiative,
            scheme=scheme,
            title="Op tijd",
            amount_requested=100,
        )
    assert application.call == call
    client.force_login(coordinator_x)
    answers = {f"answer_{c.pk}": "Ons antwoord" for c in services.criteria_of(scheme)}
    url = reverse("regions:application-answers", args=[application.pk])
    with freeze_time("2027-04-30 15:01"):  # UTC; 17:01 in Amsterdam
        page = client.get(application.get_absolute_url())
        assert "kan niet meer worden ingediend" in page.content.decode()
        response = client.post(
            url, {**answers, "lock_version": application.lock_version, "submit": "1"}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "deadline van “Ronde 1” is verstreken" in html
        assert "Ons antwoord" in html  # what was typed is kept
    application.refresh_from_db()
    assert application.status == "draft"
    with freeze_time("2027-05-02 12:00"), pytest.raises(WorkflowError) as late:
        services.application_create(
            actor=coordinator_x,
            initiative=initiative,
            scheme=scheme,
            title="Te laat",
            amount_requested=100,
        )
    assert "30 april 2027" in str(late.value)
    # Submitted in time: accepted.
    with freeze_time("2027-04-30 14:59"):  # UTC; 16:59 in Amsterdam
        response = client.post(
            url, {**answers, "lock_version": application.lock_version, "submit": "1"}
        )
    assert response.status_code == 302, response.context["answers_form"].errors
    assert FundingApplication.objects.get(pk=application.pk).status == "submitted"


def test_a_closed_scheme_takes_no_applications_even_in_a_call(
    programme_manager, coordinator_x, region_x, scheme, call
):
    services.scheme_update(
        actor=programme_manager, scheme=scheme, lock_version=scheme.lock_version, is_open=False
    )
    with freeze_time("2027-03-10 12:00"), pytest.raises(WorkflowError):
        services.application_create(
            actor=coordinator_x,
            initiative=_initiative(coordinator_x, region_x, "x-1"),
            scheme=scheme,
            title="Dicht",
            amount_requested=100,
        )


# --- pages for the manager ------------------------------------------------------------------


def test_manager_records_a_scheme_its_budget_and_calls_through_the_pages(client, programme_manager):
    client.force_login(programme_manager)
    response = client.post(
        reverse("regions:scheme-create"),
        {
            "name": "Leerbudget",
            "slug": "leerbudget",
            "source": "IZA",
            "budget": "250000",
            "is_open": "on",
            "idempotency_key": "7f1d6c1e-3f0e-4f7e-9a43-2f1b7f0d5e11",
        },
    )
    assert response.status_code == 302
    scheme = FundingScheme.objects.get(slug="leerbudget")
    assert (scheme.budget, scheme.source) == (250000, "IZA")
    response = client.post(
        reverse("regions:call-create", args=["leerbudget"]),
        {
            "name": "Ronde 2027",
            "opens_on": "2027-01-10",
            "deadline": "2027-02-28T17:00",
            "idempotency_key": "0b9f6f3c-7d3e-4a55-8e42-7a0e2d9e6c01",
        },
    )
    assert response.status_code == 302
    call = FundingCall.objects.get(scheme=scheme)
    assert timezone.localtime(call.deadline) == _aware(2027, 2, 28, 17, 0)
    response = client.post(
        reverse("regions:scheme-edit", args=["leerbudget"]),
        {
            "name": "Leerbudget",
            "budget": "300000",
            "is_open": "on",
            "lock_version": scheme.lock_version,
        },
    )
    assert response.status_code == 302
    assert FundingScheme.objects.get(pk=scheme.pk).budget == 300000
    reasons = list(
        FundingScheme.history.filter(id=scheme.pk)
        .order_by("history_date")
        .values_list("history_change_reason", "history_user")
    )
    assert reasons[0] == ("funding.scheme.created", programme_manager.pk)
    assert reasons[-1] == ("funding.scheme.budget_changed", programme_manager.pk)
    assert FundingCall.history.filter(
        id=call.pk, history_change_reason="funding.call.created"
    ).exists()
    page = client.get(scheme.get_absolute_url()).content.decode()
    assert "Ronde 2027" in page and "300.000" in page


def test_bad_input_and_a_stale_edit_lose_nothing(client, programme_manager, scheme):
    client.force_login(programme_manager)
    response = client.post(
        reverse("regions:call-create", args=[scheme.slug]),
        {
            "name": "Omgekeerd",
            "opens_on": "2027-03-01",
            "deadline": "2027-02-01T17:00",
            "idempotency_key": "5c1e0a2b-7f4d-4c1a-9d0b-6e3f2a1b0c9d",
        },
    )
    assert response.status_code == 200
    assert "De deadline valt op of na de dag" in response.content.decode()
    assert not FundingCall.objects.exists()
    response = client.post(
        reverse("regions:scheme-edit", args=[scheme.slug]),
        {"name": scheme.name, "budget": "0", "lock_version": scheme.lock_version},
    )
    assert response.status_code == 200 and "budget" in response.context["form"].errors
    seen = scheme.lock_version
    services.scheme_update(
        actor=programme_manager, scheme=scheme, lock_version=seen, description="Eerst"
    )
    response = client.post(
        reverse("regions:scheme-edit", args=[scheme.slug]),
        {"name": scheme.name, "budget": "2000", "description": "Daarna", "lock_version": seen},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "heeft iemand anders" in html and "Daarna" in html
    saved = FundingScheme.objects.get(pk=scheme.pk)
    assert (saved.description, saved.budget) == ("Eerst", 1500)


@pytest.mark.parametrize("persona", ["anonymous", "field_party", "coordinator_x", "cds_reviewer"])
def test_only_managers_record_schemes_calls_and_budgets(request, persona_client, persona, scheme):
    client = persona_client(persona)
    call = FundingCall.objects.create(
        scheme=scheme, name="R", opens_on=dt.date(2027, 1, 1), deadline=_aware(2027, 2, 1, 12)
    )
    posts = {
        reverse("regions:scheme-create"): {"name": "X", "slug": "x", "budget": "1"},
        reverse("regions:scheme-edit", args=[scheme.slug]): {
            "name": "X",
            "budget": "1",
            "lock_version": scheme.lock_version,
        },
        reverse("regions:call-create", args=[scheme.slug]): {
            "name": "Y",
            "opens_on": "2027-01-01",
            "deadline": "2027-01-02T10:00",
        },
        reverse("regions:call-edit", args=[scheme.slug, call.pk]): {
            "name": "Y",
            "opens_on": "2027-01-01",
            "deadline": "2027-01-02T10:00",
            "lock_version": call.lock_version,
        },
    }
    for url, data in posts.items():
        assert client.get(url).status_code in (302, 403), url
        assert client.post(url, data).status_code in (302, 403), url
    scheme.refresh_from_db()
    call.refresh_from_db()
    assert (scheme.name, scheme.budget, call.name) == ("Transformatie", 1500, "R")
    assert FundingScheme.objects.count() == 1
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.scheme_update(
            actor=user or AnonymousUser(),
            scheme=scheme,
            lock_version=scheme.lock_version,
            budget=1,
        )


# --- what the public sees -----------------------------------------------------------------


@pytest.fixture
def money(programme_manager, coordinator_x, coordinator_y, region_x, region_y, scheme):
    """One grant in region X (1000 of 1200), one refusal in Y, one pending in Y, one draft."""
    x = _initiative(coordinator_x, region_x, "x-1")
    y = _initiative(coordinator_y, region_y, "y-1")
    granted = _granted(programme_manager, _submitted(coordinator_x, x, scheme, 1200, "Groot"), 1000)
    refused = _submitted(coordinator_y, y, scheme, 300, "Geweigerd")
    _assess_all_met(programme_manager, refused)
    services.application_decide(
        actor=programme_manager, application=refused, status="refused", rationale="Nee."
    )
    _submitted(coordinator_y, y, scheme, 777, "Lopend")
    services.application_create(
        actor=coordinator_y, initiative=y, scheme=scheme, title="Concept", amount_requested=888
    )
    return granted


@pytest.mark.parametrize("persona", ["anonymous", "field_party", "coordinator_x"])
def test_pages_show_ceiling_granted_and_remaining_but_not_pending_amounts(
    persona_client, persona, money, scheme
):
    client = persona_client(persona)
    listing = client.get(reverse("regions:schemes")).content.decode()
    for amount in ("1.500", "1.000", "500"):
        assert f"€ {amount}" in listing
    page = client.get(scheme.get_absolute_url()).content.decode()
    assert "Region X" in page or "Regio X" in page or money.initiative.region.name in page
    assert "€ 1.200" in page and "€ 1.000" in page
    for secret in ("777", "888", "Lopend", "Concept"):
        assert secret not in page, secret


def test_staff_see_what_is_pending(persona_client, money, scheme):
    page = persona_client("cds_reviewer").get(scheme.get_absolute_url()).content.decode()
    assert "€ 777" in page
    assert "888" not in page  # a draft is not pending


def test_api_gives_the_money_of_every_scheme_and_every_decision(client, money, scheme, region_x):
    body = client.get("/api/v1/funding-schemes").json()
    [row] = body["results"]
    assert (row["budget"], row["granted"], row["remaining"], row["grants"]) == (
        1500,
        1000,
        500,
        1,
    )
    assert row["regions"] == [
        {"region": region_x.slug, "grants": 1, "requested": 1200, "granted": 1000}
    ]
    assert client.get(f"/api/v1/funding-schemes/{scheme.slug}").json()["remaining"] == 500
    decisions = client.get("/api/v1/funding-decisions").json()["results"]
    assert sorted((d["title"], d["amountGranted"]) for d in decisions) == [
        ("Geweigerd", None),
        ("Groot", 1000),
    ]
    assert client.get(f"/api/v1/funding-decisions?region={region_x.slug}").json()["count"] == 1
    assert client.get("/api/v1/funding-decisions?status=submitted").status_code == 400
    pending = FundingApplication.objects.get(title="Lopend")
    assert client.get(f"/api/v1/funding-decisions/{pending.pk}").status_code == 404
    initiative = client.get(f"/api/v1/initiatives/{money.initiative.slug}").json()
    assert initiative["decidedFunding"][0]["amountGranted"] == 1000


def test_dashboards_and_export_count_grants_only(client, money, scheme):
    page = client.get("/dashboards/grafiek/funding-budget/").content.decode()
    assert "resterend budget" in page.lower() or "remaining budget" in page.lower()

    def csv(url):
        return b"".join(client.get(url).streaming_content).decode()

    budget = csv("/dashboards/data/funding-budget.csv")
    assert "Transformatie,1500,1000,500" in budget.replace("\r", "")
    per_region = csv("/dashboards/data/funding-per-region.csv")
    assert money.initiative.region.name in per_region and "777" not in per_region
    export = b"".join(
        client.get(reverse("regions:schemes-export", args=["csv"])).streaming_content
    ).decode()
    assert "transformatie" in export and "777" not in export and "888" not in export


@pytest.mark.parametrize("persona", ["anonymous", "programme_manager"])
def test_money_pages_and_api_queries_do_not_grow(
    persona_client, persona, programme_manager, scheme
):
    def add(n):
        for _ in range(n):
            region = RegionFactory()
            initiative = InitiativeFactory(region=region)
            FundingApplication.objects.create(
                initiative=initiative,
                scheme=scheme,
                title="A",
                amount_requested=10,
                status="granted",
                amount_granted=1,
                criteria_version=1,
                submitted_at=timezone.now(),
                decided_at=timezone.now(),
            )
            FundingCall.objects.create(
                scheme=FundingSchemeFactory(budget=100),
                name="R",
                opens_on=dt.date(2027, 1, 1),
                deadline=_aware(2027, 2, 1, 12),
            )

    urls = (
        reverse("regions:schemes"),
        scheme.get_absolute_url(),
        "/api/v1/funding-schemes",
        "/api/v1/funding-decisions",
        "/dashboards/data/funding-budget.csv",
        "/dashboards/data/funding-per-region.csv",
        reverse("regions:schemes-export", args=["csv"]),
    )
    client = persona_client(persona)
    counts = {}
    for size, extra in (("one", 1), ("twenty", 19)):
        add(extra)
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
                assert response.status_code == 200, url
                if response.streaming:
                    b"".join(response.streaming_content)
            counts[(size, url)] = len(ctx)
    for url in urls:
        assert counts[("one", url)] == counts[("twenty", url)], (url, counts)
    budgets = {
        # list: count, page, calls; detail: scheme, criteria, calls, regions, decided;
        # schemes API: count, page, calls, regions; decisions API: count, page;
        # charts: one grouped query (and the calls); export: schemes, calls, regions
        "anonymous": [4, 6, 5, 3, 2, 2, 4],  # API: + the data version (ETag)
        "programme_manager": [9, 11, 7, 5, 4, 4, 6],  # + whether they follow it
    }[persona]
    assert [counts[("twenty", url)] for url in urls] == budgets, " ".join(
        str(c) for c in [counts[("twenty", url)] for url in urls]
    )


def test_followers_hear_of_a_new_call_and_search_finds_the_scheme(
    client, field_party, programme_manager, scheme
):
    from portal.notifications.models import Notification
    from portal.search.indexing import rebuild

    client.force_login(field_party)
    response = client.post(
        reverse("notifications:follow"),
        {"kind": "funding-scheme", "id": scheme.pk, "action": "follow"},
    )
    assert response.status_code == 302
    services.call_create(
        actor=programme_manager,
        scheme=scheme,
        name="Voorjaarsronde",
        opens_on=dt.date(2027, 3, 1),
        deadline=_aware(2027, 4, 30, 17, 0),
    )
    note = Notification.objects.get(user=field_party)
    assert note.verb == "funding.call.created"
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "heeft een nieuwe aanvraagronde" in inbox
    rebuild()
    assert "Transformatie" in client.get("/zoeken/?q=Transformatie").content.decode()
    catalogue = client.get("/open-data/catalogus.jsonld").content.decode()
    assert "/api/v1/funding-schemes" in catalogue


def test_a_draft_application_changes_its_amount_and_building_blocks_then_stays(
    client, coordinator_x, coordinator_y, region_x, scheme
):
    from tests.factories import BuildingBlockFactory

    block = BuildingBlockFactory(name="Mitz", slug="mitz", is_published=True)
    initiative = _initiative(coordinator_x, region_x, "x-1")
    application = services.application_create(
        actor=coordinator_x,
        initiative=initiative,
        scheme=scheme,
        title="Eerst",
        amount_requested=100,
    )
    url = reverse("regions:application-edit", args=[application.pk])
    client.force_login(coordinator_y)
    assert (
        client.post(
            url,
            {"title": "Kaping", "amount_requested": "1", "lock_version": application.lock_version},
        ).status_code
        == 404
    )
    client.force_login(coordinator_x)
    response = client.post(
        url,
        {
            "title": "Later",
            "amount_requested": "250",
            "building_blocks": [block.pk],
            "lock_version": application.lock_version,
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.title, application.amount_requested) == ("Later", 250)
    assert list(application.building_blocks.all()) == [block]
    stale = client.post(
        url, {"title": "Oud", "amount_requested": "9", "lock_version": application.lock_version - 1}
    )
    assert stale.status_code == 200 and "heeft iemand anders" in stale.content.decode()
    assert FundingApplication.objects.get(pk=application.pk).title == "Later"
