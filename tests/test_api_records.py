"""The API's record collections: compliance records (NTV), harmonisations and published
decisions; public rows only, with filters, paging and a query count that does not grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from tests.factories import (
    AgreementFactory,
    AgreementSystemFactory,
    ComplianceRecordFactory,
    DecisionActionFactory,
    DecisionFactory,
    HarmonisationFactory,
    OrganisationFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def test_compliance_records_of_public_agreements_with_filters(client):
    public = AgreementFactory(code="LAS-TECH-005")
    draft = AgreementFactory(code="LAS-CONCEPT", status=Agreement.Status.DRAFT)
    vendor = OrganisationFactory(slug="zorgsoft", name="Zorgsoft", kind="ict_vendor")
    passed = ComplianceRecordFactory(
        organisation=vendor, version=public.versions.get(), tested_on=dt.date(2026, 5, 1)
    )
    ComplianceRecordFactory(
        version=public.versions.get(), result="failed", tested_on=dt.date(2026, 1, 1)
    )
    hidden = ComplianceRecordFactory(version=draft.versions.get())
    rows = client.get("/api/v1/compliance-records").json()["results"]
    assert [(r["agreement"], r["result"]) for r in rows] == [
        ("LAS-TECH-005", "passed"),
        ("LAS-TECH-005", "failed"),
    ]
    assert rows[0]["party"] == "Zorgsoft" and rows[0]["partyKind"] == "ict_vendor"
    assert client.get("/api/v1/compliance-records?party=zorgsoft").json()["count"] == 1
    assert client.get("/api/v1/compliance-records?testedFrom=2026-02-01").json()["count"] == 1
    assert client.get("/api/v1/compliance-records?result=maybe").status_code == 400
    assert client.get(f"/api/v1/compliance-records/{passed.pk}").status_code == 200
    assert client.get(f"/api/v1/compliance-records/{hidden.pk}").status_code == 404


def test_harmonisations_of_public_agreements(client):
    public = AgreementFactory(code="LAS-TECH-002")
    draft = AgreementFactory(code="LAS-CONCEPT", status=Agreement.Status.DRAFT)
    twiin = AgreementSystemFactory(name="Twiin", slug="twiin")
    HarmonisationFactory(agreement=public, system=twiin, relation="duplicates")
    hidden = HarmonisationFactory(agreement=draft, system=twiin)
    rows = client.get("/api/v1/harmonisations").json()["results"]
    assert [(r["agreement"], r["system"], r["relation"]) for r in rows] == [
        ("LAS-TECH-002", "twiin", "duplicates")
    ]
    assert client.get("/api/v1/harmonisations?system=medmij").json()["count"] == 0
    assert client.get(f"/api/v1/harmonisations/{hidden.pk}").status_code == 404


def test_only_published_decisions_with_their_actions(client, programme_manager):
    programme = ProgrammeFactory(name="LDN", slug="ldn")
    shown = DecisionFactory(
        title="Openbaar besluit", is_published=True, programme=programme, date=dt.date(2026, 6, 1)
    )
    DecisionActionFactory(decision=shown, description="Brief sturen")
    secret = DecisionFactory(title="Intern besluit", is_published=False)
    rows = client.get("/api/v1/decisions").json()["results"]
    assert [(r["title"], r["programme"]) for r in rows] == [("Openbaar besluit", "ldn")]
    assert rows[0]["actions"][0]["description"] == "Brief sturen"
    assert client.get(f"/api/v1/decisions/{secret.pk}").status_code == 404
    # Staff see the internal decision on its page, never in the open API.
    client.force_login(programme_manager)
    assert client.get(f"/api/v1/decisions/{secret.pk}").status_code == 404
    assert client.get("/api/v1/decisions?dateFrom=2026-07-01").json()["count"] == 0


def test_record_collections_cost_the_same_whatever_their_size(client):
    urls = ("/api/v1/compliance-records", "/api/v1/harmonisations", "/api/v1/decisions")

    def add(n):
        for _ in range(n):
            agreement = AgreementFactory()
            ComplianceRecordFactory(version=agreement.versions.get())
            HarmonisationFactory(
                agreement=agreement, system=AgreementSystemFactory(name="Twiin", slug="twiin")
            )
            DecisionActionFactory(decision=DecisionFactory(is_published=True))

    counts = {}
    for size, extra in (("one", 1), ("twenty", 19)):
        add(extra)
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts[(size, url)] = len(ctx)
    # count and page each; decisions also their actions; and the data version (ETag)
    assert [counts[("twenty", u)] for u in urls] == [3, 3, 4]
    assert all(counts[("one", u)] == counts[("twenty", u)] for u in urls)
