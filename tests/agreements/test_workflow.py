from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, AgreementVersion, Release, ReleaseItem
from agreements.tasks import flag_reassessments
from portal.core.exceptions import WorkflowError
from tests.factories import (
    REVIEW_OK,
    AgreementFactory,
    AgreementSystemFactory,
    HarmonisationFactory,
    ReleaseFactory,
    ReleaseItemFactory,
)

pytestmark = pytest.mark.django_db


def _new_agreement_form(**extra):
    system = AgreementSystemFactory()
    data = {
        "lock_version": 1,
        "code": "LAS-N-001",
        "title": "Nieuwe afspraak",
        "system": system.pk,
        "layer": "technisch",
        "topic": "logging",
        "plateau": "2026-2027",
        "text": "## Afspraak\n\nIets.",
    }
    data.update(extra)
    return data


def test_manager_creates_an_agreement_as_draft(client, programme_manager):
    client.force_login(programme_manager)
    response = client.post(reverse("agreements:create"), _new_agreement_form())
    assert response.status_code == 302
    agreement = Agreement.objects.get(code="LAS-N-001")
    assert agreement.status == Agreement.Status.DRAFT
    assert agreement.versions.get().text == "## Afspraak\n\nIets."
    record = agreement.history.first()
    assert record.history_user == programme_manager
    assert record.history_change_reason == "agreements.agreement.created"


def test_creating_a_temporary_agreement_without_period_is_refused_in_dutch(
    client, programme_manager
):
    client.force_login(programme_manager)
    response = client.post(reverse("agreements:create"), _new_agreement_form(is_temporary="on"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "tijdelijke afspraak heeft een einde van de geldigheid nodig" in html
    assert 'value="Nieuwe afspraak"' in html  # what was typed is kept
    assert not Agreement.objects.exists()


def test_bad_code_and_duplicate_code_are_refused(client, programme_manager):
    AgreementFactory(code="LAS-N-001")
    client.force_login(programme_manager)
    assert (
        "bestaat al"
        in client.post(reverse("agreements:create"), _new_agreement_form()).content.decode()
    )
    html = client.post(
        reverse("agreements:create"), _new_agreement_form(code="kleine letters")
    ).content.decode()
    assert "hoofdletters" in html


@pytest.mark.parametrize(
    "persona", ["field_party", "coordinator_x", "cds_reviewer", "board_member"]
)
def test_only_programme_managers_edit_the_catalogue(persona_client, persona):
    AgreementFactory(code="LAS-R-1")
    client = persona_client(persona)
    assert client.get(reverse("agreements:create")).status_code == 403
    assert client.post(reverse("agreements:create"), _new_agreement_form()).status_code == 403
    assert client.get(reverse("agreements:edit", args=["LAS-R-1"])).status_code == 403
    assert (
        client.post(
            reverse("agreements:withdraw", args=["LAS-R-1"]), {"reason": "x", "lock_version": 1}
        ).status_code
        == 403
    )
    assert Agreement.objects.get(code="LAS-R-1").status == Agreement.Status.ADOPTED


def _edit_data(agreement, **changes):
    data = {
        "lock_version": agreement.lock_version,
        "title": agreement.title,
        "system": agreement.system_id,
        "layer": agreement.layer,
        "topic": agreement.topic,
        "plateau": agreement.plateau,
    }
    data.update(changes)
    return data


def test_concurrent_edits_never_overwrite_silently(client, programme_manager):
    agreement = AgreementFactory(code="LAS-L-1", title="Origineel")
    client.force_login(programme_manager)
    url = reverse("agreements:edit", args=["LAS-L-1"])
    first = _edit_data(agreement, title="Eerste wijziging")
    second = _edit_data(agreement, title="Tweede wijziging")  # opened at the same time
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "heeft iemand anders dit onderdeel opgeslagen" in html
    assert 'value="Tweede wijziging"' in html  # nothing typed is lost
    assert Agreement.objects.get(code="LAS-L-1").title == "Eerste wijziging"
    # Saving again after reading the warning is a deliberate overwrite.
    form = response.context["form"]
    again = dict(second, lock_version=form["lock_version"].value())
    assert client.post(url, again).status_code == 302
    assert Agreement.objects.get(code="LAS-L-1").title == "Tweede wijziging"


def test_concurrent_edit_refused_in_the_service(programme_manager):
    agreement = AgreementFactory()
    stale = agreement.lock_version
    services.agreement_update(
        actor=programme_manager, agreement=agreement, lock_version=stale, title="A"
    )
    from portal.core.exceptions import ConcurrentEditError

    with pytest.raises(ConcurrentEditError):
        services.agreement_update(
            actor=programme_manager, agreement=agreement, lock_version=stale, title="B"
        )


def test_new_version_takes_effect_only_through_a_release(client, programme_manager):
    agreement = AgreementFactory(code="LAS-V-1", version__text="Eerste.")
    client.force_login(programme_manager)
    response = client.post(
        reverse("agreements:version-create", args=["LAS-V-1"]),
        {
            "lock_version": agreement.lock_version,
            "text": "Tweede.",
            "change_note": "Aangescherpt",
        },
    )
    assert response.status_code == 302
    v2 = agreement.versions.get(number=2)
    assert not v2.is_current and v2.effective_from is None
    assert (
        "Eerste." in client.get(reverse("agreements:detail", args=["LAS-V-1"]), {}).content.decode()
    )


def test_withdraw_needs_a_reason_and_ends_the_current_version(client, programme_manager):
    agreement = AgreementFactory(code="LAS-W-1")
    client.force_login(programme_manager)
    url = reverse("agreements:withdraw", args=["LAS-W-1"])
    response = client.post(url, {"reason": "", "lock_version": agreement.lock_version})
    assert response.status_code == 200
    assert Agreement.objects.get(code="LAS-W-1").status == Agreement.Status.ADOPTED
    response = client.post(
        url, {"reason": "Vervangen door LAS-W-2.", "lock_version": agreement.lock_version}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.WITHDRAWN
    version = agreement.versions.get()
    assert not version.is_current and version.effective_until is not None


# --- the release workflow -------------------------------------------------------------


@pytest.fixture
def draft_release(programme_manager):
    AgreementFactory(code="LAS-X-1", version__text="Oud.")
    existing = Agreement.objects.get(code="LAS-X-1")
    v2 = services.version_create(
        actor=programme_manager,
        agreement=existing,
        text="Nieuw.",
        change_note="Nieuw",
        lock_version=existing.lock_version,
    )
    new = services.agreement_create(
        actor=programme_manager,
        code="LAS-X-2",
        title="Nieuw",
        system=existing.system,
        layer="technisch",
        topic="logging",
        plateau="2026-2027",
        text="Tekst.",
    )
    release = services.release_create(actor=programme_manager, number="2030.1", title="Test")
    services.release_update(
        actor=programme_manager,
        release=release,
        lock_version=release.lock_version,
        title="Test",
        notes="",
        items=[(v2, "changed"), (new.versions.get(), "added")],
    )
    return Release.objects.get(pk=release.pk)


def test_full_release_workflow_through_the_pages(
    client, programme_manager, board_member, draft_release
):
    number = draft_release.number
    client.force_login(programme_manager)
    assert client.post(reverse("agreements:release-submit", args=[number])).status_code == 302
    assert Release.objects.get(number=number).status == Release.Status.IN_REVIEW

    client.force_login(board_member)
    response = client.post(reverse("agreements:release-review", args=[number]), REVIEW_OK)
    assert response.status_code == 302
    assert Release.objects.get(number=number).status == Release.Status.APPROVED

    client.force_login(programme_manager)
    publish = reverse("agreements:release-publish", args=[number])
    confirm = client.get(publish).content.decode()
    assert "In werking vanaf" in confirm and "LAS-X-1" in confirm
    unconfirmed = client.post(publish, {"effective_on": dt.date.today().isoformat()})
    assert unconfirmed.status_code == 200
    assert Release.objects.get(number=number).status == Release.Status.APPROVED
    done = client.post(publish, {"effective_on": dt.date.today().isoformat(), "confirm": "on"})
    assert done.status_code == 302
    release = Release.objects.get(number=number)
    assert release.status == Release.Status.PUBLISHED
    assert release.published_on is not None
    assert not release.items.filter(is_open=True).exists()  # free for a later release
    changed = Agreement.objects.get(code="LAS-X-1")
    assert changed.versions.get(is_current=True).text == "Nieuw."
    assert changed.versions.get(number=1).effective_until == release.published_on
    assert Agreement.objects.get(code="LAS-X-2").status == Agreement.Status.ADOPTED
    reasons = list(
        release.history.order_by("history_date").values_list(
            "history_change_reason", "history_user__email"
        )
    )
    assert [r for r, _ in reasons] == [
        "agreements.release.created",
        "agreements.release.changed",
        "agreements.release.submitted",
        "agreements.release.approved",
        "agreements.release.published",
    ]
    assert reasons[3][1] == board_member.email


def test_board_returns_a_release_with_reasons_and_it_can_be_reworked(
    programme_manager, board_member, draft_release
):
    services.release_submit(actor=programme_manager, release=draft_release)
    with pytest.raises(Exception, match=r"Zeg waarom|Say why"):
        services.release_review(
            actor=board_member, release=draft_release, **dict(REVIEW_OK, outcome="returned")
        )
    services.release_review(
        actor=board_member,
        release=draft_release,
        **dict(REVIEW_OK, outcome="returned", reasons="Mist samenhang."),
    )
    release = Release.objects.get(pk=draft_release.pk)
    assert release.status == Release.Status.RETURNED
    services.release_update(
        actor=programme_manager,
        release=release,
        lock_version=release.lock_version,
        title="Herzien",
        notes="",
        items=[(i.version, i.change_type) for i in release.items.all()],
    )
    services.release_submit(actor=programme_manager, release=Release.objects.get(pk=release.pk))
    assert Release.objects.get(pk=release.pk).status == Release.Status.IN_REVIEW


def test_approval_needs_all_three_points_sufficient(programme_manager, board_member, draft_release):
    services.release_submit(actor=programme_manager, release=draft_release)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.release_review(
            actor=board_member, release=draft_release, **dict(REVIEW_OK, legal="insufficient")
        )
    assert Release.objects.get(pk=draft_release.pk).status == Release.Status.IN_REVIEW


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("draft", "review"),
        ("draft", "publish"),
        ("in_review", "publish"),
        ("in_review", "submit"),
        ("approved", "submit"),
        ("published", "submit"),
        ("published", "publish"),
        ("returned", "publish"),
        ("approved", "review"),
    ],
)
def test_transitions_refused_in_the_wrong_state(programme_manager, board_member, status, step):
    release = ReleaseFactory(status=status)
    AgreementFactory()
    ReleaseItemFactory(
        release=release, version=AgreementVersion.objects.get(), change_type="changed"
    )
    with pytest.raises(WorkflowError):
        if step == "submit":
            services.release_submit(actor=programme_manager, release=release)
        elif step == "review":
            services.release_review(actor=board_member, release=release, **REVIEW_OK)
        else:
            services.release_publish(actor=programme_manager, release=release)
    assert Release.objects.get(pk=release.pk).status == status


@pytest.mark.parametrize(
    ("persona", "step"),
    [
        ("board_member", "submit"),
        ("board_member", "publish"),
        ("programme_manager", "review"),
        ("field_party", "submit"),
        ("field_party", "review"),
        ("field_party", "publish"),
        ("cds_reviewer", "review"),
        ("coordinator_x", "publish"),
    ],
)
def test_transitions_refused_for_the_wrong_role(request, persona, step):
    actor = request.getfixturevalue(persona)
    start = {"submit": "draft", "review": "in_review", "publish": "approved"}[step]
    release = ReleaseFactory(status=start)
    with pytest.raises(PermissionDenied):
        if step == "submit":
            services.release_submit(actor=actor, release=release)
        elif step == "review":
            services.release_review(actor=actor, release=release, **REVIEW_OK)
        else:
            services.release_publish(actor=actor, release=release)
    assert Release.objects.get(pk=release.pk).status == start


@pytest.mark.parametrize("persona", ["field_party", "board_member", "anonymous"])
def test_workflow_pages_refuse_the_wrong_role(persona_client, persona, draft_release):
    client = persona_client(persona)
    number = draft_release.number
    expected = 302 if persona == "anonymous" else 403
    if persona == "anonymous":
        # A draft release does not exist for the public.
        assert client.post(reverse("agreements:release-submit", args=[number])).status_code in (
            302,
            404,
        )
    else:
        assert (
            client.post(reverse("agreements:release-submit", args=[number])).status_code == expected
        )
    assert Release.objects.get(pk=draft_release.pk).status == Release.Status.DRAFT


def test_release_cannot_carry_the_same_agreement_twice_or_an_in_force_version(
    programme_manager, draft_release
):
    from django.core.exceptions import ValidationError

    v = AgreementVersion.objects.get(agreement__code="LAS-X-1", number=2)
    in_force = AgreementVersion.objects.get(agreement__code="LAS-X-1", number=1)
    with pytest.raises(ValidationError):
        services.release_update(
            actor=programme_manager,
            release=draft_release,
            lock_version=draft_release.lock_version,
            title="t",
            notes="",
            items=[(v, "changed"), (in_force, "withdrawn")],
        )
    with pytest.raises(ValidationError):
        services.release_update(
            actor=programme_manager,
            release=draft_release,
            lock_version=draft_release.lock_version,
            title="t",
            notes="",
            items=[(in_force, "changed")],
        )


def test_release_edit_page_round_trip(client, programme_manager, draft_release):
    client.force_login(programme_manager)
    url = reverse("agreements:release-edit", args=[draft_release.number])
    form = client.get(url).context["form"]
    data = {
        "lock_version": form["lock_version"].value(),
        "title": "Nieuwe titel",
        "notes": "**N**",
        "added": form["added"].value(),
        "changed": [],
    }
    assert client.post(url, data).status_code == 302
    release = Release.objects.get(pk=draft_release.pk)
    assert release.title == "Nieuwe titel"
    assert [i.change_type for i in release.items.all()] == ["added"]


def test_reassessment_task_flags_once_and_mails_managers(programme_manager):
    today = dt.date.today()
    due = AgreementFactory(
        code="LAS-TMP-1",
        is_temporary=True,
        valid_until=today + dt.timedelta(days=400),
        reassessment_date=today + dt.timedelta(days=30),
    )
    AgreementFactory(
        code="LAS-TMP-2",
        is_temporary=True,
        valid_until=today + dt.timedelta(days=400),
        reassessment_date=today + dt.timedelta(days=200),
    )
    AgreementFactory(
        code="LAS-TMP-3",
        is_temporary=True,
        valid_until=today + dt.timedelta(days=10),
        reassessment_date=today - dt.timedelta(days=5),
    )
    assert flag_reassessments.delay().get(timeout=10) == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [programme_manager.email]
    assert "LAS-TMP-1" in mail.outbox[0].body and "LAS-TMP-3" in mail.outbox[0].body
    assert "LAS-TMP-2" not in mail.outbox[0].body
    assert flag_reassessments() == 0  # a second run sends nothing
    assert len(mail.outbox) == 1
    due.refresh_from_db()
    assert due.reassessment_flagged_on == today


def test_staff_home_lists_the_to_do(client, programme_manager, board_member):
    today = dt.date.today()
    AgreementFactory(
        code="LAS-TMP-1",
        is_temporary=True,
        valid_until=today + dt.timedelta(days=90),
        reassessment_date=today + dt.timedelta(days=10),
    )
    ReleaseFactory(number="2030.5", status=Release.Status.IN_REVIEW)
    client.force_login(programme_manager)
    assert "LAS-TMP-1" in client.get("/").content.decode()
    client.force_login(board_member)
    html = client.get("/").content.decode()
    assert "2030.5" in html and "LAS-TMP-1" not in html


def test_manager_records_and_removes_a_harmonisation(client, programme_manager):
    from agreements.models import Harmonisation

    agreement = AgreementFactory(code="LAS-H-1")
    medmij = AgreementSystemFactory(name="MedMij", slug="medmij")
    client.force_login(programme_manager)
    url = reverse("agreements:harmonisations", args=["LAS-H-1"])
    response = client.post(
        url, {"system": medmij.pk, "relation": "refers_to", "note": "Via profiel"}
    )
    assert response.status_code == 302
    item = Harmonisation.objects.get(agreement=agreement)
    assert item.relation == "refers_to"
    assert item.history.first().history_change_reason == "agreements.harmonisation.created"
    assert client.post(url, {"remove": item.pk}).status_code == 302
    assert not Harmonisation.objects.exists()


def test_harmonisation_of_another_agreement_cannot_be_removed_by_id(client, programme_manager):
    from agreements.models import Harmonisation

    AgreementFactory(code="LAS-H-1")
    other = AgreementFactory(code="LAS-H-2")
    item = HarmonisationFactory(
        agreement=other,
        system=AgreementSystemFactory(name="Nuts", slug="nuts"),
        relation="duplicates",
    )
    client.force_login(programme_manager)
    url = reverse("agreements:harmonisations", args=["LAS-H-1"])
    assert client.post(url, {"remove": item.pk}).status_code == 404
    assert Harmonisation.objects.filter(pk=item.pk).exists()


def test_release_and_compliance_lists_download(client):
    from tests.factories import ComplianceRecordFactory

    a = AgreementFactory(code="LAS-DL-1")
    ComplianceRecordFactory(version=a.versions.get())
    ReleaseFactory(
        number="2025.1", status=Release.Status.PUBLISHED, published_on=dt.date(2025, 7, 1)
    )
    ReleaseFactory(number="2030.1", status=Release.Status.DRAFT)
    body = b"".join(
        client.get(reverse("agreements:releases-export", args=["csv"])).streaming_content
    )
    assert b"2025.1" in body and b"2030.1" not in body
    rows = client.get(reverse("agreements:compliance-export", args=["json"])).json()
    assert rows[0]["agreement"] == "LAS-DL-1"


def test_a_version_is_in_one_open_release_at_most(client, programme_manager):
    from django.db import IntegrityError, transaction

    from tests.factories import AgreementVersionFactory, ReleaseFactory, ReleaseItemFactory

    version = AgreementVersionFactory(agreement=AgreementFactory(code="LAS-EEN-1"), number=2)
    first = ReleaseItemFactory(version=version, change_type="changed").release
    second = ReleaseFactory(number="2031.7")
    client.force_login(programme_manager)
    url = reverse("agreements:release-edit", args=[second.number])
    form = client.get(url).context["form"]
    # Not offered where the server would refuse it.
    assert str(version.pk) not in dict(form.fields["changed"].choices)
    # Sent anyway (a stale page): refused with a message naming the other release.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.release_update(
            actor=programme_manager,
            release=second,
            lock_version=second.lock_version,
            title=second.title,
            notes="",
            items=[(version, "changed")],
        )
    assert first.number in str(refused.value)
    assert not second.items.exists()
    # The database holds it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseItem.objects.create(release=second, version=version, change_type="changed")
    # Once the first is published, its items are no longer open.
    Release.objects.filter(pk=first.pk).update(status=Release.Status.PUBLISHED)
    first.items.update(is_open=False)
    ReleaseItem.objects.create(release=second, version=version, change_type="changed")


def test_the_board_reads_each_items_rendered_text_and_its_diff_in_few_queries(
    client, programme_manager, board_member, django_assert_max_num_queries
):
    from tests.factories import AgreementVersionFactory, ReleaseItemFactory

    changed = AgreementFactory(code="LAS-BRD-1", version__text="Oude regel.\n\nBlijft.")
    release = ReleaseItemFactory(
        version=AgreementVersionFactory(
            agreement=changed, number=2, text="**Nieuwe** regel.\n\nBlijft."
        ),
        change_type="changed",
        release__status=Release.Status.IN_REVIEW,
    ).release
    for n in range(5):
        ReleaseItemFactory(
            release=release,
            version=AgreementVersionFactory(
                agreement=AgreementFactory(code=f"LAS-BRD-N{n}", status="draft"), number=2
            ),
        )
    client.force_login(board_member)
    url = reverse("agreements:release-review", args=[release.number])
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "<strong>Nieuwe</strong> regel." in page  # the rendered text
    assert "<del>" in page and "Oude regel." in page  # the diff against the version in force
    assert "<ins>" in page and "**Nieuwe** regel." in page
    assert page.count('class="portal-review-item"') == 6


def test_a_release_published_for_a_later_day_is_planned_until_that_day(
    client, programme_manager, board_member, draft_release
):
    from freezegun import freeze_time

    from agreements.services import releases_take_effect

    services.release_submit(actor=programme_manager, release=draft_release)
    services.release_review(actor=board_member, release=draft_release, **REVIEW_OK)
    today = dt.date.today()
    later = today + dt.timedelta(days=10)
    client.force_login(programme_manager)
    publish = reverse("agreements:release-publish", args=[draft_release.number])
    past = client.post(
        publish, {"effective_on": (today - dt.timedelta(days=1)).isoformat(), "confirm": "on"}
    )
    assert past.status_code == 200
    assert "op de dag van publicatie of later" in past.content.decode()
    assert Release.objects.get(pk=draft_release.pk).status == Release.Status.APPROVED

    assert (
        client.post(publish, {"effective_on": later.isoformat(), "confirm": "on"}).status_code
        == 302
    )
    release = Release.objects.get(pk=draft_release.pk)
    assert (release.status, release.is_planned, release.effective_on) == ("published", True, later)
    changed = Agreement.objects.get(code="LAS-X-1")
    assert changed.versions.get(is_current=True).number == 1  # still in force
    assert Agreement.objects.get(code="LAS-X-2").status == Agreement.Status.DRAFT
    # The as-of catalogue knows what comes.
    from agreements.selectors import catalogue_on

    assert catalogue_on(today)[changed.pk].number == 1
    assert catalogue_on(later)[changed.pk].number == 2
    client.logout()
    page = client.get(release.get_absolute_url()).content.decode()
    assert "gepland" in page
    assert releases_take_effect() == 0  # not yet
    with freeze_time(later):
        assert releases_take_effect() == 1
        assert releases_take_effect() == 0
    release = Release.objects.get(pk=release.pk)
    assert release.took_effect and not release.is_planned
    assert changed.versions.get(is_current=True).number == 2
    assert changed.versions.get(number=1).effective_until == later
    assert Agreement.objects.get(code="LAS-X-2").status == Agreement.Status.ADOPTED


def test_reassessment_mail_goes_out_in_each_managers_language(programme_manager):
    from portal.accounts.roles import Role
    from tests.factories import make_person

    english = make_person(Role.PROGRAMME_MANAGER, email="pm-en@example.org", language="en")
    today = dt.date.today()
    AgreementFactory(
        code="LAS-TMP-9",
        is_temporary=True,
        valid_until=today + dt.timedelta(days=400),
        reassessment_date=today + dt.timedelta(days=10),
    )
    assert flag_reassessments() == 1
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert "herijking" in by_recipient[(programme_manager.email,)].subject.lower()
    assert "re-assessment" in by_recipient[(english.email,)].subject.lower()
