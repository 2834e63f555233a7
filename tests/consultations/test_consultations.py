from __future__ import annotations

import datetime as dt
import re
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from freezegun import freeze_time

from consultations import services
from consultations.models import Answer, Comment, Consultation
from portal.core.exceptions import WorkflowError
from tests.factories import CONSULTATION_STANDARD, ProcedureStepFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC
OPENS = dt.datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
CLOSES = dt.datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
DRAFT = "## Principes\nBron blijft bron.\n\n## Netwerk\nEén netwerk."


@pytest.fixture
def consultation(programme_manager):
    with freeze_time("2026-10-01"):
        c = services.consultation_create(
            **CONSULTATION_STANDARD,
            actor=programme_manager,
            title="GISA",
            slug="gisa",
            subject="gisa",
            introduction="Inleiding",
            opens_at=OPENS,
            closes_at=CLOSES,
            draft=DRAFT,
            questions=["Mist u iets?"],
        )
        return services.consultation_schedule(actor=programme_manager, consultation=c)


def _section(c, n=0):
    return list(services.current_version(c).sections.all())[n]


def _answered_comment(author, org, manager, c) -> None:
    """A comment made while the round is open, answered (adopted) after it closed."""
    with freeze_time("2026-11-10"):
        comment = _comment(author, org, c)
    with freeze_time("2026-12-01"):
        services.answer_comments(
            actor=manager,
            consultation=c,
            comments=[comment],
            disposition="adopted",
            reason="Opgenomen",
        )


def _comment(user, org, c, text="Reactie", publish=True, key=None, section=None):
    return services.comment_submit(
        actor=user,
        consultation=c,
        organisation=org,
        text=text,
        may_publish=publish,
        section=section or _section(c),
        idempotency_key=key,
    )


def test_draft_is_split_into_numbered_sections(consultation):
    sections = list(services.current_version(consultation).sections.all())
    assert [(s.number, s.title) for s in sections] == [("1", "Principes"), ("2", "Netwerk")]


def test_comment_allowed_exactly_until_the_closing_instant(
    field_party, organisation_a, consultation
):
    with freeze_time(OPENS - dt.timedelta(seconds=1)), pytest.raises(WorkflowError):
        _comment(field_party, organisation_a, consultation)
    with freeze_time(CLOSES - dt.timedelta(microseconds=1)):
        comment = _comment(field_party, organisation_a, consultation)
    with freeze_time(CLOSES):
        with pytest.raises(WorkflowError):
            _comment(field_party, organisation_a, consultation)
        with pytest.raises(WorkflowError):
            services.comment_update(
                actor=field_party,
                comment=comment,
                text="Te laat",
                may_publish=True,
                lock_version=comment.lock_version,
            )
        with pytest.raises(WorkflowError):
            services.comment_withdraw(actor=field_party, comment=comment)
    assert Comment.objects.get().text == "Reactie"


def test_comment_form_on_the_page_and_closed_page_refuses(
    client, field_party, organisation_a, consultation
):
    client.force_login(field_party)
    with freeze_time("2026-11-10"):
        page = client.get(reverse("consultations:detail", args=["gisa"]))
        key = page.context["form"]["idempotency_key"].value()
        response = client.post(
            reverse("consultations:detail", args=["gisa"]),
            {
                "target": f"s-{_section(consultation).pk}",
                "organisation": organisation_a.pk,
                "text": "Goed plan",
                "may_publish": "on",
                "idempotency_key": key,
            },
        )
        assert response.status_code == 302
    with freeze_time("2026-12-01"):
        response = client.post(
            reverse("consultations:detail", args=["gisa"]),
            {
                "target": f"s-{_section(consultation).pk}",
                "organisation": organisation_a.pk,
                "text": "Te laat",
                "idempotency_key": str(uuid.uuid4()),
            },
        )
        assert response.status_code == 403
    assert list(Comment.objects.values_list("text", flat=True)) == ["Goed plan"]


def test_another_organisations_comment_cannot_be_edited(
    client, field_party, field_party_b, organisation_a, consultation
):
    with freeze_time("2026-11-10"):
        comment = _comment(field_party, organisation_a, consultation)
        client.force_login(field_party_b)
        assert (
            client.get(reverse("consultations:comment-edit", args=[comment.pk])).status_code == 404
        )
        response = client.post(
            reverse("consultations:comment-edit", args=[comment.pk]),
            {"text": "Gekaapt", "lock_version": 1},
        )
        assert response.status_code == 404
        assert (
            client.post(reverse("consultations:comment-withdraw", args=[comment.pk])).status_code
            == 404
        )
    assert Comment.objects.get().text == "Reactie"
    assert Comment.objects.get().status == "active"


def test_unpublished_comments_never_appear_in_public(
    client, field_party, organisation_a, programme_manager, consultation
):
    with freeze_time("2026-11-10"):
        _comment(field_party, organisation_a, consultation, text="Openbare reactie")
        _comment(field_party, organisation_a, consultation, text="Geheime reactie", publish=False)
    with freeze_time("2026-12-01"):
        services.answer_comments(
            actor=programme_manager,
            consultation=consultation,
            comments=list(Comment.objects.all()),
            disposition="noted",
            reason="Genoteerd",
        )
        services.report_publish(actor=programme_manager, consultation=consultation, summary="Klaar")
        urls = [
            reverse("consultations:section", args=["gisa", _section(consultation).pk]),
            reverse("consultations:report", args=["gisa"]),
            reverse("consultations:report-csv", args=["gisa"]),
            "/api/v1/consultations/gisa/comments",
            "/api/v1/consultations/gisa",
            reverse("feed-consultations"),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode()
            assert "Geheime reactie" not in body, url
        assert (
            "Openbare reactie"
            in b"".join(
                client.get(reverse("consultations:report-csv", args=["gisa"])).streaming_content
            ).decode()
        )


def test_report_refuses_to_publish_with_an_unanswered_comment(
    field_party, organisation_a, programme_manager, consultation
):
    with freeze_time("2026-11-10"):
        first = _comment(field_party, organisation_a, consultation, text="Een")
        _comment(field_party, organisation_a, consultation, text="Twee")
    with freeze_time("2026-12-01"):
        services.answer_comments(
            actor=programme_manager,
            consultation=consultation,
            comments=[first],
            disposition="adopted",
            reason="Overgenomen",
        )
        with pytest.raises(ValidationError, match="1"):
            services.report_publish(actor=programme_manager, consultation=consultation, summary="x")
        assert Consultation.objects.get().status == "scheduled"


def test_bulk_answer_records_one_answer_per_comment(
    field_party, organisation_a, programme_manager, consultation, client
):
    with freeze_time("2026-11-10"):
        comments = [
            _comment(field_party, organisation_a, consultation, text=f"R{i}") for i in range(3)
        ]
    with freeze_time("2026-12-01"):
        client.force_login(programme_manager)
        response = client.post(
            reverse("consultations:answers", args=["gisa"]),
            {
                "comments": [c.pk for c in comments],
                "disposition": "partly",
                "reason": "Deels overgenomen",
            },
        )
        assert response.status_code == 302
    assert Answer.objects.count() == 3
    assert set(Answer.objects.values_list("comment_id", flat=True)) == {c.pk for c in comments}


def test_answers_only_after_closing(field_party, organisation_a, programme_manager, consultation):
    with freeze_time("2026-11-10"):
        comment = _comment(field_party, organisation_a, consultation)
        with pytest.raises(WorkflowError):
            services.answer_comments(
                actor=programme_manager,
                consultation=consultation,
                comments=[comment],
                disposition="noted",
                reason="x",
            )


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_identical_submissions_create_one_comment(
    field_party, organisation_a, programme_manager
):
    # Real time here: frozen clocks and database connect timeouts do not mix in threads.
    from django.utils import timezone

    now = timezone.now()
    consultation = services.consultation_schedule(
        actor=programme_manager,
        consultation=services.consultation_create(
            **CONSULTATION_STANDARD,
            actor=programme_manager,
            title="Open",
            slug="open",
            subject="document",
            introduction="x",
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=1),
            draft=DRAFT,
        ),
    )
    key = uuid.uuid4()
    section = _section(consultation)
    barrier = threading.Barrier(20)
    ids: list[int] = []

    def submit():
        try:
            barrier.wait(timeout=10)
            ids.append(
                _comment(field_party, organisation_a, consultation, key=key, section=section).pk
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(ids) == 20
    assert len(set(ids)) == 1
    assert Comment.objects.count() == 1


def test_hidden_comment_is_kept_and_its_author_sees_why(
    client, field_party, organisation_a, programme_manager, consultation
):
    with freeze_time("2026-11-10"):
        comment = _comment(field_party, organisation_a, consultation, text="Ongepast")
        services.comment_hide(actor=programme_manager, comment=comment, reason="Beledigend")
    assert Comment.objects.get().status == "hidden"
    client.force_login(field_party)
    html = client.get(reverse("consultations:mine")).content.decode()
    assert "Beledigend" in html and "Ongepast" in html


def test_new_version_keeps_comments_on_their_section(
    field_party, organisation_a, programme_manager, consultation
):
    with freeze_time("2026-11-10"):
        comment = _comment(field_party, organisation_a, consultation)
        services.version_publish(
            actor=programme_manager,
            consultation=consultation,
            draft="## Principes\nNieuw.",
            note="Herzien",
        )
    comment.refresh_from_db()
    assert comment.section.version.number == 1
    assert services.current_version(consultation).number == 2


@pytest.mark.parametrize("n", [1, 50])
def test_consultation_page_queries_do_not_grow(
    client, field_party, organisation_a, consultation, django_assert_num_queries, n
):
    with freeze_time("2026-11-10"):
        for i in range(n):
            _comment(field_party, organisation_a, consultation, text=f"R{i}")
            # a legislative track it is about, with a step (shown by parliament's panel)
            ProcedureStepFactory(stage="draft").track.consultations.add(consultation)
        # … and the legislative tracks it is about with their steps; its documents and
        # sessions; the data version (under which the sections' fragment is kept)
        with django_assert_num_queries(10):
            assert client.get(reverse("consultations:detail", args=["gisa"])).status_code == 200
        section_url = reverse("consultations:section", args=["gisa", _section(consultation).pk])
        # consultation, section (with its count of published comments), page of comments
        # with their organisations, their answers, their attachments; and the data
        # version for the ETag (a returning visitor: the first page set the CSRF cookie)
        with django_assert_num_queries(6):
            assert client.get(section_url).status_code == 200
        # the consultation alone, then one page by cursor (no count)
        with django_assert_num_queries(3):  # + the data version (ETag)
            assert client.get("/api/v1/consultations/gisa/comments").status_code == 200
        # count, page, versions with sections and documents, sessions
        with django_assert_num_queries(7):  # + the data version (ETag)
            assert client.get("/api/v1/consultations").status_code == 200


@pytest.mark.parametrize(
    "persona", ["field_party", "coordinator_x", "board_member", "cds_reviewer"]
)
def test_only_programme_managers_run_consultations(persona_client, persona, consultation):
    client = persona_client(persona)
    assert client.get(reverse("consultations:create")).status_code == 403
    assert client.get(reverse("consultations:answers", args=["gisa"])).status_code == 403
    assert client.get(reverse("consultations:report-publish", args=["gisa"])).status_code == 403


def test_demo_consultations(demo_data):
    assert Consultation.objects.filter(status="reported").count() == 1
    assert Answer.objects.count() >= 4


def _pdf_text(response) -> str:
    import io

    from pypdf import PdfReader

    body = b"".join(response.streaming_content)
    assert body[:5] == b"%PDF-"
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)


def test_report_pdf_is_made_in_the_background_with_the_comments_and_answers(
    client,
    field_party,
    organisation_a,
    programme_manager,
    consultation,
    django_capture_on_commit_callbacks,
    monkeypatch,
    settings,
):
    from consultations import tasks
    from consultations.models import ReportFile

    settings.REPORT_PDF_PART = 2  # five comments: three parts, joined
    with freeze_time("2026-11-10"):
        comments = [
            _comment(field_party, organisation_a, consultation, text=f"Bron blijft bron {i}")
            for i in range(5)
        ]
        hidden = _comment(
            field_party, organisation_a, consultation, text="Niet voor publicatie", publish=False
        )
    with freeze_time("2026-12-01"):
        services.answer_comments(
            actor=programme_manager,
            consultation=consultation,
            comments=[*comments, hidden],
            disposition="adopted",
            reason="Opgenomen in 1",
        )
        # Before the task has run, the PDF link says it is being made.
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.report_publish(
                actor=programme_manager, consultation=consultation, summary="Klaar"
            )
        pending = client.get(reverse("consultations:report-pdf", args=["gisa"]))
        assert pending.status_code == 200 and "Wacht op start" in pending.content.decode()
        for callback in callbacks:
            callback()  # the worker (eager here) lays it out
    job = ReportFile.objects.get(consultation=consultation)
    assert job.status == "done" and job.total_comments == 5 and job.done_comments == 5
    assert job.pages >= 3
    assert [h.status for h in job.history.order_by("history_id")] == ["queued", "running", "done"]
    text = _pdf_text(client.get(reverse("consultations:report-pdf", args=["gisa"])))
    for i in range(5):
        assert f"Bron blijft bron {i}" in text
    assert "Opgenomen in 1" in text
    assert "Niet voor publicatie" not in text
    # Running the task again (a duplicate delivery) changes nothing.
    assert tasks.generate_report_pdf(job.pk) == "skipped"


def test_manager_follows_progress_and_can_make_the_pdf_again(
    client, programme_manager, field_party, consultation, django_capture_on_commit_callbacks
):
    from consultations.models import ReportFile

    with freeze_time("2026-12-01"):
        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(
                actor=programme_manager, consultation=consultation, summary="Klaar"
            )
        assert ReportFile.objects.get().status == "done"
        client.force_login(field_party)
        url = reverse("consultations:report-pdf-generate", args=["gisa"])
        assert client.post(url).status_code == 403
        client.force_login(programme_manager)
        page = client.get(reverse("consultations:report", args=["gisa"])).content.decode()
        assert "De PDF is klaar" in page and "Maak de PDF opnieuw" in page
        with django_capture_on_commit_callbacks(execute=False):
            assert client.post(url).status_code == 302
            assert client.post(url).status_code == 302  # a double click queues one job
        assert ReportFile.objects.filter(status="queued").count() == 1
        status = client.get(
            reverse("consultations:report-pdf-status", args=["gisa"]), HTTP_HX_REQUEST="true"
        ).content.decode()
        assert 'hx-trigger="every 2s"' in status and "<progress" in status
        # The previous PDF stays available while the new one is made.
        assert client.get(reverse("consultations:report-pdf", args=["gisa"]))["Content-Type"] == (
            "application/pdf"
        )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_comment_with_an_attachment_public_only_with_its_comment(
    client, field_party, field_party_b, organisation_a, consultation
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from consultations.models import CommentAttachment

    client.force_login(field_party)
    with freeze_time("2026-11-10"):
        for text, publish in (("Openbaar met bijlage", "on"), ("Anoniem met bijlage", "")):
            page = client.get(reverse("consultations:detail", args=["gisa"]))
            response = client.post(
                reverse("consultations:detail", args=["gisa"]),
                {
                    "target": f"s-{_section(consultation).pk}",
                    "organisation": organisation_a.pk,
                    "text": text,
                    "may_publish": publish,
                    "idempotency_key": page.context["form"]["idempotency_key"].value(),
                    "attachment": SimpleUploadedFile("onderbouwing.pdf", PDF),
                },
            )
            assert response.status_code == 302
        bad = client.post(
            reverse("consultations:detail", args=["gisa"]),
            {
                "target": f"s-{_section(consultation).pk}",
                "organisation": organisation_a.pk,
                "text": "Met vermomde bijlage",
                "idempotency_key": str(uuid.uuid4()),
                "attachment": SimpleUploadedFile("x.pdf", b"<html>x</html>"),
            },
        )
        assert "niet geaccepteerd" in bad.content.decode()
    public = CommentAttachment.objects.get(comment__text="Openbaar met bijlage")
    private = CommentAttachment.objects.get(comment__text="Anoniem met bijlage")
    assert CommentAttachment.objects.count() == 2
    client.logout()
    response = client.get(reverse("consultations:attachment", args=[public.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("consultations:attachment", args=[private.pk])).status_code == 404
    client.force_login(field_party_b)
    assert client.get(reverse("consultations:attachment", args=[private.pk])).status_code == 404
    client.force_login(field_party)
    assert client.get(reverse("consultations:attachment", args=[private.pk])).status_code == 200


def test_answer_links_the_agreement_version_and_release_that_changed(
    client, field_party, organisation_a, programme_manager, consultation
):
    from tests.factories import AgreementFactory, ReleaseFactory

    AgreementFactory(code="LAS-ANT-1")
    ReleaseFactory(number="2027.1")
    with freeze_time("2026-11-10"):
        comment = _comment(field_party, organisation_a, consultation, text="Graag aanpassen")
    with freeze_time("2026-12-01"):
        client.force_login(programme_manager)
        url = reverse("consultations:answers", args=["gisa"])
        bad = client.post(
            url,
            {
                "comments": [comment.pk],
                "disposition": "adopted",
                "reason": "Aangepast",
                "agreement_version": "LAS-ANT-1 v9",
                "release": "1999.9",
            },
        )
        html = bad.content.decode()
        assert bad.status_code == 200
        assert "Geen afspraakversie LAS-ANT-1 v9" in html and "Er is geen release 1999.9" in html
        assert not Answer.objects.exists()  # nothing half-saved
        ok = client.post(
            url,
            {
                "comments": [comment.pk],
                "disposition": "adopted",
                "reason": "Aangepast",
                "agreement_version": "las-ant-1 v1",
                "release": "2027.1",
            },
        )
        assert ok.status_code == 302
        answer = Answer.objects.get()
        assert answer.agreement_version.agreement.code == "LAS-ANT-1"
        assert answer.release.number == "2027.1"
        services.report_publish(actor=programme_manager, consultation=consultation, summary="x")
    client.force_login(field_party)
    mine = client.get(reverse("consultations:mine")).content.decode()
    assert reverse("agreements:detail", args=["LAS-ANT-1"]) in mine
    assert "release 2027.1" in mine


def test_followers_hear_of_the_opening_a_new_draft_and_the_report(
    field_party, programme_manager, consultation
):
    from consultations.tasks import announce_openings
    from portal.notifications.models import Notification
    from portal.notifications.services import follow

    follow(actor=field_party, target=consultation)
    with freeze_time(OPENS + dt.timedelta(minutes=1)):
        assert announce_openings() == 1
        assert announce_openings() == 0  # told once
        services.version_publish(
            actor=programme_manager,
            consultation=consultation,
            draft="## Principes\n\nNieuw.\n\n## Netwerk\n\nMeer.",
            note="Bijgewerkt",
        )
    with freeze_time(CLOSES + dt.timedelta(days=1)):
        services.report_publish(actor=programme_manager, consultation=consultation, summary="x")
    verbs = list(
        Notification.objects.filter(user=field_party)
        .order_by("created_at")
        .values_list("verb", flat=True)
    )
    assert verbs[0] == "consultations.consultation.opened"
    assert "consultations.version.published" in verbs
    assert verbs[-1] == "consultations.report.published"


def test_public_comments_api_walks_by_cursor_without_gaps_or_repeats(
    client, field_party, organisation_a, consultation
):
    with freeze_time("2026-11-10"):
        public = [
            _comment(field_party, organisation_a, consultation, text=f"Openbaar {i}").pk
            for i in range(7)
        ]
        _comment(field_party, organisation_a, consultation, text="Anoniem", publish=False)
    url = "/api/v1/consultations/gisa/comments?pageSize=3"
    seen = []
    while url:
        body = client.get(url).json()
        assert "count" not in body  # a cursor page never counts the whole set
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
    assert seen == public
    bad = client.get("/api/v1/consultations/gisa/comments?cursor=%FF%FE")
    assert bad.status_code == 404
    assert bad["Content-Type"] == "application/problem+json"


# --- nothing typed is lost; consent is asked; withdrawing is confirmed --------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def test_a_refused_attachment_saves_nothing_and_a_later_send_stores_what_was_sent(
    client, field_party, organisation_a, consultation
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(field_party)
    url = reverse("consultations:detail", args=["gisa"])
    with freeze_time("2026-11-10"):
        key = client.get(url).context["form"]["idempotency_key"].value()
        first, second = _section(consultation, 0), _section(consultation, 1)
        data = {
            "target": f"s-{first.pk}",
            "organisation": organisation_a.pk,
            "text": "Eerste tekst",
            "idempotency_key": key,
            "attachment": SimpleUploadedFile("x.pdf", b"MZ this is a program"),
        }
        response = client.post(url, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "niet geaccepteerd" in html and "Eerste tekst" in html
        assert not Comment.objects.exists()
        # The person changes section and text and sends again (same form, same key).
        data.update(
            target=f"s-{second.pk}",
            text="Tweede tekst",
            attachment=SimpleUploadedFile("x.png", PNG),
        )
        assert client.post(url, data).status_code == 302
    comment = Comment.objects.get()
    assert (comment.section, comment.text) == (second, "Tweede tekst")
    assert comment.attachments.count() == 1


def test_a_form_sent_again_with_other_content_is_refused_not_answered_with_the_first(
    field_party, organisation_a, consultation
):
    key = uuid.uuid4()
    with freeze_time("2026-11-10"):
        first = _comment(field_party, organisation_a, consultation, text="Een", key=key)
        assert _comment(field_party, organisation_a, consultation, text="Een", key=key) == first
        with pytest.raises(ValidationError):
            _comment(field_party, organisation_a, consultation, text="Twee", key=key)
    assert list(Comment.objects.values_list("text", flat=True)) == ["Een"]


def test_publication_consent_starts_unticked(client, field_party, consultation):
    client.force_login(field_party)
    with freeze_time("2026-11-10"):
        form = client.get(reverse("consultations:detail", args=["gisa"])).context["form"]
    assert not form["may_publish"].value()
    assert 'name="may_publish" checked' not in str(form["may_publish"])


def test_withdrawing_asks_first_and_changing_is_not_offered_after_closing(
    client, field_party, organisation_a, consultation
):
    client.force_login(field_party)
    with freeze_time("2026-11-10"):
        comment = _comment(field_party, organisation_a, consultation)
        url = reverse("consultations:comment-withdraw", args=[comment.pk])
        response = client.post(url)
        assert response.status_code == 200
        assert "Reactie" in response.content.decode()
        assert Comment.objects.get().status == "active"
        assert client.post(url, {"confirm": "1"}).status_code == 302
        assert Comment.objects.get().status == "withdrawn"
        other = _comment(field_party, organisation_a, consultation, text="Nog een")
    with freeze_time("2026-12-05"):
        page = client.get(reverse("consultations:detail", args=["gisa"])).content.decode()
        edit = reverse("consultations:comment-edit", args=[other.pk])
        assert edit not in page
        response = client.get(edit, follow=True)
        assert "kan niet meer worden gewijzigd" in response.content.decode()


def test_a_report_pdf_that_cannot_be_made_shows_failed_with_the_reason_and_a_retry(
    client,
    field_party,
    organisation_a,
    programme_manager,
    consultation,
    monkeypatch,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """A layout library that does not load (as when a production install missed one)
    fails the job with its reason; it does not leave the page waiting for ever. The
    libraries load in the layout and join processes, so one of those is given a Python
    without the library (a script that fails as its import would)."""
    from consultations.models import ReportFile
    from portal.core import typeset

    _answered_comment(field_party, organisation_a, programme_manager, consultation)
    broken = tmp_path / "no_typst.py"
    broken.write_text("import typst_is_not_installed_here\n")
    with freeze_time("2026-12-01"):
        monkeypatch.setattr(typeset, "CHILD", broken)
        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(actor=programme_manager, consultation=consultation, summary="K")
        monkeypatch.undo()
    job = ReportFile.objects.get()
    assert job.status == "failed" and "No module named 'typst_is_not_installed_here'" in job.error
    client.force_login(programme_manager)
    page = client.get(reverse("consultations:report", args=["gisa"])).content.decode()
    assert "mislukt" in page and "typst_is_not_installed_here" in page
    assert "Opnieuw proberen" in page
    assert "hx-trigger" not in page  # no polling of a job that will not move
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consultations:report-pdf-generate", args=["gisa"]))
    assert ReportFile.objects.latest("id").status == "done"


def test_the_report_csv_speaks_the_readers_language(
    client, field_party, organisation_a, programme_manager, consultation
):
    _answered_comment(field_party, organisation_a, programme_manager, consultation)
    with freeze_time("2026-12-01"):
        services.report_publish(actor=programme_manager, consultation=consultation, summary="K")
    body = b"".join(
        client.get(reverse("consultations:report-csv", args=["gisa"])).streaming_content
    ).decode()
    header, row = body.splitlines()[:2]
    assert "Organisatie" in header and "Verwerking" in header and "organisation" not in header
    assert "Overgenomen" in row and "adopted" not in row


def _zip_bomb() -> bytes:
    """About 200 KB that would inflate to 200 MB: an OpenDocument-looking archive whose
    `mimetype` member is all zeros."""
    import io
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("mimetype", "w") as member,
    ):
        chunk = b"\0" * (1024 * 1024)
        for _ in range(200):
            member.write(chunk)
    return out.getvalue()


def _many_entries() -> bytes:
    """About 1 MB holding tens of thousands of empty entries: reading its directory would
    build one object per entry."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(11000):
            archive.writestr(f"word/{n}", b"")
    return out.getvalue()


def _docx() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "accepted"),
    [("bom.odt", _zip_bomb, False), ("veel.docx", _many_entries, False), ("ok.docx", _docx, True)],
)
def test_crafted_archives_are_checked_in_bounded_memory(
    client, field_party, organisation_a, consultation, name, make, accepted
):
    import tracemalloc

    from django.core.files.uploadedfile import SimpleUploadedFile

    content = make()
    assert len(content) < 1_100_000
    client.force_login(field_party)
    url = reverse("consultations:detail", args=["gisa"])
    with freeze_time("2026-11-10"):
        key = client.get(url).context["form"]["idempotency_key"].value()
        data = {
            "target": f"s-{_section(consultation, 0).pk}",
            "organisation": organisation_a.pk,
            "text": "Met bijlage",
            "idempotency_key": key,
            "attachment": SimpleUploadedFile(name, content),
        }
        tracemalloc.start()
        try:
            response = client.post(url, data)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, f"{peak / 1e6:.0f} MB for a {len(content) / 1e6:.1f} MB upload"
    assert response.status_code == (302 if accepted else 200)
    assert Comment.objects.exists() == accepted


# --- a draft is saved with what was typed; scheduling needs the rest ------------------


def _new_consultation_page(client, **data):
    page = client.get(reverse("consultations:create"))
    key = page.context["form"]["idempotency_key"].value()
    fields = {"subject": "document", "idempotency_key": key, **data}
    return client.post(reverse("consultations:create"), fields)


def test_a_draft_consultation_saves_with_only_its_title_and_cannot_be_scheduled_yet(
    client, programme_manager
):
    client.force_login(programme_manager)
    response = _new_consultation_page(client, title="Concept AMvB Wegiz")
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.slug == "concept-amvb-wegiz"
    assert (consultation.status, consultation.opens_at, consultation.closes_at) == (
        "draft",
        None,
        None,
    )
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Voordat deze consultatie kan worden gepland, ontbreekt nog:" in page
    for missing in ("een inleiding", "een openingstijd", "een sluitingstijd", "de concepttekst"):
        assert missing in page
    assert reverse("consultations:schedule", args=[consultation.slug]) not in page
    assert reverse("consultations:edit", args=[consultation.slug]) in page
    # The server refuses what the page no longer offers, and says what is missing.
    refused = client.post(
        reverse("consultations:schedule", args=[consultation.slug]), follow=True
    ).content.decode()
    assert "een openingstijd" in refused
    assert Consultation.objects.get().status == "draft"


def test_a_draft_is_completed_on_its_edit_page_and_then_scheduled(client, programme_manager):
    client.force_login(programme_manager)
    _new_consultation_page(client, title="GISA-ronde", slug="gisa-ronde")
    consultation = Consultation.objects.get()
    url = reverse("consultations:edit", args=["gisa-ronde"])
    form = client.get(url).context["form"]
    with freeze_time("2026-10-01"):
        response = client.post(
            url,
            {
                "title": "GISA-ronde 2026",
                "subject": "gisa",
                "introduction": "Wat wij vragen.",
                "opens_at": "2026-11-01T09:00",
                "closes_at": "2026-11-30T17:00",
                "draft": DRAFT,
                "questions": "Mist u iets?\nIs het haalbaar?",
                **CONSULTATION_STANDARD,
                "lock_version": form["lock_version"].value(),
            },
        )
        assert response.status_code == 302
        consultation.refresh_from_db()
        assert consultation.title == "GISA-ronde 2026"
        assert [s.title for s in services.current_version(consultation).sections.all()] == [
            "Principes",
            "Netwerk",
        ]
        assert [q.text for q in consultation.questions.all()] == [
            "Mist u iets?",
            "Is het haalbaar?",
        ]
        # Its edit page shows the text as it was typed, so a second save changes nothing.
        assert client.get(url).context["form"]["draft"].value().startswith("## Principes")
        page = client.get(consultation.get_absolute_url()).content.decode()
        assert reverse("consultations:schedule", args=["gisa-ronde"]) in page
        client.post(reverse("consultations:schedule", args=["gisa-ronde"]))
    consultation.refresh_from_db()
    assert consultation.status == "scheduled"
    # Once scheduled, the draft can no longer be changed through the edit page.
    response = client.post(url, {"title": "Anders", "subject": "gisa", "lock_version": "9"})
    assert response.status_code == 302
    assert Consultation.objects.get().title == "GISA-ronde 2026"
    history = [h.history_change_reason for h in consultation.history.all()]
    assert "consultations.consultation.changed" in history


def test_a_second_edit_of_a_draft_from_a_stale_form_is_refused_and_keeps_the_first(
    client, programme_manager
):
    client.force_login(programme_manager)
    _new_consultation_page(client, title="Ronde", slug="ronde")
    url = reverse("consultations:edit", args=["ronde"])
    lock = client.get(url).context["form"]["lock_version"].value()
    first = {"title": "Eerste", "subject": "gisa", "lock_version": lock}
    assert client.post(url, first).status_code == 302
    second = client.post(url, {**first, "title": "Tweede"})
    assert second.status_code == 200
    assert "Tweede" in second.content.decode()  # what was typed is kept on the page
    assert Consultation.objects.get().title == "Eerste"


def test_only_managers_change_a_draft_consultation(client, field_party, programme_manager):
    services.consultation_create(actor=programme_manager, title="Ronde", slug="ronde")
    client.force_login(field_party)
    url = reverse("consultations:edit", args=["ronde"])
    assert client.get(url).status_code in (403, 404)
    assert client.post(
        url, {"title": "Gekaapt", "subject": "gisa", "lock_version": "1"}
    ).status_code in (
        403,
        404,
    )
    assert Consultation.objects.get().title == "Ronde"


def test_the_database_refuses_a_scheduled_consultation_without_dates(programme_manager):
    from django.db import IntegrityError

    consultation = services.consultation_create(
        **CONSULTATION_STANDARD, actor=programme_manager, title="Ronde", slug="ronde"
    )
    with pytest.raises(IntegrityError):
        Consultation.objects.filter(pk=consultation.pk).update(status="scheduled")


def test_the_published_report_shows_the_table_stored_at_publication_and_after_moderation(
    client, field_party, organisation_a, programme_manager, consultation
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with freeze_time("2026-11-10"):
        first = _comment(field_party, organisation_a, consultation, text="Eerste")
        _comment(field_party, organisation_a, consultation, text="Tweede")
    with freeze_time("2026-12-01"):
        services.answer_comments(
            actor=programme_manager,
            consultation=consultation,
            comments=list(Comment.objects.all()),
            disposition="adopted",
            reason="Overgenomen",
        )
        services.report_publish(actor=programme_manager, consultation=consultation, summary="K")
        consultation.refresh_from_db()
        assert consultation.report_counts["totals"]["total"] == 2
        assert consultation.report_counts["totals"]["adopted"] == 2
        url = reverse("consultations:report", args=["gisa"])
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200
        assert not [q for q in queries if "consultations_comment" in q["sql"]], (
            "the published report counted comments per request"
        )
        total = re.search(r"<th scope=\"row\">Totaal</th><td>(\d+)</td>", page.content.decode())
        assert total and total.group(1) == "2"
        services.comment_hide(actor=programme_manager, comment=first, reason="Beledigend")
        consultation.refresh_from_db()
        assert consultation.report_counts["totals"]["total"] == 1
        total = re.search(
            r"<th scope=\"row\">Totaal</th><td>(\d+)</td>", client.get(url).content.decode()
        )
        assert total and total.group(1) == "1"


def test_section_counts_follow_every_change_and_the_page_shows_them(
    client, field_party, organisation_a, programme_manager, consultation
):
    from django.db.models import Count, Q

    def fresh(section):
        active = Q(status="active")
        return tuple(
            Comment.objects.filter(section=section)
            .aggregate(
                a=Count("id", filter=active), p=Count("id", filter=active & Q(may_publish=True))
            )
            .values()
        )

    def kept(section):
        section.refresh_from_db()
        return (section.n_comments, section.n_public)

    section = _section(consultation)
    with freeze_time("2026-11-10"):
        first = _comment(field_party, organisation_a, consultation, text="Een")
        second = _comment(field_party, organisation_a, consultation, text="Twee")
        _comment(field_party, organisation_a, consultation, text="Drie", publish=False)
        assert kept(section) == fresh(section) == (3, 2)
        services.comment_update(
            actor=field_party, comment=second, text="Twee", may_publish=False, lock_version=1
        )
        assert kept(section) == fresh(section) == (3, 1)
        services.comment_withdraw(actor=field_party, comment=first)
        assert kept(section) == fresh(section) == (2, 0)
        page = client.get(reverse("consultations:detail", args=["gisa"])).content.decode()
        assert "0 openbare reacties" in page and "2 in totaal" in page
    with freeze_time("2026-12-01"):
        services.comment_hide(actor=programme_manager, comment=second, reason="Dubbel")
        assert kept(section) == fresh(section) == (1, 0)
