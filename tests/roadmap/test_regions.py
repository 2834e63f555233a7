from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from freezegun import freeze_time

from portal.core.exceptions import WorkflowError
from roadmap.models import (
    AlignmentReview,
    Attachment,
    CriterionAssessment,
    FundingApplication,
    Initiative,
    ProgressReport,
)
from roadmap.regions import services
from roadmap.regions.tasks import send_report_reminders
from tests.factories import FundingSchemeFactory

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def scheme(programme_manager):
    s = FundingSchemeFactory(name="Regeling", slug="regeling")
    services.scheme_set_criteria(
        actor=programme_manager,
        scheme=s,
        criteria=[("gisa", "Past in GISA."), ("fhir", "Gebruikt FHIR.")],
    )
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


@pytest.fixture
def initiative_x(coordinator_x, region_x):
    return _initiative(coordinator_x, region_x, "x-1")


@pytest.fixture
def initiative_y(coordinator_y, region_y):
    return _initiative(coordinator_y, region_y, "y-1")


@pytest.fixture
def draft_y(coordinator_y, initiative_y, scheme):
    return services.application_create(
        actor=coordinator_y,
        initiative=initiative_y,
        scheme=scheme,
        title="Aanvraag Y",
        amount_requested=1000,
    )


def _answer_all(actor, application):
    answers = {c.pk: ("Antwoord", "Bewijs") for c in services.criteria_of(application.scheme)}
    return services.application_save_answers(
        actor=actor, application=application, lock_version=application.lock_version, answers=answers
    )


# --- another region is invisible -------------------------------------------------------


def test_coordinator_of_x_gets_404_on_everything_of_region_y(
    client, coordinator_x, coordinator_y, initiative_y, draft_y, cds_reviewer
):
    report = services.report_open_period(initiative=initiative_y, day=D(2026, 5, 1))
    services.report_save(
        actor=coordinator_y,
        report=report,
        lock_version=report.lock_version,
        progress="Concept van Y",
    )
    attachment = services.attachment_add(
        actor=coordinator_y, application=draft_y, upload=SimpleUploadedFile("plan.pdf", PDF)
    )
    review = services.review_record(
        actor=cds_reviewer,
        initiative=initiative_y,
        **dict.fromkeys(AlignmentReview.POINTS, "aligned"),
        **{f"{p}_note": "x" for p in AlignmentReview.POINTS},
    )
    client.force_login(coordinator_x)
    report.refresh_from_db()
    draft_y.refresh_from_db()
    gets = [
        reverse("regions:initiative-edit", args=["y-1"]),
        reverse("regions:report", args=[report.pk]),
        reverse("regions:application", args=[draft_y.pk]),
        reverse("regions:application-create", args=["y-1"]),
        reverse("regions:attachment", args=[attachment.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        (
            reverse("regions:initiative-edit", args=["y-1"]),
            {"title": "Gekaapt", "purpose": "x", "status": "running", "lock_version": 1},
        ),
        (
            reverse("regions:report", args=[report.pk]),
            {"progress": "Gekaapt", "submit": "1", "lock_version": report.lock_version},
        ),
        (
            reverse("regions:application-answers", args=[draft_y.pk]),
            {"lock_version": draft_y.lock_version, "submit": "1"},
        ),
        (
            reverse("regions:application-answers", args=[draft_y.pk]),
            {"lock_version": draft_y.lock_version, "file": SimpleUploadedFile("a.pdf", PDF)},
        ),
        (reverse("regions:review-respond", args=[review.pk]), {"response": "Gekaapt"}),
        (
            reverse("regions:application-create", args=["y-1"]),
            {"scheme": draft_y.scheme_id, "title": "x", "amount_requested": 5},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert Initiative.objects.get(slug="y-1").title == "Initiatief y-1"
    assert ProgressReport.objects.get(pk=report.pk).progress == "Concept van Y"
    assert ProgressReport.objects.get(pk=report.pk).status == "draft"
    assert FundingApplication.objects.get(pk=draft_y.pk).status == "draft"
    assert FundingApplication.objects.count() == 1
    assert Attachment.objects.count() == 1
    assert AlignmentReview.objects.get().response == ""
    # The API has public fields only: no drafts, no reports, no applications.
    body = client.get("/api/v1/initiatives/y-1").content.decode()
    assert "Concept van Y" not in body and "Aanvraag Y" not in body


def test_cds_reviewer_reads_all_regions_but_changes_nothing(
    client, cds_reviewer, coordinator_y, initiative_y, draft_y
):
    client.force_login(cds_reviewer)
    assert client.get(reverse("regions:application", args=[draft_y.pk])).status_code == 200
    assert client.get(reverse("regions:initiative-edit", args=["y-1"])).status_code == 403
    assert client.get(reverse("regions:cds")).status_code == 200


# --- funding ----------------------------------------------------------------------------


def test_submission_is_refused_while_a_criterion_is_unanswered(coordinator_y, draft_y):
    first = services.criteria_of(draft_y.scheme).first()
    services.application_save_answers(
        actor=coordinator_y,
        application=draft_y,
        lock_version=draft_y.lock_version,
        answers={first.pk: ("Alleen deze", "")},
    )
    with pytest.raises(ValidationError, match="fhir"):
        services.application_submit(actor=coordinator_y, application=draft_y)
    assert FundingApplication.objects.get(pk=draft_y.pk).status == "draft"


def test_submission_page_says_what_is_missing(client, coordinator_y, draft_y):
    client.force_login(coordinator_y)
    response = client.post(
        reverse("regions:application-answers", args=[draft_y.pk]),
        {"lock_version": draft_y.lock_version, "submit": "1"},
        follow=True,
    )
    assert "Beantwoord elk criterium" in response.content.decode()
    assert FundingApplication.objects.get(pk=draft_y.pk).status == "draft"


def test_assessment_uses_the_criteria_version_of_the_submission(
    programme_manager, coordinator_y, draft_y, scheme
):
    application = _answer_all(coordinator_y, draft_y)
    application = services.application_submit(actor=coordinator_y, application=application)
    assert application.criteria_version == 1
    services.scheme_set_criteria(
        actor=programme_manager,
        scheme=scheme,
        criteria=[("gisa", "Past in GISA v2."), ("nieuw", "Nieuw.")],
    )
    scheme.refresh_from_db()
    assert scheme.current_version == 2
    old = list(services.criteria_of(scheme, 1))
    new = list(services.criteria_of(scheme, 2))
    with pytest.raises(ValidationError):
        services.application_assess(
            actor=programme_manager,
            application=application,
            criterion=new[1],
            verdict="met",
            reasoning="x",
        )
    for criterion in old:
        services.application_assess(
            actor=programme_manager,
            application=application,
            criterion=criterion,
            verdict="met",
            reasoning="Voldoet",
        )
    decided = services.application_decide(
        actor=programme_manager,
        application=application,
        status="granted",
        rationale="Voldoet aan alles",
        amount_granted=800,
    )
    assert (decided.status, decided.amount_granted) == ("granted", 800)


def test_decision_needs_every_criterion_assessed(programme_manager, coordinator_y, draft_y):
    application = services.application_submit(
        actor=coordinator_y, application=_answer_all(coordinator_y, draft_y)
    )
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=programme_manager, application=application, status="granted", rationale="Te vroeg"
        )


def test_decided_applications_are_public_without_confidential_attachments(
    client, programme_manager, coordinator_y, draft_y
):
    services.attachment_add(
        actor=coordinator_y, application=draft_y, upload=SimpleUploadedFile("open.pdf", PDF)
    )
    secret = services.attachment_add(
        actor=coordinator_y,
        application=draft_y,
        upload=SimpleUploadedFile("geheim.pdf", PDF),
        is_confidential=True,
    )
    application = services.application_submit(
        actor=coordinator_y, application=_answer_all(coordinator_y, draft_y)
    )
    assert client.get(reverse("regions:application", args=[application.pk])).status_code == 404
    for c in services.criteria_of(application.scheme, 1):
        services.application_assess(
            actor=programme_manager,
            application=application,
            criterion=c,
            verdict="met",
            reasoning="Voldoet",
        )
    services.application_decide(
        actor=programme_manager,
        application=application,
        status="refused",
        rationale="Dubbelt de landelijke voorziening",
    )
    html = client.get(reverse("regions:application", args=[application.pk])).content.decode()
    assert "Dubbelt de landelijke voorziening" in html
    assert "open.pdf" in html and "geheim.pdf" not in html
    assert client.get(reverse("regions:attachment", args=[secret.pk])).status_code == 302  # log in


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_submissions_create_one_submission(coordinator_y, draft_y):
    _answer_all(coordinator_y, draft_y)
    results: list[str] = []
    barrier = threading.Barrier(20)

    def submit():
        try:
            barrier.wait(timeout=10)
            services.application_submit(
                actor=coordinator_y, application=FundingApplication.objects.get(pk=draft_y.pk)
            )
            results.append("ok")
        except WorkflowError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results.count("ok") == 1
    assert results.count("refused") == 19
    reasons = FundingApplication.history.filter(
        id=draft_y.pk, history_change_reason="funding.application.submitted"
    )
    assert reasons.count() == 1


# --- uploads -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("groot.pdf", PDF + b"0" * (1024 * 1024), "te groot"),
        ("vermomd.pdf", b"MZ\x90\x00 this is a windows program", "niet geaccepteerd"),
        ("pagina.html", b"<html><script>alert(1)</script></html>", "niet geaccepteerd"),
        ("pagina.pdf", b"<!DOCTYPE html><html><body>x</body></html>", "niet geaccepteerd"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(
    client, settings, coordinator_y, draft_y, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(coordinator_y)
    criterion = draft_y.scheme.criteria.first()
    response = client.post(
        reverse("regions:application-answers", args=[draft_y.pk]),
        {
            "lock_version": draft_y.lock_version,
            f"answer_{criterion.pk}": "Wat ik net typte.",
            "file": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # Nothing saved, nothing lost: the answer typed is still in the form.
    assert "Wat ik net typte." in html
    assert not Attachment.objects.exists()
    assert not draft_y.answers.exists()


def test_upload_is_stored_under_a_random_name_and_served_as_a_safe_download(
    client, coordinator_y, draft_y
):
    client.force_login(coordinator_y)
    client.post(
        reverse("regions:application-answers", args=[draft_y.pk]),
        {
            "lock_version": draft_y.lock_version,
            "file": SimpleUploadedFile("../../etc/passwd .pdf", PDF),
        },
    )
    attachment = Attachment.objects.get()
    assert "passwd" not in attachment.file.name
    assert attachment.file.name.startswith(f"attachments/{draft_y.pk}/")
    assert attachment.original_name == "passwd .pdf"
    response = client.get(reverse("regions:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    client.logout()
    assert client.get(reverse("regions:attachment", args=[attachment.pk])).status_code == 302


# --- reports and reminders ---------------------------------------------------------------


def test_draft_report_saved_then_submitted_and_locked(client, coordinator_x, initiative_x):
    report = services.report_open_period(initiative=initiative_x, day=D(2026, 5, 1))
    assert (report.period, report.due_date) == ("2026-K2", D(2026, 7, 15))
    client.force_login(coordinator_x)
    url = reverse("regions:report", args=[report.pk])
    client.post(url, {"progress": "Half af", "lock_version": report.lock_version, "save": "1"})
    report.refresh_from_db()
    assert (report.status, report.progress) == ("draft", "Half af")
    response = client.post(
        url,
        {
            "progress": "Af",
            "next_steps": "Door",
            "submit": "1",
            "lock_version": report.lock_version,
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert (
        client.post(url, {"progress": "Later", "lock_version": report.lock_version}).status_code
        == 403
    )
    assert ProgressReport.objects.get(pk=report.pk).progress == "Af"


def test_reminders_are_sent_exactly_once_per_period(
    coordinator_x, initiative_x, django_capture_on_commit_callbacks
):
    report = services.report_open_period(initiative=initiative_x, day=D(2026, 5, 1))  # due 15 July
    with freeze_time("2026-07-10"), django_capture_on_commit_callbacks(execute=True):
        assert send_report_reminders() == 1
        assert send_report_reminders() == 0
    with freeze_time("2026-07-20"), django_capture_on_commit_callbacks(execute=True):
        assert send_report_reminders() == 1
        assert send_report_reminders() == 0
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == [coordinator_x.email]
    report.refresh_from_db()
    assert report.is_late(D(2026, 7, 20))


def test_cds_review_and_coordinator_response(client, cds_reviewer, coordinator_x, initiative_x):
    client.force_login(cds_reviewer)
    data = dict.fromkeys(AlignmentReview.POINTS, "partly")
    data.update({f"{p}_note": "Advies" for p in AlignmentReview.POINTS})
    assert client.post(reverse("regions:review-create", args=["x-1"]), data).status_code == 302
    review = AlignmentReview.objects.get()
    assert review.overall == "partly"
    client.force_login(coordinator_x)
    client.post(reverse("regions:review-respond", args=[review.pk]), {"response": "Passen we aan"})
    assert AlignmentReview.objects.get().response == "Passen we aan"


@pytest.mark.parametrize("persona", ["coordinator_x", "field_party", "programme_manager"])
def test_only_cds_reviewers_record_reviews(persona_client, persona, initiative_x):
    assert (
        persona_client(persona).get(reverse("regions:review-create", args=["x-1"])).status_code
        == 403
    )


@pytest.mark.parametrize("n", [1, 12])
def test_cds_overview_and_api_queries_do_not_grow(
    client, cds_reviewer, coordinator_x, region_x, django_assert_num_queries, n
):
    for i in range(n):
        initiative = _initiative(coordinator_x, region_x, f"q-{i}")
        services.report_open_period(initiative=initiative, day=D(2026, 1, 1))
        services.review_record(
            actor=cds_reviewer,
            initiative=initiative,
            **dict.fromkeys(AlignmentReview.POINTS, "aligned"),
            **{f"{p}_note": "x" for p in AlignmentReview.POINTS},
        )
    client.force_login(cds_reviewer)
    client.get(reverse("regions:cds"))
    # session, user, roles; initiatives, reviews, decided applications, agreements,
    # reports, regions, the region ids the rules cache, and the unread-notification count
    with django_assert_num_queries(12):
        assert client.get(reverse("regions:cds")).status_code == 200
    client.logout()
    with django_assert_num_queries(5):  # + the data version (ETag)
        assert client.get("/api/v1/initiatives").status_code == 200
    with django_assert_num_queries(3):  # + the data version (ETag)
        assert client.get("/api/v1/regions").status_code == 200


def test_demo_regions(demo_data):
    assert Initiative.objects.values("region").distinct().count() == 12
    assert set(FundingApplication.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "granted",
        "conditional",
        "refused",
    }
    statuses = {(r.status, r.is_late(D(2026, 11, 23))) for r in ProgressReport.objects.all()}
    assert ("submitted", False) in statuses and ("draft", True) in statuses


# --- binding criteria, one assessment form, conditions with follow-up -------------------


def _submitted(coordinator_y, draft_y):
    return services.application_submit(
        actor=coordinator_y, application=_answer_all(coordinator_y, draft_y)
    )


def _assess_page(client, application, verdicts):
    criteria = list(services.criteria_of(application.scheme, application.criteria_version))
    data = {}
    for c, (verdict, reasoning) in zip(criteria, verdicts, strict=True):
        data[f"verdict_{c.pk}"], data[f"reasoning_{c.pk}"] = verdict, reasoning
    return client.post(reverse("regions:application-assess", args=[application.pk]), data)


def test_one_form_assesses_every_criterion_and_a_half_filled_one_loses_nothing(
    client, programme_manager, coordinator_y, draft_y
):
    application = _submitted(coordinator_y, draft_y)
    client.force_login(programme_manager)
    response = _assess_page(client, application, [("met", "Past."), ("not_met", "")])
    assert response.status_code == 400
    html = response.content.decode()
    assert "Geef de onderbouwing" in html and "Past." in html
    assert not CriterionAssessment.objects.exists()
    response = _assess_page(client, application, [("met", "Past."), ("not_met", "Geen FHIR.")])
    assert response.status_code == 302
    assert sorted(application.assessments.values_list("verdict", flat=True)) == ["met", "not_met"]


def test_a_criterion_not_met_binds_the_decision(client, programme_manager, coordinator_y, draft_y):
    application = _submitted(coordinator_y, draft_y)
    client.force_login(programme_manager)
    _assess_page(client, application, [("met", "Past."), ("not_met", "Geen FHIR.")])
    decide = reverse("regions:application-decide", args=[application.pk])
    response = client.post(
        decide, {"status": "granted", "rationale": "Toch doen", "amount_granted": "1000"}
    )
    assert response.status_code == 400
    assert "bindend" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    # A conditional grant names the condition and date for the criterion not met,
    # and grants at most what was asked.
    fhir = application.scheme.criteria.get(code="fhir")
    data = {"status": "conditional", "rationale": "Met voorwaarde", "amount_granted": "1500"}
    response = client.post(decide, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "ten hoogste 1000" in html and "Geef de voorwaarde" in html
    data.update(
        {
            "amount_granted": "900",
            f"condition_{fhir.pk}": "Stap over op FHIR.",
            f"due_{fhir.pk}": "2030-01-01",
        }
    )
    assert client.post(decide, data).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.amount_granted) == ("conditional", 900)
    condition = application.grant_conditions.get()
    assert (condition.criterion, condition.text, condition.status) == (
        fhir,
        "Stap over op FHIR.",
        "open",
    )
    # The manager follows the condition up; the public sees the outcome.
    follow_up = reverse("regions:condition-follow-up", args=[condition.pk])
    assert client.post(follow_up, {"status": "met", "note": "Live op FHIR."}).status_code == 302
    condition.refresh_from_db()
    assert (condition.status, condition.follow_up_note) == ("met", "Live op FHIR.")
    client.logout()
    html = client.get(application.get_absolute_url()).content.decode()
    assert "Stap over op FHIR." in html and "Live op FHIR." in html and "900" in html


@pytest.mark.parametrize("persona", ["coordinator_y", "cds_reviewer", "field_party"])
def test_only_assessors_follow_up_a_condition(
    persona_client, persona, programme_manager, coordinator_y, draft_y
):
    application = _submitted(coordinator_y, draft_y)
    for c in services.criteria_of(application.scheme, 1):
        services.application_assess(
            actor=programme_manager,
            application=application,
            criterion=c,
            verdict="not_met" if c.code == "fhir" else "met",
            reasoning="x",
        )
    fhir = application.scheme.criteria.get(code="fhir")
    services.application_decide(
        actor=programme_manager,
        application=application,
        status="conditional",
        rationale="Met voorwaarde",
        amount_granted=500,
        conditions={fhir.pk: ("Stap over op FHIR.", D(2030, 1, 1))},
    )
    condition = application.grant_conditions.get()
    response = persona_client(persona).post(
        reverse("regions:condition-follow-up", args=[condition.pk]),
        {"status": "met", "note": "Zelf afgevinkt"},
    )
    assert response.status_code in (302, 403)
    condition.refresh_from_db()
    assert condition.status == "open"


def test_the_answers_survive_an_upload_and_are_saved_with_it(client, coordinator_y, draft_y):
    client.force_login(coordinator_y)
    criterion = draft_y.scheme.criteria.first()
    response = client.post(
        reverse("regions:application-answers", args=[draft_y.pk]),
        {
            "lock_version": draft_y.lock_version,
            f"answer_{criterion.pk}": "Ons antwoord.",
            "file": SimpleUploadedFile("plan.pdf", PDF),
            "file_criterion": criterion.pk,
        },
    )
    assert response.status_code == 302
    assert draft_y.answers.get().answer == "Ons antwoord."
    assert Attachment.objects.get().criterion == criterion


def test_the_staff_to_do_opens_the_application_page(
    client, programme_manager, coordinator_y, draft_y
):
    application = _submitted(coordinator_y, draft_y)
    client.force_login(programme_manager)
    home = client.get("/").content.decode()
    url = application.get_absolute_url()
    assert f'href="{url}"' in home
    assert client.get(url).status_code == 200
