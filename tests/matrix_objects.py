"""The sample objects the permission matrices (GET and POST) point their URLs at.

They are built once per test module, inside a transaction of the module's own that is
rolled back when the module is done; every test runs in a savepoint within it (the `db`
fixture), so what a test changes is undone before the next, as before, at a fraction of
the cost of building some forty objects for each of the matrices' ~900 tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from tests.factories import (
    AgendaUpdateFactory,
    AgreementVersionFactory,
    AlignmentReviewFactory,
    CommentFactory,
    ConsultationFactory,
    DraftVersionFactory,
    ExchangeFactory,
    FundingApplicationFactory,
    FundingCriterionFactory,
    FundingSchemeFactory,
    InitiativeFactory,
    IntakeProposalFactory,
    IntakeRoundFactory,
    MilestoneFactory,
    PhaseChangeFactory,
    PilotFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    SectionFactory,
    TrancheFactory,
)

PDF = b"%PDF-"


@pytest.fixture(scope="module")
def _module_sample_objects(django_db_setup, django_db_blocker):
    from tests.conftest import make_organisation_a, make_region_x

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build(make_organisation_a(), make_region_x())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def sample_objects(_module_sample_objects, db, organisation_a, region_x, settings):
    """One object of each kind that URLs point at, in the state the row expects (a copy of
    the module's mapping: a test may point it at other rows). The uploaded files are put
    in this test's own media folder."""
    from pathlib import Path

    from consultations.models import CommentAttachment, ConsultationDocument
    from roadmap.models import Attachment

    for model, key in (
        (CommentAttachment, "COMMENT_FILE"),
        (Attachment, "ATTACHMENT"),
        (ConsultationDocument, "DOCUMENT"),
    ):
        path = (
            Path(settings.MEDIA_ROOT) / model.objects.get(pk=_module_sample_objects[key]).file.name
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PDF)
    return dict(_module_sample_objects)


def _build(organisation_a, region_x):
    """One object of each kind that URLs point at, in the state the row expects."""

    from agreements.models import Release
    from tests.factories import AgreementFactory, ReleaseFactory, StandardFactory

    agreement = AgreementFactory()
    # Two released versions, so that everyone may compare them.
    AgreementVersionFactory(
        agreement=agreement, number=2, text="Nieuwe tekst.", effective_from=dt.date(2026, 1, 1)
    )
    standard = StandardFactory()
    numbers = {}
    for status in ("draft", "in_review", "approved", "published"):
        release = ReleaseFactory(
            status=status,
            published_on=dt.date(2026, 1, 1) if status == Release.Status.PUBLISHED else None,
        )
        numbers[f"REL_{status.upper().replace('IN_', '')}"] = release.number
    from portal.accounts.models import Organisation
    from tests.factories import UserFactory

    exchange = ExchangeFactory(number=1, title="Beelden", care_domain="MSZ")
    update = AgendaUpdateFactory(title="Agenda", published_on=dt.date(2026, 1, 1))
    phase_change = PhaseChangeFactory(exchange=exchange, phase="voorfase", date=dt.date(2025, 1, 1))
    intake = IntakeRoundFactory(title="Intake", status="open")
    owner = Organisation.objects.get(slug="zorgsoft-a")  # organisation_a of the personas
    proposal = IntakeProposalFactory(
        round=intake,
        organisation=owner,
        submitted_by=UserFactory(),
        title="Voorstel",
        care_process="x",
        parties_involved="x",
        why_it_matters="x",
        quality_standard="x",
        field_support="x",
    )

    programme = ProgrammeFactory(name="LDN", slug="ldn")
    tranche = TrancheFactory(
        name="T1",
        slug="t1",
        goal="x",
        value_for_care_providers="x",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 1),
        is_published=True,
    )
    milestone = MilestoneFactory(
        title="M", date=dt.date(2026, 1, 1), original_date=dt.date(2026, 1, 1)
    )
    pilot = PilotFactory(title="Dezi", slug="dezi", kind="pilot", summary="x")
    from portal.notifications.services import follow, notify
    from roadmap.models import AdoptionMeasurement, AdoptionTarget

    figure = AdoptionMeasurement.objects.create(
        exchange=exchange,
        indicator="care_providers",
        value=10,
        measured_on=dt.date(2026, 1, 1),
        source="x",
    )
    target = AdoptionTarget.objects.create(
        exchange=exchange, indicator="care_providers", value=20, target_date=dt.date(2027, 1, 1)
    )
    from tests.factories import ComplianceRecordFactory, DecisionFactory, HarmonisationFactory

    compliance = ComplianceRecordFactory(version=agreement.versions.order_by("number").first())
    harmonisation = HarmonisationFactory(agreement=agreement)
    decision = DecisionFactory(title="Besluit", is_published=True)
    stranger = UserFactory()
    subscription = follow(actor=stranger, target=exchange)
    notify(exchange, verb="wegiz.exchange.changed")
    notification = stranger.notifications.get()
    return {
        "NOTIFICATION": notification.pk,
        "SUBSCRIPTION": subscription.pk,
        "AGR": agreement.code,
        "STD": standard.code,
        **numbers,
        "EXCHANGE": exchange.number,
        "FIGURE": figure.pk,
        "COMPLIANCE": compliance.pk,
        "HARMONISATION": harmonisation.pk,
        "DECISION": decision.pk,
        "TARGET": target.pk,
        "UPDATE": update.pk,
        "PHASE_CHANGE": phase_change.pk,
        "ROUND": intake.pk,
        "PROPOSAL": proposal.pk,
        "PROGRAMME": programme.slug,
        "PROGRAMME_ID": programme.pk,
        "TRANCHE": tranche.slug,
        "MILESTONE": milestone.pk,
        "PILOT": pilot.slug,
        "COMMITMENT": _commitment().pk,
        "TRACK": _track().slug,
        **_advice(),
        "BLOCK": _block(),
        **_region_objects(region_x),
        **_consultation_objects(organisation_a),
    }


def _commitment():
    from tests.factories import CommitmentFactory

    return CommitmentFactory(title="NEN 7518", is_published=True)


def _track():
    from tests.factories import LegislativeTrackFactory, ProcedureStepFactory

    track = LegislativeTrackFactory(title="DIAZ", slug="diaz")
    ProcedureStepFactory(track=track, stage="draft")
    return track


def _block():
    from tests.factories import BuildingBlockFactory

    return BuildingBlockFactory(name="Mitz", slug="mitz").slug


def _advice():
    from tests.factories import AdviceItemFactory

    item = AdviceItemFactory(report__title="AcICT IGF", report__slug="acict", follow_up="Gedaan")
    return {"ADVICE": item.report.slug, "ADVICE_ITEM": item.pk}


def _consultation_objects(organisation):
    from django.utils import timezone

    from tests.factories import UserFactory

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
    comment = CommentFactory(
        consultation=consultation,
        section=section,
        author=UserFactory(),
        organisation=organisation,
        text="x",
    )
    from django.core.files.base import ContentFile

    from consultations.models import CommentAttachment

    attachment = CommentAttachment(
        comment=comment, original_name="a.pdf", content_type="application/pdf", size=5
    )
    attachment.file.save("x", ContentFile(PDF), save=True)
    from consultations.models import ConsultationDocument, ConsultationSession

    document = ConsultationDocument(
        version=version, kind="explanatory", title="Toelichting", original_name="t.pdf", size=5
    )
    document.file.save("t.pdf", ContentFile(PDF), save=True)
    session = ConsultationSession.objects.create(
        consultation=consultation,
        title="Veldsessie",
        starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=10, hours=2),
        place="Den Haag",
        capacity=10,
    )
    return {
        "DOCUMENT": document.pk,
        "SESSION": session.pk,
        "CONSULTATION": consultation.slug,
        "SECTION": section.pk,
        "COMMENT": comment.pk,
        "COMMENT_FILE": attachment.pk,
    }


def _region_objects(region):
    from django.core.files.base import ContentFile

    from roadmap.models import (
        AlignmentReview,
        Attachment,
        FundingCall,
    )
    from tests.factories import UserFactory

    initiative = InitiativeFactory(region=region, slug="x-init", title="X", purpose="x")
    report = ProgressReportFactory(
        initiative=initiative, period="2026-K1", due_date=dt.date(2026, 4, 15)
    )
    scheme = FundingSchemeFactory(name="Regeling", slug="regeling")
    FundingCriterionFactory(scheme=scheme, version=1, order=1, code="gisa", text="x")
    application = FundingApplicationFactory(
        initiative=initiative, scheme=scheme, title="Aanvraag", amount_requested=1
    )
    granted = FundingApplicationFactory(
        initiative=initiative,
        scheme=scheme,
        title="Toegekend",
        amount_requested=10,
        status="granted",
        amount_granted=5,
        criteria_version=1,
        submitted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        decided_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    )
    call = FundingCall.objects.create(
        scheme=scheme,
        name="Ronde",
        opens_on=dt.date(2026, 1, 1),
        deadline=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC),
    )
    attachment = Attachment(
        application=application, original_name="a.pdf", content_type="application/pdf", size=5
    )
    attachment.file.save("x", ContentFile(PDF), save=True)
    review = AlignmentReviewFactory(
        initiative=initiative,
        reviewer=UserFactory(),
        reviewed_on=dt.date(2026, 1, 1),
        **dict.fromkeys(AlignmentReview.POINTS, "aligned"),
        **{f"{p}_note": "x" for p in AlignmentReview.POINTS},
    )
    return {
        "INITIATIVE": initiative.slug,
        "REPORT": report.pk,
        "SCHEME": scheme.slug,
        "APPLICATION": application.pk,
        "DECIDED": granted.pk,
        "CALL": call.pk,
        "ATTACHMENT": attachment.pk,
        "REVIEW": review.pk,
        "REGION": region.slug,
    }


# --- personas, built and logged in once per module ----------------------------------
# The matrices ask every URL of every persona: creating a user and a session for each of
# their ~2,000 tests cost a tenth of a second each. The modules that import the fixtures
# below get the same personas (same roles, organisations, regions and addresses as in
# tests/conftest.py), made once inside the module's transaction, with a session each;
# a test's client only carries the session cookie.


def _build_personas() -> dict[str, int]:
    from django.conf import settings
    from django.test import Client

    from portal.accounts.roles import Role
    from tests.conftest import make_organisation_a, make_region_x
    from tests.factories import (
        OrganisationFactory,
        RegionAssignmentFactory,
        RegionFactory,
        make_person,
    )

    organisation_a, region_x = make_organisation_a(), make_region_x()
    organisation_b = OrganisationFactory(name="Koppelwerk B (fictief)", slug="koppelwerk-b")
    region_y = RegionFactory(name="Limburg", slug="limburg", code="LI")
    users = {
        "field_party": make_person(
            Role.FIELD_PARTY, organisation=organisation_a, email="veld@example.org"
        ),
        "coordinator_x": make_person(
            Role.REGIONAL_COORDINATOR,
            Role.FIELD_PARTY,
            organisation=organisation_a,
            email="coordinator-x@example.org",
        ),
        "coordinator_y": make_person(
            Role.REGIONAL_COORDINATOR,
            Role.FIELD_PARTY,
            organisation=organisation_b,
            email="coordinator-y@example.org",
        ),
        "cds_reviewer": make_person(Role.CDS_REVIEWER, email="cds@example.org"),
        "programme_manager": make_person(
            Role.PROGRAMME_MANAGER, email="pm@example.org", full_name="Pim Programma"
        ),
        "board_member": make_person(Role.ARCHITECTURE_BOARD, email="board@example.org"),
        "admin": make_person(Role.ADMINISTRATOR, email="admin@example.org", is_staff=True),
    }
    RegionAssignmentFactory(user=users["coordinator_x"], region=region_x)
    RegionAssignmentFactory(user=users["coordinator_y"], region=region_y)
    built: dict[str, object] = {"organisation_b": organisation_b.pk, "region_y": region_y.pk}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        built[name] = user.pk
        built[f"{name}:session"] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return built


@pytest.fixture(scope="module")
def _module_personas(_module_sample_objects, django_db_blocker):
    with django_db_blocker.unblock():
        yield _build_personas()  # inside the module's transaction, rolled back with it


def _user(_module_personas, name):
    from portal.accounts.models import User

    return User.objects.get(pk=_module_personas[name])


@pytest.fixture
def field_party(_module_personas, db):
    return _user(_module_personas, "field_party")


@pytest.fixture
def coordinator_x(_module_personas, db):
    return _user(_module_personas, "coordinator_x")


@pytest.fixture
def coordinator_y(_module_personas, db):
    return _user(_module_personas, "coordinator_y")


@pytest.fixture
def cds_reviewer(_module_personas, db):
    return _user(_module_personas, "cds_reviewer")


@pytest.fixture
def programme_manager(_module_personas, db):
    return _user(_module_personas, "programme_manager")


@pytest.fixture
def board_member(_module_personas, db):
    return _user(_module_personas, "board_member")


@pytest.fixture
def admin(_module_personas, db):
    return _user(_module_personas, "admin")


@pytest.fixture
def organisation_b(_module_personas, db):
    from portal.accounts.models import Organisation

    return Organisation.objects.get(pk=_module_personas["organisation_b"])


@pytest.fixture
def region_y(_module_personas, db):
    from roadmap.models import Region

    return Region.objects.get(pk=_module_personas["region_y"])


@pytest.fixture
def persona_client(_module_personas, db):
    """A client with the persona's session from the module (anonymous: none)."""
    from django.conf import settings
    from django.test import Client

    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = _module_personas[f"{name}:session"]
        return client

    return make


MODULE_PERSONA_FIXTURES = (
    "_module_personas",
    "field_party",
    "coordinator_x",
    "coordinator_y",
    "cds_reviewer",
    "programme_manager",
    "board_member",
    "admin",
    "organisation_b",
    "region_y",
    "persona_client",
)
