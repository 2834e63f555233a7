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

    from consultations.models import CommentAttachment
    from roadmap.models import Attachment

    for model, key in ((CommentAttachment, "COMMENT_FILE"), (Attachment, "ATTACHMENT")):
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
        "UPDATE": update.pk,
        "PHASE_CHANGE": phase_change.pk,
        "ROUND": intake.pk,
        "PROPOSAL": proposal.pk,
        "PROGRAMME": programme.slug,
        "PROGRAMME_ID": programme.pk,
        "TRANCHE": tranche.slug,
        "MILESTONE": milestone.pk,
        "PILOT": pilot.slug,
        **_region_objects(region_x),
        **_consultation_objects(organisation_a),
    }


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
    return {
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
        "ATTACHMENT": attachment.pk,
        "REVIEW": review.pk,
        "REGION": region.slug,
    }
