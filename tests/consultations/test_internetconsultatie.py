"""What internetconsultatie.nl offers, here too: the standard fields of every consultation,
downloadable documents per version, sessions with the field (registration, places,
attendance, notes in the report), an e-mail receipt with a copy of the response, and the
report's count of responses per kind of organisation."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from consultations import services
from consultations.models import (
    Comment,
    Consultation,
    ConsultationDocument,
    ConsultationSession,
    SessionRegistration,
)
from consultations.tasks import send_comment_receipt, send_pending_receipts
from portal.core.exceptions import WorkflowError
from tests.factories import CONSULTATION_STANDARD

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="toelichting.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


# --- standard fields ------------------------------------------------------------------------


def test_a_consultation_is_scheduled_only_with_its_standard_fields(client, programme_manager):
    now = timezone.now()
    draft = services.consultation_create(
        actor=programme_manager,
        title="Ronde",
        slug="ronde",
        introduction="Inleiding",
        opens_at=now + dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=20),
        draft="## Een\nTekst.",
    )
    with pytest.raises(WorkflowError) as refused:
        services.consultation_schedule(actor=programme_manager, consultation=draft)
    for missing in ("het doel", "de doelgroep", "de regeldruk", "een contactpersoon"):
        assert missing in str(refused.value)
    services.consultation_update(
        actor=programme_manager,
        consultation=draft,
        lock_version=draft.lock_version,
        title="Ronde",
        subject="document",
        introduction="Inleiding",
        opens_at=draft.opens_at,
        closes_at=draft.closes_at,
        draft="## Een\nTekst.",
        questions=[],
        **CONSULTATION_STANDARD,
    )
    scheduled = services.consultation_schedule(actor=programme_manager, consultation=draft)
    page = client.get(scheduled.get_absolute_url()).content.decode()
    assert "Over deze consultatie" in page
    for value in CONSULTATION_STANDARD.values():
        assert value in page
    api = client.get("/api/v1/consultations/ronde").json()
    assert (api["purpose"], api["targetGroup"], api["regulatoryBurden"], api["contact"]) == (
        CONSULTATION_STANDARD["purpose"],
        CONSULTATION_STANDARD["target_group"],
        CONSULTATION_STANDARD["regulatory_burden"],
        CONSULTATION_STANDARD["contact"],
    )


# --- documents ---------------------------------------------------------------------------------


def test_documents_per_version_are_downloadable_pdfs(client, programme_manager, open_consultation):
    client.force_login(programme_manager)
    url = reverse("consultations:document-add", args=[open_consultation.slug])
    response = client.post(url, {"kind": "explanatory", "title": "Toelichting", "file": _pdf()})
    assert response.status_code == 302
    # Not a PDF: refused with a message, nothing stored.
    png = SimpleUploadedFile("x.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "application/pdf")
    bad = client.post(url, {"kind": "draft", "title": "Plaatje", "file": png})
    assert bad.status_code == 200 and "Upload het document als pdf" in bad.content.decode()
    assert ConsultationDocument.objects.count() == 1
    document = ConsultationDocument.objects.get()
    assert document.version.number == 1
    client.logout()
    page = client.get(open_consultation.get_absolute_url()).content.decode()
    assert "Toelichting" in page
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    api = client.get(f"/api/v1/consultations/{open_consultation.slug}").json()
    assert [(d["kind"], d["title"], d["version"]) for d in api["documents"]] == [
        ("explanatory", "Toelichting", 1)
    ]
    # Another consultation's slug with this document's id is not found.
    assert client.get(f"/consultaties/andere/documenten/{document.pk}/").status_code == 404
    # Once the round is open the document stays.
    with pytest.raises(WorkflowError):
        services.document_remove(actor=programme_manager, document=document)


def test_a_draft_consultations_documents_are_not_public(client, programme_manager):
    draft = services.consultation_create(
        actor=programme_manager, title="Concept", slug="concept", draft="## Een\nTekst."
    )
    document = services.document_add(
        actor=programme_manager, consultation=draft, kind="draft", title="Concept", upload=_pdf()
    )
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(programme_manager)
    assert client.get(document.get_absolute_url()).status_code == 200
    response = client.post(reverse("consultations:document-remove", args=["concept", document.pk]))
    assert response.status_code == 302 and not ConsultationDocument.objects.exists()


@pytest.mark.parametrize("persona", ["field_party", "coordinator_x", "cds_reviewer"])
def test_only_managers_add_documents_and_plan_sessions(persona_client, persona, open_consultation):
    client = persona_client(persona)
    slug = open_consultation.slug
    assert (
        client.post(
            reverse("consultations:document-add", args=[slug]),
            {"kind": "draft", "title": "X", "file": _pdf()},
        ).status_code
        == 403
    )
    start = timezone.now() + dt.timedelta(days=3)
    assert (
        client.post(
            reverse("consultations:session-create", args=[slug]),
            {
                "title": "S",
                "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                "place": "Den Haag",
                "capacity": "5",
            },
        ).status_code
        == 403
    )
    assert not ConsultationDocument.objects.exists() and not ConsultationSession.objects.exists()


# --- sessions ----------------------------------------------------------------------------------


@pytest.fixture
def session(programme_manager, open_consultation):
    start = timezone.now() + dt.timedelta(days=5)
    return services.session_create(
        actor=programme_manager,
        consultation=open_consultation,
        title="Veldsessie",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Den Haag",
        online_url="https://example.org/sessie",
        capacity=2,
    )


def test_field_parties_register_until_the_places_are_taken(
    client, field_party, field_party_b, coordinator_x, organisation_a, session
):
    client.force_login(field_party)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "0 van 2 bezet" in page and "https://example.org/sessie" not in page
    url = reverse("consultations:session-register", args=[session.consultation.slug, session.pk])
    assert client.post(url, {"organisation": organisation_a.pk}).status_code == 302
    page = client.get(session.get_absolute_url()).content.decode()
    assert "U hebt zich aangemeld" in page and "https://example.org/sessie" in page
    # Twice: refused, one registration.
    client.post(url, {"organisation": organisation_a.pk}, follow=True)
    assert SessionRegistration.objects.filter(user=field_party).count() == 1
    services.session_register(actor=field_party_b, session=session)
    with pytest.raises(WorkflowError) as full:
        services.session_register(actor=coordinator_x, session=session)
    assert "vol" in str(full.value)
    # Someone gives a place back; then it can be taken.
    services.session_unregister(actor=field_party_b, session=session)
    services.session_register(actor=coordinator_x, session=session)
    assert session.registrations.count() == 2
    # Not for an organisation one does not act for.
    other = client.post(url.replace("aanmelden", "afmelden"))
    assert other.status_code == 302
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.session_register(actor=field_party_b, session=session, organisation=organisation_a)


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_for_the_last_place_give_it_to_one(
    programme_manager, field_party, field_party_b, coordinator_x, open_consultation
):
    start = timezone.now() + dt.timedelta(days=5)
    session = services.session_create(
        actor=programme_manager,
        consultation=open_consultation,
        title="Eén plaats",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Utrecht",
        capacity=1,
    )
    people = [field_party, field_party_b, coordinator_x]
    barrier = threading.Barrier(len(people))
    outcomes = []

    def register(user):
        try:
            barrier.wait()
            services.session_register(actor=user, session=session)
            outcomes.append("ok")
        except WorkflowError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["full", "full", "ok"]
    assert session.registrations.count() == 1


def test_registration_closes_at_the_start_and_attendance_and_notes_feed_the_report(
    client, programme_manager, field_party, field_party_b, session
):
    services.session_register(actor=field_party, session=session)
    services.session_register(actor=field_party_b, session=session)
    with pytest.raises(WorkflowError):
        services.session_record(
            actor=programme_manager,
            session=session,
            lock_version=session.lock_version,
            attended=set(),
            notes="Te vroeg",
        )
    with freeze_time(session.starts_at + dt.timedelta(minutes=5)):
        with pytest.raises(WorkflowError):
            services.session_unregister(actor=field_party, session=session)
        client.force_login(programme_manager)
        record = reverse(
            "consultations:session-record", args=[session.consultation.slug, session.pk]
        )
        mine = session.registrations.get(user=field_party)
        response = client.post(
            record,
            {
                f"attended_{mine.pk}": "on",
                "notes": "Vragen over de overgangstermijn.",
                "lock_version": session.lock_version,
            },
        )
        assert response.status_code == 302
    attended = dict(session.registrations.values_list("user_id", "attended"))
    assert attended == {field_party.pk: True, field_party_b.pk: False}
    report = services.selectors.report_sessions(session.consultation).get()
    assert (report.taken, report.attended_n, report.notes) == (
        2,
        1,
        "Vragen over de overgangstermijn.",
    )


def test_bad_session_input_gets_clear_messages(client, programme_manager, open_consultation):
    client.force_login(programme_manager)
    url = reverse("consultations:session-create", args=[open_consultation.slug])
    response = client.post(
        url,
        {
            "title": "S",
            "starts_at": "2027-01-10T10:00",
            "ends_at": "2027-01-10T09:00",
            "capacity": "0",
            "idempotency_key": "0f0e7c1a-2222-4c77-9a53-0c4f7b1d2e3f",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een sessie eindigt na het begin" in html
    assert "Geef een plaats, een onlinelink of beide" in html
    assert not ConsultationSession.objects.exists()
    with pytest.raises(ValidationError):
        services.session_create(
            actor=programme_manager,
            consultation=open_consultation,
            title="S",
            starts_at=timezone.now() + dt.timedelta(days=1),
            ends_at=timezone.now() + dt.timedelta(days=1, hours=1),
            place="",
            online_url="",
            capacity=3,
        )


# --- e-mail receipt ------------------------------------------------------------------------


def test_the_author_gets_one_receipt_with_a_copy_in_their_language(
    client, field_party, organisation_a, open_consultation, django_capture_on_commit_callbacks
):
    field_party.language = "en"
    field_party.save(update_fields=["language"])
    client.force_login(field_party)
    section = services.current_version(open_consultation).sections.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            open_consultation.get_absolute_url(),
            {
                "target": f"s-{section.pk}",
                "organisation": organisation_a.pk,
                "text": "Graag een langere overgangstermijn.",
                "may_publish": "on",
                "idempotency_key": "4c1f0a2b-3333-4c77-9a53-0c4f7b1d2e3f",
            },
        )
    assert response.status_code == 302
    [receipt] = mail.outbox
    comment = Comment.objects.get()
    assert receipt.to == [field_party.email]
    assert receipt.subject == f"Received: your comment on “{open_consultation.title}”"
    assert "Graag een langere overgangstermijn." in receipt.body
    assert f"{open_consultation.slug}-{comment.pk}" in receipt.body
    assert organisation_a.name in receipt.body
    assert Comment.objects.get().receipt_sent_at is not None
    # A second run (a retry, the sweep) sends nothing.
    assert send_comment_receipt(comment.pk) is False
    assert send_pending_receipts() == 0
    assert len(mail.outbox) == 1


def test_the_sweep_sends_a_receipt_the_broker_did_not_take(field_party, open_consultation):
    section = services.current_version(open_consultation).sections.first()
    comment = services.comment_submit(
        actor=field_party,
        consultation=open_consultation,
        organisation=None,
        text="Tekst",
        may_publish=False,
        section=section,
    )  # on_commit never runs inside the test's transaction: as if the broker was down
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert send_pending_receipts() == 1
    assert len(mail.outbox) == 1 and "niet te publiceren" in mail.outbox[0].body


# --- the report counts per kind of organisation ---------------------------------------------


def test_the_report_counts_responses_per_kind_of_organisation(
    client, programme_manager, field_party, field_party_b, organisation_a, open_consultation
):
    section = services.current_version(open_consultation).sections.first()
    for user, org in ((field_party, organisation_a), (field_party_b, None)):
        services.comment_submit(
            actor=user,
            consultation=open_consultation,
            organisation=org,
            text="Reactie",
            may_publish=True,
            section=section,
        )
    Consultation.objects.filter(pk=open_consultation.pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1),
        opens_at=timezone.now() - dt.timedelta(days=2),
    )
    services.answer_comments(
        actor=programme_manager,
        consultation=open_consultation,
        comments=list(Comment.objects.all()),
        disposition="noted",
        reason="Gelezen.",
    )
    services.report_publish(actor=programme_manager, consultation=open_consultation, summary="")
    page = client.get(reverse("consultations:report", args=[open_consultation.slug]))
    html = page.content.decode()
    assert "Reacties per soort organisatie" in html
    kinds = {label: total for label, total, _orgs in page.context["by_kind"]}
    assert kinds == {str(organisation_a.get_kind_display()): 1, "Particulieren": 1}


def test_followers_hear_of_documents_and_sessions_and_registrations_are_personal_data(
    client, field_party, programme_manager, open_consultation
):
    from portal.notifications.models import Notification

    client.force_login(field_party)
    client.post(
        reverse("notifications:follow"),
        {"kind": "consultation", "id": open_consultation.pk, "action": "follow"},
    )
    services.document_add(
        actor=programme_manager,
        consultation=open_consultation,
        kind="explanatory",
        title="Toelichting",
        upload=_pdf(),
    )
    assert Notification.objects.get(user=field_party).verb == "consultations.document.added"
    start = timezone.now() + dt.timedelta(days=4)
    session = services.session_create(
        actor=programme_manager,
        consultation=open_consultation,
        title="Veldsessie",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Zwolle",
        capacity=3,
    )
    verbs = set(Notification.objects.filter(user=field_party).values_list("verb", flat=True))
    assert verbs == {"consultations.document.added", "consultations.session.created"}
    services.session_register(actor=field_party, session=session)
    from consultations.selectors import personal_data

    [row] = personal_data(field_party)["sessionRegistrations"]
    assert (row["session"], row["attended"]) == ("Veldsessie", None)
