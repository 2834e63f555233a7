"""HTTP an integrator can rely on: CORS preflight, rate-limit headers, problem details
for every error (unknown paths, bad paging), conditional reads of writable resources."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return Client()


def test_a_cors_preflight_allows_the_methods_and_headers_integrators_send(api):
    response = api.options(
        "/api/v1/compliance-records",
        HTTP_ORIGIN="https://ntv.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, idempotency-key",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert {"GET", "POST", "PATCH"} <= methods
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "idempotency-key", "if-match"} <= allowed
    assert "Access-Control-Allow-Credentials" not in response


def test_cors_is_for_the_api_only(api):
    page = api.get("/afspraken/", HTTP_ORIGIN="https://elders.example.org")
    assert "Access-Control-Allow-Origin" not in page
    read = api.get("/api/v1/agreements", HTTP_ORIGIN="https://elders.example.org")
    assert read["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in read["Access-Control-Expose-Headers"]


def test_reads_carry_rate_limit_headers_that_count_down(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "user": "600/minute"},
    }
    from django.core.cache import cache

    cache.clear()
    seen = []
    for page in range(1, 7):
        response = api.get(f"/api/v1/agreements?page=1&pageSize={page}")
        seen.append(response)
    assert [r["RateLimit-Remaining"] for r in seen[:5]] == ["4", "3", "2", "1", "0"]
    assert all(r["RateLimit-Limit"] == "5" for r in seen[:5])
    assert 1 <= int(seen[0]["RateLimit-Reset"]) <= 61
    assert seen[5].status_code == 429 and "Retry-After" in seen[5]
    assert seen[5]["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "query",
    [
        "pageSize=null&pageSize=null",
        "pageSize=null",
        "pageSize=0",
        "pageSize=101",
        "page=0",
        "page=abc",
        "page=1&page=2",
    ],
)
def test_bad_paging_is_a_problem_not_ignored(api, query):
    response = api.get(f"/api/v1/agreements?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    name = query.split("=")[0]
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v1/milestones/0.5", "/api/v2/agreements"]
)
def test_unknown_api_paths_answer_problem_details(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_api_errors_are_english_whatever_the_language_cookie(api):
    api.cookies["django_language"] = "nl"
    response = api.get("/api/v1/agreements?pageSize=abc", HTTP_ACCEPT_LANGUAGE="nl")
    assert "whole number" in response.json()["invalidParams"][0]["reason"]


def test_a_large_page_is_served_within_bounds(api):
    AgreementFactory.create_batch(3)
    response = api.get("/api/v1/agreements?pageSize=100")
    assert response.status_code == 200 and len(response.json()["results"]) == 3
