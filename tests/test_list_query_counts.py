"""Every list page answers within its pinned number of queries, for 1 row as for 50.

Pages with their own pinned counts live beside their app's tests; this file covers the
remaining lists: each builder adds rows, and the page is measured before and after. The
budget is absolute (a new query on a page must be a decision, written here), and equal
for 1 and 50 rows (no query per row).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    AdviceItemFactory,
    AgendaUpdateFactory,
    AgreementFactory,
    BuildingBlockFactory,
    CommentFactory,
    ComplianceRecordFactory,
    ConsultationFactory,
    DecisionActionFactory,
    DecisionFactory,
    DraftVersionFactory,
    InitiativeFactory,
    IntakeProposalFactory,
    IntakeRoundFactory,
    MilestoneFactory,
    OrganisationFactory,
    OutcomeAssessmentFactory,
    PilotFactory,
    ProgrammeFactory,
    ReleaseFactory,
    RiskFactory,
    SectionFactory,
    TrancheFactory,
)

pytestmark = pytest.mark.django_db
_seq = itertools.count()


def _n() -> int:
    return next(_seq)


def releases(ctx):
    i = _n()
    ReleaseFactory(
        number=f"2030.{i}", title="R", status="published", published_on=dt.date(2026, 1, 1)
    )


def compliance(ctx):
    ComplianceRecordFactory(
        organisation=OrganisationFactory(),
        version=AgreementFactory().versions.get(),
        result="passed",
        tested_on=dt.date(2026, 1, 1),
    )


def updates(ctx):
    AgendaUpdateFactory(title="U", published_on=dt.date(2000, 1, 1) + dt.timedelta(days=_n()))


def intake(ctx):
    if "round" not in ctx:
        ctx["round"] = IntakeRoundFactory(title="R", status="open")
    rnd = ctx["round"]
    IntakeProposalFactory(
        round=rnd,
        organisation=ctx["org"],
        submitted_by=ctx["user"],
        title="P",
        care_process="x",
        parties_involved="x",
        why_it_matters="x",
        quality_standard="x",
        field_support="x",
    )


def milestones(ctx):
    m = MilestoneFactory(title="M", date=dt.date(2026, 1, 1), original_date=dt.date(2026, 1, 1))
    m.programmes.add(ProgrammeFactory(name=f"P{_n()}", slug=f"p{_n()}"))


def decisions(ctx):
    d = DecisionFactory(date=dt.date(2026, 1, 1), title="D", decision="x", is_published=True)
    DecisionActionFactory(decision=d, description="a", owner="o", due=dt.date(2026, 2, 1))


def building_blocks(ctx):
    block = BuildingBlockFactory()
    InitiativeFactory().building_blocks.add(block)


def advice_items(ctx):
    AdviceItemFactory(title=f"R{_n()}")


def portfolio_index(ctx):
    i = _n()
    ProgrammeFactory(name=f"Prog {i}", slug=f"prog-{i}")
    TrancheFactory(
        name=f"T{i}",
        slug=f"t{i}",
        goal="x",
        value_for_care_providers="x",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 1),
        is_published=True,
    )


def pilots(ctx):
    i = _n()
    p = PilotFactory(
        title=f"Pilot {i}", slug=f"pilot-{i}", kind="pilot", summary="x", is_published=True
    )
    p.participants.add(ctx["org"])
    OutcomeAssessmentFactory(
        pilot=p,
        technical_feasibility=3,
        technical_feasibility_explanation="x",
        user_experience=3,
        user_experience_explanation="x",
        scalability=3,
        scalability_explanation="x",
        work_process_impact=3,
        work_process_impact_explanation="x",
        assessed_on=dt.date(2026, 1, 1),
    )


def register(ctx):
    InitiativeFactory(region=ctx["region"], slug=f"i-{_n()}", title="I", purpose="x")


def workspace(ctx):
    register(ctx)


def risks(ctx):
    RiskFactory(title="R", probability=3, impact=3, owner="o")


def consultations(ctx):
    now = timezone.now()
    i = _n()
    c = ConsultationFactory(
        title="C",
        slug=f"c-{i}",
        subject="document",
        introduction="x",
        status="scheduled",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
    )
    v = DraftVersionFactory(consultation=c, number=1)
    s = SectionFactory(version=v, order=1, number="1", title="S")
    CommentFactory(consultation=c, section=s, author=ctx["user"], organisation=ctx["org"], text="x")


def access_requests(ctx):
    from portal.accounts.models import AccessRequest, User

    i = _n()
    person = User.objects.create_user(f"vraagt-{i}@example.org", full_name=f"Vrager {i}")
    AccessRequest.objects.create(
        user=person, organisation=ctx["org"], roles="field_party", source="person"
    )


def invitations(ctx):
    from portal.accounts.models import Invitation, User

    i = _n()
    Invitation.objects.create(
        email=f"uitgenodigd-{i}@example.org",
        organisation=ctx["org"],
        role="field_party",
        token_hash=f"{i:064d}",
        invited_by=User.objects.filter(email="admin@example.org").first(),
        expires_at=timezone.now() + dt.timedelta(days=7),
    )


CASES = [
    ("/account/toegangsverzoeken/", access_requests, "field_party"),
    ("/account/uitnodigen/", invitations, "admin"),
    ("/afspraken/releases/", releases, "anonymous"),
    ("/afspraken/naleving/", compliance, "anonymous"),
    ("/wegiz-agenda/actualisaties/", updates, "anonymous"),
    ("/wegiz-agenda/intake/", intake, "field_party"),
    ("/portfolio/", portfolio_index, "anonymous"),
    ("/portfolio/mijlpalen/", milestones, "anonymous"),
    ("/portfolio/besluiten/", decisions, "programme_manager"),
    ("/kamer/adviezen/", advice_items, "anonymous"),
    ("/bouwstenen/", building_blocks, "anonymous"),
    ("/kamer/adviezen/opvolging/", advice_items, "programme_manager"),
    ("/portfolio/risicos/", risks, "programme_manager"),
    ("/pilots/", pilots, "anonymous"),
    ("/regios/", register, "anonymous"),
    ("/regios/mijn/", workspace, "coordinator_x"),
    ("/consultaties/", consultations, "anonymous"),
    ("/consultaties/mijn-reacties/", consultations, "field_party"),
]


# A returning anonymous visitor's page also reads the data version for its ETag
# (portal/core/freshness.py): one query more, and the same one on every page.
DATA_VERSION_QUERY = 1

# Queries per page, session and permissions included.
BUDGETS: dict[str, int] = {
    "/account/toegangsverzoeken/": 7,
    "/account/uitnodigen/": 11,
    "/afspraken/releases/": 3,
    "/afspraken/naleving/": 3,
    "/wegiz-agenda/actualisaties/": 2,
    "/wegiz-agenda/intake/": 9,
    "/portfolio/": 3,
    "/portfolio/mijlpalen/": 3,
    "/portfolio/besluiten/": 7,
    "/kamer/adviezen/": 2,
    "/bouwstenen/": 2,
    "/kamer/adviezen/opvolging/": 6,
    "/portfolio/risicos/": 6,
    "/pilots/": 2,
    "/regios/": 4,
    "/regios/mijn/": 10,
    "/consultaties/": 1,
    "/consultaties/mijn-reacties/": 8,
}


@pytest.mark.parametrize(("url", "build", "persona"), CASES, ids=[c[0] for c in CASES])
def test_list_page_queries_do_not_grow(
    url, build, persona, request, persona_client, field_party, organisation_a, region_x
):
    request.getfixturevalue("coordinator_x")  # region_x has its coordinator
    client = persona_client(persona)
    ctx = {"org": organisation_a, "user": field_party, "region": region_x}
    build(ctx)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(49):
        build(ctx)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(fifty) == len(one), (
        f"{url}: {len(one)} queries for 1 row, {len(fifty)} for 50:\n"
        + "\n".join(q["sql"][:160] for q in fifty.captured_queries[len(one) :][:5])
    )
    budget = BUDGETS[url] + (DATA_VERSION_QUERY if persona == "anonymous" else 0)
    assert len(one) == budget, f"{url}: {len(one)} queries, budget {budget}"
