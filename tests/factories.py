from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from parliament.models import (
    AdviceItem,
    AdvisoryReport,
    Commitment,
    LegislativeTrack,
    ProcedureStep,
)
from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from roadmap.models import BuildingBlock, Region, RegionAssignment

PASSWORD = "a-Long-test-password-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    kind = Organisation.Kind.CARE_PROVIDER
    is_fictional = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get(name=Role(r).value) for r in extracted])
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    code = factory.Sequence(lambda n: f"R{n}")


class RegionAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionAssignment

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)


def make_person(*roles: Role, organisation: Organisation | None = None, **kwargs) -> User:
    user = UserFactory(roles=list(roles), **kwargs)
    if organisation is not None:
        MembershipFactory(user=user, organisation=organisation)
    return user


# --- agreements ---------------------------------------------------------------------
import datetime as dt  # noqa: E402

from agreements.models import (  # noqa: E402
    Agreement,
    AgreementSystem,
    AgreementVersion,
    ComplianceRecord,
    Reassessment,
    Release,
    ReleaseItem,
    Standard,
)


class AgreementSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementSystem
        django_get_or_create = ["slug"]

    name = "Landelijk afsprakenstelsel"
    slug = "landelijk-afsprakenstelsel"
    # The national system by default; any other named system is a regional or sector one.
    is_national = factory.LazyAttribute(lambda o: o.slug == "landelijk-afsprakenstelsel")


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    code = factory.Sequence(lambda n: f"std-{n}")
    name = factory.Sequence(lambda n: f"Standaard {n}")
    maintainer = factory.SubFactory(OrganisationFactory, name="Nictiz", slug="nictiz")
    url = "https://www.nictiz.nl/"


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement in force: adopted, with a current first version."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"LAS-T-{n:04d}")
    title = factory.Sequence(lambda n: f"Afspraak {n}")
    system = factory.SubFactory(AgreementSystemFactory)
    layer = Agreement.Layer.TECHNICAL
    topic = Agreement.Topic.ADDRESSING
    plateau = Agreement.Plateau.P2026
    status = Agreement.Status.ADOPTED

    @factory.post_generation
    def version(self, create, extracted, **kwargs):
        if not create:
            return
        text = kwargs.get("text", f"Tekst van {self.code}.")
        in_force = self.status != Agreement.Status.DRAFT
        AgreementVersion.objects.create(
            agreement=self,
            number=1,
            text=text,
            is_current=in_force,
            effective_from=kwargs.get("effective_from", dt.date(2025, 7, 1)) if in_force else None,
        )


# The board's review of a release that is sufficient on all three points (form data).
REVIEW_OK = {
    "consistency": "sufficient",
    "consistency_explanation": "Consistent.",
    "coherence": "sufficient",
    "coherence_explanation": "Samenhangend.",
    "legal": "sufficient",
    "legal_explanation": "Rechtmatig.",
    "outcome": "approved",
    "reasons": "",
}


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Release

    number = factory.Sequence(lambda n: f"2030.{n}")
    title = factory.Sequence(lambda n: f"Release {n}")
    status = Release.Status.DRAFT


class ReleaseItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReleaseItem

    release = factory.SubFactory(ReleaseFactory)
    version = factory.SubFactory("tests.factories.AgreementVersionFactory")
    change_type = ReleaseItem.ChangeType.ADDED
    is_open = factory.LazyAttribute(lambda o: o.release.status != Release.Status.PUBLISHED)


class ReassessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reassessment

    agreement = factory.SubFactory(
        "tests.factories.AgreementFactory",
        is_temporary=True,
        valid_until=dt.date(2027, 1, 1),
        reassessment_date=dt.date(2026, 10, 1),
    )
    decided_on = dt.date(2026, 10, 1)
    outcome = Reassessment.Outcome.EXTENDED
    extended_until = dt.date(2028, 1, 1)
    next_reassessment = dt.date(2027, 10, 1)
    reasoning = "Nog nodig tot de landelijke voorziening er is."
    decided_by = factory.SubFactory(UserFactory)


class ComplianceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplianceRecord

    organisation = factory.SubFactory(OrganisationFactory)
    version = factory.LazyAttribute(lambda o: AgreementFactory().versions.get())
    result = ComplianceRecord.Result.PASSED
    tested_on = dt.date(2026, 3, 1)


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    """A further version of an agreement, not yet in force."""

    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.LazyAttribute(lambda o: o.agreement.versions.count() + 1)
    text = factory.Sequence(lambda n: f"Nieuwe tekst {n}.")


# --- every other domain model: one factory each, a valid row with no arguments ----------
# `tests/test_factories.py` checks that every model of the domain apps has one here.

from agreements.models import Harmonisation, Review  # noqa: E402
from consultations.models import (  # noqa: E402
    Answer,
    Comment,
    CommentAttachment,
    Consultation,
    ConsultationDocument,
    ConsultationSession,
    DraftVersion,
    Question,
    ReportFile,
    Section,
    SessionRegistration,
)
from roadmap.models import (  # noqa: E402
    AdoptionMeasurement,
    AdoptionTarget,
    AgendaUpdate,
    AlignmentReview,
    ApplicationAnswer,
    Attachment,
    Blueprint,
    CriterionAssessment,
    Decision,
    DecisionAction,
    Deliverable,
    Designation,
    Exchange,
    FundingApplication,
    FundingCall,
    FundingCriterion,
    FundingScheme,
    GrantCondition,
    Initiative,
    IntakeProposal,
    IntakeRound,
    Milestone,
    OutcomeAssessment,
    PhaseChange,
    Pilot,
    PortfolioMeeting,
    Programme,
    ProgressReport,
    Risk,
    Study,
    Tranche,
)

_PDF = b"%PDF-1.4\n%%EOF\n"


def _now():
    from django.utils import timezone

    return timezone.now()


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    release = factory.SubFactory(ReleaseFactory, status=Release.Status.IN_REVIEW)
    reviewer = factory.SubFactory(UserFactory)
    consistency = coherence = legal = "sufficient"
    consistency_explanation = coherence_explanation = legal_explanation = "Voldoende."
    outcome = "approved"


class HarmonisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Harmonisation

    agreement = factory.SubFactory(AgreementFactory)
    system = factory.SubFactory(AgreementSystemFactory, name="Twiin", slug="twiin")
    relation = "duplicates"


# consultations


# The standard fields a consultation needs before it can be scheduled.
CONSULTATION_STANDARD = {
    "purpose": "Horen wat het veld ervan vindt.",
    "target_group": "Zorgaanbieders en leveranciers.",
    "expected_effects": "Betere gegevensuitwisseling.",
    "regulatory_burden": "Beperkt.",
    "contact": "team@example.org",
}


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A consultation open for comments now (scheduled, opened a day ago)."""

    class Meta:
        model = Consultation

    title = factory.Sequence(lambda n: f"Consultatie {n}")
    slug = factory.Sequence(lambda n: f"consultatie-{n}")
    subject = "gisa"
    introduction = "Wat we vragen."
    purpose = CONSULTATION_STANDARD["purpose"]
    target_group = CONSULTATION_STANDARD["target_group"]
    expected_effects = CONSULTATION_STANDARD["expected_effects"]
    regulatory_burden = CONSULTATION_STANDARD["regulatory_burden"]
    contact = CONSULTATION_STANDARD["contact"]
    status = Consultation.Status.SCHEDULED
    opens_at = factory.LazyFunction(lambda: _now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: _now() + dt.timedelta(days=30))
    created_by = factory.SubFactory(UserFactory)


class DraftVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftVersion

    consultation = factory.SubFactory(ConsultationFactory)
    number = factory.LazyAttribute(lambda o: o.consultation.versions.count() + 1)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    version = factory.SubFactory(DraftVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Paragraaf {n}")
    text = "De tekst van de paragraaf."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Vraag {n}?")


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment by a field party's member on an open consultation, may be published."""

    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    section = factory.SubFactory(
        SectionFactory, version__consultation=factory.SelfAttribute("...consultation")
    )
    organisation = factory.SubFactory(OrganisationFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Reactie {n}.")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    comment = factory.SubFactory(CommentFactory)
    disposition = "noted"
    reason = "Dank voor uw reactie."
    answered_by = factory.SubFactory(UserFactory)


class CommentAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentAttachment

    comment = factory.SubFactory(CommentFactory)
    file = factory.django.FileField(filename="bijlage.pdf", data=_PDF)
    original_name = "bijlage.pdf"
    content_type = "application/pdf"
    size = len(_PDF)


class ConsultationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationDocument

    version = factory.SubFactory(DraftVersionFactory)
    kind = "explanatory"
    title = factory.Sequence(lambda n: f"Toelichting {n}")
    file = factory.django.FileField(filename="toelichting.pdf", data=_PDF)
    original_name = "toelichting.pdf"
    size = len(_PDF)


class ConsultationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationSession

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Sessie {n}")
    starts_at = factory.LazyFunction(lambda: _now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Den Haag"
    capacity = 20


class SessionRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionRegistration

    session = factory.SubFactory(ConsultationSessionFactory)
    user = factory.SubFactory(UserFactory)


class ReportFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportFile

    consultation = factory.SubFactory(ConsultationFactory, status=Consultation.Status.REPORTED)
    requested_by = factory.SubFactory(UserFactory)


# roadmap: Wegiz


class ExchangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exchange

    number = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Gegevensuitwisseling {n}")
    care_domain = "Acute zorg"


class PhaseChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhaseChange

    exchange = factory.SubFactory(ExchangeFactory)
    phase = "voorfase"
    date = dt.date(2025, 1, 1)


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Designation

    exchange = factory.SubFactory(ExchangeFactory)
    spoor = 1


class StudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Study

    exchange = factory.SubFactory(ExchangeFactory)
    kind = "mkba"
    completed_on = dt.date(2025, 6, 1)
    conclusion = "positive"
    outcome = "Positief saldo."


class AgendaUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaUpdate

    title = factory.Sequence(lambda n: f"Agenda-update {n}")
    published_on = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=n))


class IntakeRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntakeRound

    title = factory.Sequence(lambda n: f"Intake {n}")


class IntakeProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntakeProposal

    round = factory.SubFactory(IntakeRoundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    submitted_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Voorstel {n}")
    care_process = "Overdracht"
    parties_involved = "Wijkverpleging"
    why_it_matters = "Scheelt tijd"
    quality_standard = "Richtlijn"
    field_support = "Breed"


# roadmap: portfolio and pilots


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programma {n}")
    slug = factory.Sequence(lambda n: f"programma-{n}")


class TrancheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tranche

    name = factory.Sequence(lambda n: f"Tranche {n}")
    slug = factory.Sequence(lambda n: f"tranche-{n}")
    goal = "Doel."
    value_for_care_providers = "Waarde."
    start = dt.date(2026, 1, 1)
    end = dt.date(2026, 12, 31)


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Product {n}")
    start = dt.date(2026, 1, 1)
    due = dt.date(2026, 6, 30)
    original_due = factory.SelfAttribute("due")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    title = factory.Sequence(lambda n: f"Mijlpaal {n}")
    date = dt.date(2026, 6, 30)
    original_date = factory.SelfAttribute("date")


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    title = factory.Sequence(lambda n: f"Risico {n}")
    probability = 3
    impact = 3
    owner = "VWS"


class PortfolioMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioMeeting

    date = factory.Sequence(lambda n: dt.date(2026, 1, 5) + dt.timedelta(weeks=n))
    title = factory.Sequence(lambda n: f"Portfolio-overleg {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    date = dt.date(2026, 1, 5)
    title = factory.Sequence(lambda n: f"Besluit {n}")
    decision = "Besloten."


class DecisionActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionAction

    decision = factory.SubFactory(DecisionFactory)
    description = factory.Sequence(lambda n: f"Actie {n}")
    owner = "VWS"
    due = dt.date(2026, 3, 1)


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pilot

    title = factory.Sequence(lambda n: f"Pilot {n}")
    slug = factory.Sequence(lambda n: f"pilot-{n}")
    kind = "pilot"
    summary = "Samenvatting."


class OutcomeAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeAssessment

    pilot = factory.SubFactory(PilotFactory)
    technical_feasibility = user_experience = scalability = work_process_impact = 4
    technical_feasibility_explanation = user_experience_explanation = "Goed."
    scalability_explanation = work_process_impact_explanation = "Goed."
    assessed_on = dt.date(2026, 1, 1)


class BlueprintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Blueprint

    pilot = factory.SubFactory(PilotFactory)
    title = factory.Sequence(lambda n: f"Blauwdruk {n}")
    summary = "Samenvatting."


# roadmap: regions and funding


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Initiatief {n}")
    slug = factory.Sequence(lambda n: f"initiatief-{n}")
    purpose = "Doel van het initiatief."


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    initiative = factory.SubFactory(InitiativeFactory)
    period = factory.Sequence(lambda n: f"{2020 + n // 2}-H{n % 2 + 1}")
    due_date = dt.date(2026, 7, 31)


class AlignmentReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlignmentReview

    initiative = factory.SubFactory(InitiativeFactory)
    reviewer = factory.SubFactory(UserFactory)
    reviewed_on = dt.date(2026, 3, 1)
    architecture = generic_functions = agreements = standards = reuse = "aligned"
    architecture_note = generic_functions_note = agreements_note = "Past."
    standards_note = reuse_note = "Past."


class FundingSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingScheme

    name = factory.Sequence(lambda n: f"Regeling {n}")
    slug = factory.Sequence(lambda n: f"regeling-{n}")


class FundingCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingCall

    scheme = factory.SubFactory(FundingSchemeFactory)
    name = factory.Sequence(lambda n: f"Ronde {n}")
    opens_on = dt.date(2026, 1, 1)
    deadline = dt.datetime(2026, 3, 1, 16, 0, tzinfo=dt.UTC)


class FundingCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingCriterion

    scheme = factory.SubFactory(FundingSchemeFactory)
    version = 1
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"criterium-{n}")
    text = "Sluit het aan op de landelijke afspraken?"


class FundingApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingApplication

    initiative = factory.SubFactory(InitiativeFactory)
    scheme = factory.SubFactory(FundingSchemeFactory)
    title = factory.Sequence(lambda n: f"Aanvraag {n}")
    amount_requested = 100000


class ApplicationAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationAnswer

    application = factory.SubFactory(FundingApplicationFactory)
    criterion = factory.SubFactory(
        FundingCriterionFactory, scheme=factory.SelfAttribute("..application.scheme")
    )
    answer = "Ons antwoord."


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    application = factory.SubFactory(FundingApplicationFactory)
    file = factory.django.FileField(filename="plan.pdf", data=_PDF)
    original_name = "plan.pdf"
    content_type = "application/pdf"
    size = len(_PDF)
    uploaded_by = factory.SubFactory(UserFactory)


class CriterionAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionAssessment

    application = factory.SubFactory(FundingApplicationFactory)
    criterion = factory.SubFactory(
        FundingCriterionFactory, scheme=factory.SelfAttribute("..application.scheme")
    )
    verdict = "met"
    reasoning = "Voldoet."
    assessed_by = factory.SubFactory(UserFactory)


class GrantConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantCondition

    application = factory.SubFactory(
        FundingApplicationFactory,
        status=FundingApplication.Status.CONDITIONAL,
        amount_granted=1,
        submitted_at=factory.LazyFunction(_now),
        criteria_version=1,
    )
    criterion = factory.SubFactory(
        FundingCriterionFactory, scheme=factory.SelfAttribute("..application.scheme")
    )
    text = "Voldoe binnen een jaar aan dit criterium."
    due = dt.date(2030, 1, 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    kind = Commitment.Kind.COMMITMENT
    title = factory.Sequence(lambda n: f"Toezegging {n}")
    summary = "De Kamer wordt geïnformeerd."
    source = Commitment.Source.LETTER
    source_title = "Voortgangsbrief"
    source_date = dt.date(2026, 1, 15)
    owner = "Directie Informatiebeleid"
    due = dt.date(2026, 12, 31)
    is_published = True


class LegislativeTrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegislativeTrack

    kind = LegislativeTrack.Kind.ACT
    title = factory.Sequence(lambda n: f"Wet {n}")
    slug = factory.Sequence(lambda n: f"wet-{n}")
    summary = "Regelt iets."
    owner = "Directie Informatiebeleid"
    is_published = True


class ProcedureStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureStep

    track = factory.SubFactory(LegislativeTrackFactory)
    stage = factory.Iterator(["draft", "internet_consultation", "council_of_state"])


class AdvisoryReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvisoryReport

    advisor = "Adviescollege ICT-toetsing"
    title = factory.Sequence(lambda n: f"Advies {n}")
    slug = factory.Sequence(lambda n: f"advies-{n}")
    received_on = dt.date(2026, 5, 28)
    is_published = True


class AdviceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviceItem

    report = factory.SubFactory(AdvisoryReportFactory)
    kind = AdviceItem.Kind.RECOMMENDATION
    label = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Aanbeveling {n}")
    disposition = AdviceItem.Disposition.AGREED
    reasoning = "Overgenomen."
    owner = "Directie Informatiebeleid"
    deadline = dt.date(2026, 12, 31)


class BuildingBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuildingBlock

    name = factory.Sequence(lambda n: f"Bouwsteen {n}")
    slug = factory.Sequence(lambda n: f"bouwsteen-{n}")
    summary = "Een landelijke voorziening."
    owner = "VZVZ"
    generic_function = "toestemming"
    status = BuildingBlock.Status.AVAILABLE
    is_published = True


class AdoptionMeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdoptionMeasurement

    exchange = factory.SubFactory(ExchangeFactory)
    indicator = "care_providers"
    value = 10
    measured_on = dt.date(2026, 6, 30)
    source = "NTV-rapportage"


class AdoptionTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdoptionTarget

    exchange = factory.SubFactory(ExchangeFactory)
    indicator = "care_providers"
    value = 100
    target_date = dt.date(2027, 12, 31)
