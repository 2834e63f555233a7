"""The API against its own OpenAPI document, by generated requests (schemathesis), and the
NL API Design Rules that apply to a read API."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings

from tests.factories import (
    AnswerFactory,
    CommentFactory,
    ConsultationFactory,
    DraftVersionFactory,
    ExchangeFactory,
    InitiativeFactory,
    MilestoneFactory,
    PilotFactory,
    ProgrammeFactory,
    SectionFactory,
    TrancheFactory,
)

pytestmark = pytest.mark.django_db

COMMITTED = Path(settings.BASE_DIR) / "portal" / "api" / "openapi.json"
EXAMPLES = 60  # per operation, derandomized: the same requests on every run


def _schema():
    doc = json.loads(COMMITTED.read_text())
    schema = schemathesis.openapi.from_dict(doc)
    schema.app = get_wsgi_application()
    schema.base_url = "http://testserver/api/v1"
    return schema


SCHEMA = _schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations() if result.ok().method == "get"]


@pytest.fixture
def in_process():
    """Keep the test's database connection (and its transaction) across the WSGI calls,
    as Django's own test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(region_x, organisation_a, programme_manager):
    """Something behind every collection, so lists are not empty and details can be found."""
    from django.utils import timezone

    from tests.factories import AgreementFactory, ReleaseFactory, StandardFactory, UserFactory

    agreement = AgreementFactory(code="LAS-API-1")
    agreement.standards.add(StandardFactory(code="std-api"))
    ReleaseFactory(number="2026.9", status="published", published_on=dt.date(2026, 1, 1))
    exchange = ExchangeFactory(number=1, title="Beelden", care_domain="MSZ")
    exchange.agreements.add(agreement)
    ProgrammeFactory(name="Programma", slug="programma")
    TrancheFactory(
        name="T1",
        slug="t1",
        goal="x",
        value_for_care_providers="x",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 1),
        is_published=True,
    )
    MilestoneFactory(title="M", date=dt.date(2026, 1, 1), original_date=dt.date(2026, 1, 1))
    PilotFactory(title="Dezi", slug="dezi", kind="pilot", summary="x")
    InitiativeFactory(region=region_x, slug="init", title="Init", purpose="x")
    now = timezone.now()
    consultation = ConsultationFactory(
        title="GISA",
        slug="gisa",
        subject="gisa",
        introduction="x",
        status="reported",
        opens_at=now - dt.timedelta(days=30),
        closes_at=now - dt.timedelta(days=1),
    )
    version = DraftVersionFactory(consultation=consultation, number=1)
    section = SectionFactory(version=version, order=1, number="1", title="A")
    for i in range(3):
        comment = CommentFactory(
            consultation=consultation,
            section=section,
            author=UserFactory(),
            organisation=organisation_a,
            text=f"Reactie {i}",
        )
        if i:  # answered ones and an unanswered one: both shapes meet the schema
            AnswerFactory(
                comment=comment, disposition="adopted", reason="x", answered_by=programme_manager
            )


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_generated_requests_get_no_server_error_and_match_the_schema(
    operation, api_data, in_process
):
    seen: list[int] = []

    @hsettings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        cache.clear()  # the anonymous rate limit would answer 429 to a long run
        response = case.call()
        seen.append(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text[:500])
        # Status codes, content types, headers and bodies as documented.
        case.validate_response(response)

    check()
    varied = any(True for _ in operation.iter_parameters())
    assert len(seen) >= (50 if varied else 1), f"only {len(seen)} requests were generated"


def test_query_parameters_are_camel_case_and_paths_kebab_case():
    doc = json.loads(COMMITTED.read_text())
    camel = re.compile(r"^[a-z][a-zA-Z0-9]*$")
    for path, item in doc["paths"].items():
        assert not path.endswith("/") or path == "/", path
        for part in path.strip("/").split("/"):
            if part and not part.startswith("{"):
                assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(\.json)?", part), path
        for operation in item.values():
            for param in operation.get("parameters", []):
                if param["in"] == "query":
                    assert camel.match(param["name"]), (path, param["name"])


def test_every_error_is_problem_json_with_the_version_header(client):
    for url in ("/api/v1/agreements/NOPE", "/api/v1/exchanges?domain=%00", "/api/v1/nope"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert response["Content-Type"] == "application/problem+json", url
        assert response["API-Version"] == settings.API_VERSION, url
        body = response.json()
        assert {"status", "title"} <= set(body), url
