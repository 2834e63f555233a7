"""Integrator clients write through the same services as the pages: scopes, bindings to
an organisation or region, Idempotency-Key, If-Match, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from agreements.models import ComplianceRecord
from portal.accounts.roles import Role
from portal.integrations import services
from roadmap.models import AdoptionMeasurement, Initiative, ProgressReport
from tests.factories import (
    AgreementFactory,
    ComplianceRecordFactory,
    ExchangeFactory,
    InitiativeFactory,
    OrganisationFactory,
    ProgressReportFactory,
)
from tests.integrations.conftest import bearer, register, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return Client(enforce_csrf_checks=True)


def _compliance_body(agreement, party, **extra):
    return {
        "agreement": agreement.code,
        "party": party.slug,
        "result": "passed",
        "testedOn": "2026-03-02",
        **extra,
    }


def test_a_token_carries_only_the_scopes_the_client_holds(api, ntv_client):
    client, secret = ntv_client
    token_for(api, client, secret)  # default: all its scopes
    response = api.post(
        "/oauth/token/",
        f"grant_type=client_credentials&scope=regions:write&client_id={client.client_id}"
        f"&client_secret={secret}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    wrong = api.post(
        "/oauth/token/",
        f"grant_type=client_credentials&client_id={client.client_id}&client_secret=nope",
        content_type="application/x-www-form-urlencoded",
    )
    assert wrong.status_code == 401


def test_the_ntv_client_records_a_result_audited_under_its_account(api, ntv_client):
    client, secret = ntv_client
    agreement = AgreementFactory()
    vendor = OrganisationFactory(slug="leverancier-a")
    token = token_for(api, client, secret)
    response = api.post(
        "/api/v1/compliance-records",
        _compliance_body(agreement, vendor, validUntil="2027-03-01"),
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["agreement"] == agreement.code and body["party"] == vendor.name
    assert response["Location"] == body["url"]
    assert type(response.headers["Location"]) is str  # WSGI servers take nothing else
    assert response["ETag"] == '"1"'
    record = ComplianceRecord.objects.get(pk=body["id"])
    assert record.recorded_by == client.organisation
    entry = record.history.get()
    assert entry.history_user == client.account
    assert entry.history_change_reason == "agreements.compliance.recorded"


def test_writes_are_refused_without_token_scope_or_binding(api, ntv_client, region_x_client):
    agreement = AgreementFactory()
    vendor = OrganisationFactory(slug="leverancier-b")
    body = _compliance_body(agreement, vendor)
    anonymous = api.post("/api/v1/compliance-records", body, content_type="application/json")
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/problem+json"
    region_client, region_secret = region_x_client
    no_scope = api.post(
        "/api/v1/compliance-records",
        body,
        content_type="application/json",
        **bearer(token_for(api, region_client, region_secret)),
    )
    assert no_scope.status_code == 403
    # A client with the scope whose organisation does not record results (not the NTV).
    administrator = ntv_client[0].application.user  # any admin will do below
    other, other_secret = register(
        _admin(),
        name="Leverancier met scope",
        role=Role.FIELD_PARTY.value,
        organisation=vendor,
        scopes=["compliance:write"],
    )
    not_ntv = api.post(
        "/api/v1/compliance-records",
        body,
        content_type="application/json",
        **bearer(token_for(api, other, other_secret)),
    )
    assert not_ntv.status_code == 403
    assert administrator is not None
    assert not ComplianceRecord.objects.exists()


def _admin():
    from tests.factories import make_person

    return make_person(Role.ADMINISTRATOR)


def test_a_session_cannot_write_through_the_api(api, programme_manager):
    api.force_login(programme_manager)
    agreement = AgreementFactory()
    response = api.post(
        "/api/v1/compliance-records",
        _compliance_body(agreement, OrganisationFactory()),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not ComplianceRecord.objects.exists()


def test_idempotency_key_makes_a_create_happen_once(api, ntv_client):
    client, secret = ntv_client
    token = token_for(api, client, secret)
    agreement, vendor = AgreementFactory(), OrganisationFactory()
    body = _compliance_body(agreement, vendor)
    headers = {**bearer(token), "HTTP_IDEMPOTENCY_KEY": "5d0f4c1e-retry-1"}
    first = api.post("/api/v1/compliance-records", body, content_type="application/json", **headers)
    again = api.post("/api/v1/compliance-records", body, content_type="application/json", **headers)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert ComplianceRecord.objects.count() == 1
    other = api.post(
        "/api/v1/compliance-records",
        {**body, "result": "failed"},
        content_type="application/json",
        **headers,
    )
    assert other.status_code == 422
    assert ComplianceRecord.objects.count() == 1


def test_a_failed_create_keeps_no_key_and_says_which_field(api, ntv_client):
    client, secret = ntv_client
    token = token_for(api, client, secret)
    agreement, vendor = AgreementFactory(), OrganisationFactory()
    headers = {**bearer(token), "HTTP_IDEMPOTENCY_KEY": "key-2"}
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    bad = api.post(
        "/api/v1/compliance-records",
        _compliance_body(agreement, vendor, testedOn=future),
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in bad.json()["invalidParams"]] == ["testedOn"]
    good = api.post(
        "/api/v1/compliance-records",
        _compliance_body(agreement, vendor),
        content_type="application/json",
        **headers,
    )
    assert good.status_code == 201


def test_updates_need_a_fresh_if_match(api, ntv_client, ntv):
    client, secret = ntv_client
    token = token_for(api, client, secret)
    record = ComplianceRecordFactory(recorded_by=ntv)
    url = f"/api/v1/compliance-records/{record.pk}"
    read = api.get(url, **bearer(token))
    etag = read["ETag"]
    change = {"result": "partial"}
    missing = api.patch(url, change, content_type="application/json", **bearer(token))
    assert missing.status_code == 428
    stale = api.patch(
        url, change, content_type="application/json", HTTP_IF_MATCH='"7"', **bearer(token)
    )
    assert stale.status_code == 412
    ok = api.patch(
        url, change, content_type="application/json", HTTP_IF_MATCH=etag, **bearer(token)
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["result"] == "partial" and ok["ETag"] == '"2"'
    again = api.patch(
        url,
        {"result": "failed"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **bearer(token),
    )
    assert again.status_code == 412
    record.refresh_from_db()
    assert record.result == "partial"
    assert record.history.first().history_change_reason == "agreements.compliance.corrected"


def test_a_client_corrects_only_its_own_organisations_results(api, administrator, ntv):
    other_ntv = OrganisationFactory(slug="ntv-2", records_compliance=True)
    theirs = ComplianceRecordFactory(recorded_by=ntv)
    client, secret = register(
        administrator,
        name="Andere testvoorziening",
        role=Role.FIELD_PARTY.value,
        organisation=other_ntv,
        scopes=["compliance:write"],
    )
    token = token_for(api, client, secret)
    response = api.patch(
        f"/api/v1/compliance-records/{theirs.pk}",
        {"result": "failed"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **bearer(token),
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.result == "passed" and theirs.lock_version == 1


def test_a_region_client_keeps_its_own_initiatives_and_reports(
    api, region_x_client, region_x, region_y
):
    client, secret = region_x_client
    token = token_for(api, client, secret)
    mine = InitiativeFactory(region=region_x)
    theirs = InitiativeFactory(region=region_y)
    read = api.get(f"/api/v1/initiatives/{mine.slug}", **bearer(token))
    ok = api.patch(
        f"/api/v1/initiatives/{mine.slug}",
        {"status": "completed", "fundingAmount": 250000},
        content_type="application/json",
        HTTP_IF_MATCH=read["ETag"],
        **bearer(token),
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "completed"
    refused = api.patch(
        f"/api/v1/initiatives/{theirs.slug}",
        {"status": "stopped"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **bearer(token),
    )
    assert refused.status_code == 403
    assert Initiative.objects.get(pk=theirs.pk).status == Initiative.Status.RUNNING

    report = ProgressReportFactory(initiative=mine)
    other_report = ProgressReportFactory(initiative=theirs)
    listed = api.get("/api/v1/progress-reports", **bearer(token)).json()
    assert [r["id"] for r in listed["results"]] == [report.pk]
    assert (
        api.get(f"/api/v1/progress-reports/{other_report.pk}", **bearer(token)).status_code == 404
    )
    assert api.get("/api/v1/progress-reports").json()["results"] == []

    url = f"/api/v1/progress-reports/{report.pk}"
    incomplete = api.post(
        f"{url}/submission",
        {"progress": "Loopt."},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **bearer(token),
    )
    assert incomplete.status_code == 400
    assert {p["name"] for p in incomplete.json()["invalidParams"]} == {"nextSteps"}
    saved = api.patch(
        url,
        {"progress": "Loopt.", "nextSteps": "Opschalen."},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **bearer(token),
    )
    assert saved.status_code == 200 and saved.json()["status"] == "draft"
    submitted = api.post(
        f"{url}/submission",
        {},
        content_type="application/json",
        HTTP_IF_MATCH='"2"',
        **bearer(token),
    )
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    locked = api.patch(
        url,
        {"results": "Meer."},
        content_type="application/json",
        HTTP_IF_MATCH='"3"',
        **bearer(token),
    )
    assert locked.status_code == 409
    report.refresh_from_db()
    assert (
        report.status == ProgressReport.Status.SUBMITTED and report.submitted_by == client.account
    )


def test_the_ntv_client_records_adoption_figures(api, ntv_client):
    client, secret = ntv_client
    token = token_for(api, client, secret)
    exchange = ExchangeFactory()
    response = api.post(
        "/api/v1/adoption-figures",
        {
            "exchange": exchange.number,
            "indicator": "vendors_validated",
            "value": 12,
            "measuredOn": "2026-06-30",
            "source": "NTV",
        },
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 201, response.content
    figure = AdoptionMeasurement.objects.get(pk=response.json()["id"])
    assert figure.organisation == client.organisation
    assert figure.recorded_by == client.account


def test_a_deactivated_client_gets_no_token_and_its_tokens_stop(api, administrator, ntv_client):
    client, secret = ntv_client
    token = token_for(api, client, secret)
    services.client_update(
        actor=administrator,
        client=client,
        lock_version=client.lock_version,
        scopes=client.scopes,
        is_active=False,
        organisation=client.organisation,
    )
    response = api.post(
        "/api/v1/compliance-records",
        _compliance_body(AgreementFactory(), OrganisationFactory()),
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 401
    refused = api.post(
        "/oauth/token/",
        f"grant_type=client_credentials&client_id={client.client_id}&client_secret={secret}",
        content_type="application/x-www-form-urlencoded",
    )
    assert refused.status_code == 401


def test_only_administrators_register_clients(field_party, programme_manager):
    from django.core.exceptions import PermissionDenied

    for person in (field_party, programme_manager):
        with pytest.raises(PermissionDenied):
            services.client_register(
                actor=person,
                name="Poging",
                contact_email="x@example.org",
                role=Role.FIELD_PARTY.value,
                scopes=["compliance:write"],
            )


def test_the_openapi_document_declares_the_client_credentials_scheme(api):
    document = api.get("/api/v1/openapi.json").json()
    scheme = document["components"]["securitySchemes"]["oauth2"]
    flow = scheme["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/oauth/token/"
    assert {"compliance:write", "regions:write", "adoption:write"} <= set(flow["scopes"])
    create = document["paths"]["/compliance-records"]["post"]
    assert {"oauth2": ["compliance:write"]} in create["security"]
    patch = document["paths"]["/progress-reports/{id}"]["patch"]
    assert {"oauth2": ["regions:write"]} in patch["security"]
    assert any(p["name"] == "If-Match" and p["required"] for p in patch["parameters"])


@pytest.mark.parametrize("n", [2, 12])
def test_the_progress_report_list_costs_the_same_whatever_its_size(
    client, programme_manager, region_x, django_assert_num_queries, n
):
    for i in range(n):
        ProgressReportFactory(initiative=InitiativeFactory(region=region_x), period=f"2026-K{i}")
    client.force_login(programme_manager)
    # The session (read and refreshed), the person and their roles, the count and the page:
    # the same number of queries for 2 reports as for 12.
    with django_assert_num_queries(8):
        response = client.get("/api/v1/progress-reports")
    assert response.status_code == 200 and response.json()["count"] == n


def test_a_client_account_gets_no_notifications_meant_for_people(
    api, region_x_client, region_x, coordinator_x, django_capture_on_commit_callbacks
):
    """A region's client acts as a coordinator, but the hand-overs a coordinator receives
    (a review of their initiative) go to people, never to the client's account."""
    from portal.notifications.models import Notification
    from roadmap.regions.services import coordinators_of

    client, _secret = region_x_client
    assert client.account in coordinators_of(region_x.pk)
    from portal.notifications.services import hand_over

    initiative = InitiativeFactory(region=region_x)
    told = hand_over(
        initiative, verb="regions.review.recorded", recipients=coordinators_of(region_x.pk)
    )
    assert told == 1
    assert not Notification.objects.filter(user=client.account).exists()
    assert Notification.objects.filter(user=coordinator_x).exists()
