"""Hand-overs reach people: each step in which someone must act, or is affected, tells
them in the portal and by e-mail (per their preference, through the outbox), whether or
not they follow the item, and tells no one else.

Each step is taken through its page, as the role that takes it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agreements.models import Release
from consultations.models import Consultation
from portal.accounts.roles import Role
from portal.notifications.models import Notification, Preference
from roadmap.models import AlignmentReview, CriterionAssessment, FundingApplication
from roadmap.regions.tasks import send_report_reminders
from tests.factories import (
    REVIEW_OK,
    AgreementFactory,
    AgreementVersionFactory,
    AlignmentReviewFactory,
    AnswerFactory,
    ApplicationAnswerFactory,
    CommentFactory,
    ConsultationFactory,
    CriterionAssessmentFactory,
    FundingApplicationFactory,
    FundingCriterionFactory,
    InitiativeFactory,
    IntakeProposalFactory,
    MembershipFactory,
    ProgressReportFactory,
    ReleaseItemFactory,
    make_person,
)

pytestmark = pytest.mark.django_db


def told(user, verb: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, verb=verb))


def mailed_to() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


@pytest.fixture
def bystanders(db, organisation_b):
    """People the steps below concern in no way: each must hear nothing."""
    return [
        make_person(Role.FIELD_PARTY, organisation=organisation_b, email="omstander@example.org"),
        make_person(Role.CDS_REVIEWER, email="andere-cds@example.org"),
    ]


def test_a_submitted_release_reaches_the_board_and_its_verdict_the_submitter_and_managers(
    client, programme_manager, board_member, bystanders, django_capture_on_commit_callbacks
):
    other_manager = make_person(Role.PROGRAMME_MANAGER, email="pm2@example.org")
    item = ReleaseItemFactory(
        version=AgreementVersionFactory(agreement=AgreementFactory(status="draft"), number=2)
    )
    release = item.release
    client.force_login(programme_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agreements:release-submit", args=[release.number]))
    assert response.status_code == 302
    assert len(told(board_member, "agreements.release.submitted")) == 1
    assert board_member.email in mailed_to()
    assert not told(programme_manager, "agreements.release.submitted")  # the actor
    assert not Notification.objects.filter(user__in=bystanders).exists()

    mail.outbox.clear()
    client.force_login(board_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agreements:release-review", args=[release.number]), REVIEW_OK
        )
    assert response.status_code == 302
    assert Release.objects.get(pk=release.pk).status == Release.Status.APPROVED
    for person in (programme_manager, other_manager):
        assert len(told(person, "agreements.release.approved")) == 1
    assert {programme_manager.email, other_manager.email} <= mailed_to()
    assert not told(board_member, "agreements.release.approved")
    assert not Notification.objects.filter(user__in=bystanders).exists()
    assert bystanders[0].email not in mailed_to()


def test_a_published_report_tells_each_commenter_once_with_the_answer(
    client, programme_manager, field_party, bystanders, django_capture_on_commit_callbacks
):
    now = timezone.now()
    consultation = ConsultationFactory(
        opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=1)
    )
    comment = CommentFactory(consultation=consultation, author=field_party)
    AnswerFactory(comment=comment, answered_by=programme_manager)
    # The commenter also follows the consultation: still one notice, the particular one.
    client.force_login(field_party)
    client.post(reverse("notifications:follow"), {"kind": "consultation", "id": consultation.pk})
    client.force_login(programme_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("consultations:report-publish", args=[consultation.slug]),
            {"summary": "Wat we hoorden."},
        )
    assert response.status_code == 302
    assert Consultation.objects.get(pk=consultation.pk).status == Consultation.Status.REPORTED
    notices = list(Notification.objects.filter(user=field_party))
    assert [n.verb for n in notices] == ["consultations.report.answered"]
    assert field_party.email in mailed_to()
    client.force_login(field_party)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "met het antwoord op uw reactie" in inbox
    assert not Notification.objects.filter(user__in=bystanders).exists()


def test_a_cds_review_reaches_the_regions_coordinators_and_the_reply_the_reviewer(
    client,
    cds_reviewer,
    coordinator_x,
    coordinator_y,
    region_x,
    bystanders,
    django_capture_on_commit_callbacks,
):
    initiative = InitiativeFactory(region=region_x, slug="x-9")
    client.force_login(cds_reviewer)
    data = dict.fromkeys(AlignmentReview.POINTS, "partly")
    data.update({f"{p}_note": "Advies" for p in AlignmentReview.POINTS})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("regions:review-create", args=[initiative.slug]), data)
    assert response.status_code == 302
    assert len(told(coordinator_x, "regions.review.recorded")) == 1
    assert coordinator_x.email in mailed_to()
    assert not told(coordinator_y, "regions.review.recorded")  # another region
    assert not Notification.objects.filter(user__in=bystanders).exists()

    review = AlignmentReview.objects.get(initiative=initiative)
    client.force_login(coordinator_x)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("regions:review-respond", args=[review.pk]), {"response": "Doen we"})
    assert len(told(cds_reviewer, "regions.review.responded")) == 1
    assert not told(bystanders[1], "regions.review.responded")  # a CDS reviewer, not this one


def test_a_reply_to_someone_elses_review_reaches_its_reviewer(
    client, coordinator_x, region_x, cds_reviewer
):
    review = AlignmentReviewFactory(
        initiative=InitiativeFactory(region=region_x), reviewer=cds_reviewer
    )
    client.force_login(coordinator_x)
    client.post(reverse("regions:review-respond", args=[review.pk]), {"response": "Akkoord"})
    assert [n.url for n in told(cds_reviewer, "regions.review.responded")] == [
        review.initiative.get_absolute_url()
    ]


def test_progress_reports_due_and_overdue_reach_the_coordinators_of_the_region_only(
    coordinator_x, coordinator_y, region_x, bystanders, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=coordinator_x, email=Preference.Email.IMMEDIATE)
    today = timezone.localdate()
    report = ProgressReportFactory(
        initiative=InitiativeFactory(region=region_x), due_date=today + dt.timedelta(days=3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_report_reminders() == 1
    assert len(told(coordinator_x, "regions.report.due")) == 1
    assert coordinator_x.email in mailed_to()
    report.due_date = today - dt.timedelta(days=1)
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_report_reminders() == 1
        assert send_report_reminders() == 0
    assert len(told(coordinator_x, "regions.report.overdue")) == 1
    assert not Notification.objects.filter(user=coordinator_y).exists()
    assert not Notification.objects.filter(user__in=bystanders).exists()


def test_a_coordinator_who_wants_no_email_reads_the_reminder_in_the_portal(
    client, coordinator_x, region_x, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=coordinator_x, email=Preference.Email.NONE)
    ProgressReportFactory(
        initiative=InitiativeFactory(region=region_x),
        due_date=timezone.localdate() + dt.timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_report_reminders()
    assert coordinator_x.email not in mailed_to()
    client.force_login(coordinator_x)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "binnen een week" in inbox


def test_an_application_reaches_the_managers_and_its_decision_the_applicants(
    client,
    coordinator_x,
    coordinator_y,
    region_x,
    programme_manager,
    bystanders,
    django_capture_on_commit_callbacks,
):
    application = FundingApplicationFactory(initiative=InitiativeFactory(region=region_x))
    criterion = FundingCriterionFactory(scheme=application.scheme)
    ApplicationAnswerFactory(application=application, criterion=criterion)
    client.force_login(coordinator_x)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("regions:application-answers", args=[application.pk]),
            {
                "lock_version": application.lock_version,
                f"answer_{criterion.pk}": "Ja.",
                "submit": "1",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(told(programme_manager, "funding.application.submitted")) == 1
    assert programme_manager.email in mailed_to()
    assert not told(coordinator_x, "funding.application.submitted")
    assert not Notification.objects.filter(user__in=[*bystanders, coordinator_y]).exists()

    CriterionAssessmentFactory(
        application=application,
        criterion=criterion,
        verdict=CriterionAssessment.Verdict.MET,
        assessed_by=programme_manager,
    )
    mail.outbox.clear()
    client.force_login(programme_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("regions:application-decide", args=[application.pk]),
            {"status": "granted", "rationale": "Past.", "amount_granted": "50000"},
        )
    assert response.status_code == 302
    assert FundingApplication.objects.get(pk=application.pk).status == "granted"
    assert len(told(coordinator_x, "funding.application.granted")) == 1
    assert coordinator_x.email in mailed_to()
    assert not Notification.objects.filter(user__in=[*bystanders, coordinator_y]).exists()


def test_a_decided_intake_proposal_reaches_the_proposers_organisation(
    client,
    programme_manager,
    field_party,
    organisation_a,
    field_party_b,
    bystanders,
    django_capture_on_commit_callbacks,
):
    colleague = make_person(
        Role.FIELD_PARTY, organisation=organisation_a, email="collega@example.org"
    )
    proposal = IntakeProposalFactory(
        organisation=organisation_a,
        submitted_by=field_party,
        status="submitted",
        added_value_score=3,
        support_score=2,
        feasibility_score=2,
    )
    MembershipFactory(
        user=make_person(email="ex@example.org", is_active=False), organisation=organisation_a
    )
    client.force_login(programme_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wegiz:proposal-decide", args=[proposal.pk]),
            {"decision": "decline", "reason": "Te weinig draagvlak."},
        )
    assert response.status_code == 302
    for person in (field_party, colleague):
        assert len(told(person, "wegiz.proposal.declined")) == 1
    assert {field_party.email, colleague.email} <= mailed_to()
    assert "ex@example.org" not in mailed_to()  # no longer active
    assert not told(field_party_b, "wegiz.proposal.declined")
    assert not Notification.objects.filter(user__in=bystanders).exists()
    client.force_login(colleague)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "is afgewezen" in inbox


def test_followers_hear_of_a_consultation_once_it_is_open_not_when_it_is_scheduled(
    client, field_party, programme_manager, django_capture_on_commit_callbacks
):
    from consultations.tasks import announce_openings

    client.force_login(field_party)
    client.post(reverse("notifications:follow"), {"section": "consultations"})
    now = timezone.now()
    consultation = ConsultationFactory(
        opens_at=now + dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30)
    )
    assert announce_openings() == 0
    assert not told(field_party, "consultations.consultation.opened")
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=now - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_openings() == 1
        assert announce_openings() == 0
    assert len(told(field_party, "consultations.consultation.opened")) == 1
    assert field_party.email in mailed_to()
