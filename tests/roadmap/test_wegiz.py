from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.accounts.roles import Role
from roadmap.models import AgendaUpdate, Designation, Exchange, IntakeProposal, IntakeRound
from roadmap.wegiz import selectors, services
from tests.factories import LegislativeTrackFactory, ProcedureStepFactory, make_person

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def exchange(programme_manager):
    return services.exchange_create(
        actor=programme_manager,
        number=1,
        title="Beelden tussen ziekenhuizen",
        care_domain="MSZ",
        phase="voorfase",
        since=D(2020, 1, 1),
    )


def _many(pm, n):
    for i in range(n):
        e = services.exchange_create(
            actor=pm,
            number=100 + i,
            title=f"Uitwisseling {i}",
            care_domain="MSZ",
            since=D(2020, 1, 1),
        )
        services.designation_set(
            actor=pm, exchange=e, spoor=2, step="drafting", expected_in_force=D(2027, 1, 1)
        )
        services.phase_change_record(
            actor=pm, exchange=e, phase="voorbereidingsfase", date=D(2021, 1, 1)
        )


# --- phase rules ----------------------------------------------------------------------


def test_phase_moves_one_step_forward_with_a_dated_record(programme_manager, exchange):
    services.phase_change_record(
        actor=programme_manager,
        exchange=exchange,
        phase="voorbereidingsfase",
        date=D(2021, 3, 1),
        reason="MKBA gestart",
    )
    exchange.refresh_from_db()
    assert exchange.phase == "voorbereidingsfase"
    rows = list(exchange.phase_changes.values_list("phase", "date", "recorded_by"))
    assert rows == [
        ("voorfase", D(2020, 1, 1), programme_manager.pk),
        ("voorbereidingsfase", D(2021, 3, 1), programme_manager.pk),
    ]
    assert exchange.history.first().history_change_reason == "wegiz.phase.moved"


@pytest.mark.parametrize("target", ["uitvoeringsfase", "nazorgfase", "voorfase"])
def test_skipping_or_going_back_is_refused_without_correction(programme_manager, exchange, target):
    with pytest.raises(ValidationError):
        services.phase_change_record(
            actor=programme_manager, exchange=exchange, phase=target, date=D(2021, 1, 1)
        )
    exchange.refresh_from_db()
    assert exchange.phase == "voorfase"
    assert exchange.phase_changes.count() == 1


def test_a_correction_may_skip_but_needs_a_reason_and_stays_in_history(programme_manager, exchange):
    with pytest.raises(ValidationError):
        services.phase_change_record(
            actor=programme_manager,
            exchange=exchange,
            phase="uitvoeringsfase",
            date=D(2021, 1, 1),
            is_correction=True,
        )
    services.phase_change_record(
        actor=programme_manager,
        exchange=exchange,
        phase="uitvoeringsfase",
        date=D(2021, 1, 1),
        is_correction=True,
        reason="Voorbereiding en uitvoering vielen samen.",
    )
    exchange.refresh_from_db()
    assert exchange.phase == "uitvoeringsfase"
    change = exchange.phase_changes.get(phase="uitvoeringsfase")
    assert change.is_correction
    assert change.history.first().history_change_reason == "wegiz.phase.corrected"


def test_a_move_cannot_be_dated_before_the_previous_one(programme_manager, exchange):
    with pytest.raises(ValidationError):
        services.phase_change_record(
            actor=programme_manager,
            exchange=exchange,
            phase="voorbereidingsfase",
            date=D(2019, 1, 1),
        )


def test_planned_phases_lie_ahead_and_do_not_move_the_exchange(programme_manager, exchange):
    services.phase_change_record(
        actor=programme_manager,
        exchange=exchange,
        phase="nazorgfase",
        date=D(2029, 1, 1),
        is_planned=True,
    )
    exchange.refresh_from_db()
    assert exchange.phase == "voorfase"
    with pytest.raises(ValidationError):
        services.phase_change_record(
            actor=programme_manager,
            exchange=exchange,
            phase="voorfase",
            date=D(2029, 1, 1),
            is_planned=True,
        )


@pytest.mark.parametrize(
    "persona", ["field_party", "board_member", "cds_reviewer", "coordinator_x"]
)
def test_only_programme_managers_record_phases(request, exchange, persona):
    with pytest.raises(PermissionDenied):
        services.phase_change_record(
            actor=request.getfixturevalue(persona),
            exchange=exchange,
            phase="voorbereidingsfase",
            date=D(2021, 1, 1),
        )


def test_phase_form_shows_the_rule_in_dutch(client, programme_manager, exchange):
    client.force_login(programme_manager)
    response = client.post(
        reverse("wegiz:phase-change", args=[1]), {"phase": "nazorgfase", "date": "2021-01-01"}
    )
    assert response.status_code == 200
    assert "kan niet worden overgeslagen" in response.content.decode()


# --- public pages -----------------------------------------------------------------------


def test_agenda_filters_by_phase_spoor_and_domain(client, programme_manager, exchange):
    other = services.exchange_create(
        actor=programme_manager,
        number=2,
        title="BgZ",
        care_domain="Huisartsenzorg",
        since=D(2020, 1, 1),
    )
    services.designation_set(actor=programme_manager, exchange=other, spoor=2, step="drafting")
    url = reverse("wegiz:agenda")

    def numbers(**params):
        return [e.number for e in client.get(url, params).context["exchanges"]]

    assert numbers() == [1, 2]
    assert numbers(spoor="2") == [2]
    assert numbers(domain="huisartsenzorg") == [2]
    assert numbers(phase="voorbereidingsfase") == []


@pytest.mark.parametrize("n", [1, 50])
def test_agenda_queries_do_not_grow(client, programme_manager, django_assert_num_queries, n):
    _many(programme_manager, n)
    with django_assert_num_queries(4):  # exchanges, designations, latest update, open round
        assert client.get(reverse("wegiz:agenda")).status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_exchange_page_queries_do_not_grow(client, programme_manager, django_assert_num_queries, n):
    e = services.exchange_create(
        actor=programme_manager, number=7, title="X", care_domain="MSZ", since=D(2020, 1, 1)
    )
    for i in range(n):
        services.designation_set(
            actor=programme_manager,
            exchange=e,
            spoor=1 + i % 2,
            step="drafting",
            expected_in_force=D(2025 + i, 1, 1),
        )
        services.study_add(
            actor=programme_manager,
            exchange=e,
            kind="mkba",
            completed_on=D(2020, 1, 1),
            conclusion="positive",
            outcome="Goed",
        )
        services.agenda_update_publish(
            actor=programme_manager, title=f"U{i}", published_on=D(1990 + i, 1, 1)
        )
        order = LegislativeTrackFactory(kind="order")
        order.exchanges.add(e)
        ProcedureStepFactory(track=order, stage="draft", actual=D(2026, 1, 1))
    # exchange with its phase changes, designations, studies and the agreements,
    # programmes, tranches, deliverables (with programme) and pilots the viewer may see;
    # updates, designation history, voided phase entries, proposal, session and roles;
    # the orders in council that designate it, with their steps; adoption figures and
    # targets
    with django_assert_num_queries(17):
        assert client.get(reverse("wegiz:exchange", args=[7])).status_code == 200


def test_exchange_page_shows_history_designations_and_updates(client, programme_manager, exchange):
    services.designation_set(
        actor=programme_manager,
        exchange=exchange,
        spoor=2,
        step="drafting",
        expected_in_force=D(2024, 1, 1),
    )
    services.agenda_update_publish(
        actor=programme_manager, title="Agenda 2021", published_on=D(2021, 7, 1)
    )
    services.designation_set(
        actor=programme_manager,
        exchange=exchange,
        spoor=2,
        step="consultation",
        expected_in_force=D(2026, 7, 1),
    )
    html = client.get(reverse("wegiz:exchange", args=[1])).content.decode()
    assert "Agenda 2021" in html
    assert "2024-01-01" in html  # what was expected in that update
    assert "juli 2026" in html  # what is expected now
    assert "Openbare consultatie" in html


def test_timeline_chart_and_table_carry_the_same_facts(client, programme_manager, exchange):
    services.phase_change_record(
        actor=programme_manager, exchange=exchange, phase="voorbereidingsfase", date=D(2021, 3, 1)
    )
    services.phase_change_record(
        actor=programme_manager,
        exchange=exchange,
        phase="uitvoeringsfase",
        date=D(2030, 1, 1),
        is_planned=True,
    )
    response = client.get(reverse("wegiz:timeline"))
    segments = response.context["segments"]
    assert [(s.phase, s.start, s.planned) for s in segments] == [
        ("voorfase", D(2020, 1, 1), False),
        ("voorbereidingsfase", D(2021, 3, 1), False),
        ("uitvoeringsfase", D(2030, 1, 1), True),
    ]
    html = response.content.decode()
    figure = json.loads(
        html.split('id="timeline-figure" type="application/json">')[1].split("</script>")[0]
    )
    bars = [(t["name"], b) for t in figure["data"] for b in t["base"]]
    assert len(bars) == len(segments)
    assert ("Voorbereidingsfase", "2021-03-01") in [(n, b[:10]) for n, b in bars]
    assert html.count("<tr>") - 1 == len(segments)  # the table has one row per bar
    assert (
        "'unsafe-inline'"
        not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )


def test_update_diff_between_two_snapshots():
    before = [
        {
            "number": 1,
            "title": "A",
            "phase": "uitvoeringsfase",
            "designations": {"2": {"expected": "2024-01-01"}},
        },
        {"number": 5, "title": "E", "phase": "voorbereidingsfase", "designations": {}},
    ]
    after = [
        {
            "number": 1,
            "title": "A",
            "phase": "uitvoeringsfase",
            "designations": {"2": {"expected": "2027-01-01"}},
        },
        {"number": 12, "title": "Acute zorg", "phase": "uitvoeringsfase", "designations": {}},
    ]
    diff = selectors.diff_snapshots(before, after)
    assert [r["number"] for r in diff.added] == [12]
    assert [r["number"] for r in diff.removed] == [5]
    assert diff.moved == []
    assert [(s.number, s.spoor, s.months) for s in diff.slipped] == [(1, "2", 36)]


def test_published_update_is_frozen_and_its_page_shows_what_changed(
    client, programme_manager, exchange
):
    first = services.agenda_update_publish(
        actor=programme_manager, title="Eerste", published_on=D(2021, 7, 1)
    )
    services.phase_change_record(
        actor=programme_manager, exchange=exchange, phase="voorbereidingsfase", date=D(2022, 1, 1)
    )
    second = services.agenda_update_publish(
        actor=programme_manager, title="Tweede", published_on=D(2022, 7, 1)
    )
    first.refresh_from_db()
    assert first.snapshot[0]["phase"] == "voorfase"  # later changes do not touch it
    diff = client.get(reverse("wegiz:update", args=[second.pk])).context["diff"]
    assert [(r["number"], old, new) for r, old, new in diff.moved] == [
        (1, "voorfase", "voorbereidingsfase")
    ]
    with pytest.raises(ValidationError):
        services.agenda_update_publish(
            actor=programme_manager, title="Dubbel", published_on=D(2022, 7, 1)
        )


def test_demo_agenda_has_real_movement(demo_data):
    first, latest = AgendaUpdate.objects.order_by("published_on")
    assert len(first.snapshot) == 11
    diff = selectors.diff_snapshots(first.snapshot, latest.snapshot)
    assert [r["number"] for r in diff.added] == [12]
    assert {r["number"] for r in diff.removed} == {5, 6, 7}
    assert any(s.months and s.months > 0 for s in diff.slipped)
    statuses = sorted(IntakeProposal.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "declined", "submitted"]
    accepted = IntakeProposal.objects.get(status="accepted")
    assert accepted.exchange.phase == "voorfase"


# --- API and feed -----------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 50])
def test_api_exchanges_queries_do_not_grow(client, programme_manager, django_assert_num_queries, n):
    _many(programme_manager, n)
    with django_assert_num_queries(7):  # + the data version (ETag)
        response = client.get("/api/v1/exchanges")
    assert response.status_code == 200
    assert response.json()["count"] == n


def test_api_exchange_history_and_as_of(client, programme_manager, exchange):
    services.phase_change_record(
        actor=programme_manager, exchange=exchange, phase="voorbereidingsfase", date=D(2021, 3, 1)
    )
    detail = client.get("/api/v1/exchanges/1").json()
    assert detail["phase"] == "voorbereidingsfase"
    assert [p["phase"] for p in detail["phaseHistory"]] == ["voorfase", "voorbereidingsfase"]
    then = client.get("/api/v1/exchanges/1", {"asOf": "2020-06-01"}).json()
    assert then["phase"] == "voorfase"
    listed = client.get("/api/v1/exchanges", {"asOf": "2020-06-01", "phase": "voorfase"}).json()
    assert [e["number"] for e in listed["results"]] == [1]
    assert client.get("/api/v1/exchanges", {"asOf": "2019-01-01"}).json()["count"] == 0
    assert client.get("/api/v1/exchanges", {"phase": "bestaat-niet"}).status_code == 400


def test_feed_lists_updates_and_phase_changes(client, programme_manager, exchange):
    services.agenda_update_publish(
        actor=programme_manager, title="Actualisatie X", published_on=D(2021, 7, 1)
    )
    body = client.get(reverse("feed-wegiz")).content.decode()
    assert "Actualisatie X" in body
    assert "Beelden tussen ziekenhuizen" in body


def test_agenda_export(client, programme_manager, exchange):
    rows = client.get(reverse("wegiz:export", args=["json"])).json()
    assert rows[0]["number"] == 1
    assert rows[0]["phase"] == "voorfase"


# --- intake -----------------------------------------------------------------------------


@pytest.fixture
def open_round(programme_manager):
    intake = services.intake_round_create(actor=programme_manager, title="Intake 2027")
    return services.intake_round_open(actor=programme_manager, intake=intake)


PROPOSAL = {
    "title": "Wondzorg",
    "care_process": "Overdracht",
    "parties_involved": "Wijkverpleging",
    "why_it_matters": "Scheelt tijd",
    "quality_standard": "Richtlijn Wondzorg",
    "field_support": "Breed",
}


def test_a_draft_proposal_is_saved_with_only_its_title_and_submitted_only_when_complete(
    client, field_party, organisation_a, open_round
):
    client.force_login(field_party)
    create = reverse("wegiz:proposal-create")
    refused = client.post(
        create,
        {
            "title": "Wondzorg",
            "care_process": "Overdracht",
            "organisation": organisation_a.pk,
            "submit": "1",
        },
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    # The four parts left open, each in the error summary and at its field.
    assert page.count("Vul dit in voordat u indient.") == 8
    assert "Overdracht" in page and "Wondzorg" in page  # nothing typed is lost
    assert not IntakeProposal.objects.exists()
    saved = client.post(
        create, {"title": "Wondzorg", "organisation": organisation_a.pk, "draft": "1"}
    )
    assert saved.status_code == 302
    proposal = IntakeProposal.objects.get()
    assert (proposal.status, proposal.care_process) == ("draft", "")
    edit = reverse("wegiz:proposal-edit", args=[proposal.pk])
    still = client.post(edit, {"title": "Wondzorg", "submit": "1", "lock_version": 1})
    assert still.status_code == 200
    assert IntakeProposal.objects.get().status == "draft"
    done = client.post(edit, {**PROPOSAL, "submit": "1", "lock_version": proposal.lock_version})
    assert done.status_code == 302
    assert IntakeProposal.objects.get().status == "submitted"


def test_field_party_drafts_edits_and_submits_a_proposal(
    client, field_party, organisation_a, open_round
):
    client.force_login(field_party)
    response = client.post(
        reverse("wegiz:proposal-create"),
        {**PROPOSAL, "organisation": organisation_a.pk, "draft": "1"},
    )
    assert response.status_code == 302
    proposal = IntakeProposal.objects.get()
    assert (proposal.status, proposal.organisation) == ("draft", organisation_a)
    response = client.post(
        reverse("wegiz:proposal-edit", args=[proposal.pk]),
        {
            **PROPOSAL,
            "title": "Wondzorg in de wijk",
            "submit": "1",
            "lock_version": proposal.lock_version,
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == ("Wondzorg in de wijk", "submitted")


def test_another_organisation_cannot_read_or_edit_a_draft(
    client, field_party, field_party_b, organisation_a, open_round
):
    proposal = services.proposal_create(
        actor=field_party, intake=open_round, organisation=organisation_a, **PROPOSAL
    )
    client.force_login(field_party_b)
    assert client.get(reverse("wegiz:proposal", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("wegiz:proposal-edit", args=[proposal.pk])).status_code == 404
    response = client.post(
        reverse("wegiz:proposal-edit", args=[proposal.pk]),
        {**PROPOSAL, "title": "Gekaapt", "lock_version": 1},
    )
    assert response.status_code == 404
    assert IntakeProposal.objects.get().title == "Wondzorg"
    assert "Wondzorg" not in client.get(reverse("wegiz:intake")).content.decode()


def test_field_party_cannot_propose_for_an_organisation_it_does_not_belong_to(
    client, field_party, organisation_b, open_round
):
    client.force_login(field_party)
    response = client.post(
        reverse("wegiz:proposal-create"),
        {**PROPOSAL, "organisation": organisation_b.pk, "submit": "1"},
    )
    assert response.status_code == 200  # the choice is not offered: a form error
    assert not IntakeProposal.objects.exists()


def test_nothing_changes_after_the_round_closes(
    client, field_party, organisation_a, open_round, programme_manager
):
    proposal = services.proposal_create_and_submit(
        actor=field_party, intake=open_round, organisation=organisation_a, **PROPOSAL
    )
    services.intake_round_close(actor=programme_manager, intake=open_round)
    client.force_login(field_party)
    response = client.post(
        reverse("wegiz:proposal-edit", args=[proposal.pk]),
        {**PROPOSAL, "title": "Te laat", "lock_version": proposal.lock_version},
    )
    assert response.status_code == 403
    assert IntakeProposal.objects.get().title == "Wondzorg"
    assert client.get(reverse("wegiz:proposal", args=[proposal.pk])).status_code == 200
    response = client.post(
        reverse("wegiz:proposal-create"), {**PROPOSAL, "organisation": organisation_a.pk}
    )
    assert response.status_code == 302
    assert IntakeProposal.objects.count() == 1


def test_only_one_round_open_at_a_time(programme_manager, open_round):
    from portal.core.exceptions import WorkflowError

    second = services.intake_round_create(actor=programme_manager, title="Nog een")
    with pytest.raises(WorkflowError):
        services.intake_round_open(actor=programme_manager, intake=second)
    assert IntakeRound.objects.get(pk=second.pk).status == "planned"


def test_manager_assesses_and_accepts_onto_the_agenda(
    client, programme_manager, field_party, organisation_a, open_round
):
    proposal = services.proposal_create_and_submit(
        actor=field_party, intake=open_round, organisation=organisation_a, **PROPOSAL
    )
    client.force_login(programme_manager)
    decide = reverse("wegiz:proposal-decide", args=[proposal.pk])
    client.post(decide, {"decision": "accept", "number": 20, "care_domain": "Wijkverpleging"})
    assert not Exchange.objects.filter(number=20).exists()  # not before the first test
    response = client.post(
        reverse("wegiz:proposal-assess", args=[proposal.pk]),
        {
            "added_value_score": 4,
            "added_value_explanation": "Groot",
            "support_score": 5,
            "support_explanation": "Breed",
            "feasibility_score": 3,
            "feasibility_explanation": "Haalbaar",
        },
    )
    assert response.status_code == 302
    assert (
        client.post(
            decide, {"decision": "accept", "number": 20, "care_domain": "Wijkverpleging"}
        ).status_code
        == 302
    )
    exchange = Exchange.objects.get(number=20)
    assert exchange.phase == "voorfase"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.exchange) == ("accepted", exchange)


def test_declining_needs_reasons_which_the_proposer_reads(
    client, programme_manager, field_party, organisation_a, open_round
):
    proposal = services.proposal_create_and_submit(
        actor=field_party, intake=open_round, organisation=organisation_a, **PROPOSAL
    )
    services.proposal_assess(
        actor=programme_manager,
        proposal=proposal,
        added_value_score=2,
        added_value_explanation="Klein",
        support_score=1,
        support_explanation="Smal",
        feasibility_score=2,
        feasibility_explanation="Lastig",
    )
    client.force_login(programme_manager)
    decide = reverse("wegiz:proposal-decide", args=[proposal.pk])
    response = client.post(decide, {"decision": "decline", "reason": ""})
    assert response.status_code == 200
    assert IntakeProposal.objects.get().status == "submitted"
    client.post(decide, {"decision": "decline", "reason": "Te weinig draagvlak."})
    client.force_login(field_party)
    html = client.get(reverse("wegiz:proposal", args=[proposal.pk])).content.decode()
    assert "Te weinig draagvlak." in html


def test_field_party_without_organisation_cannot_propose(client, open_round):
    loner = make_person(Role.FIELD_PARTY, email="alleen@example.org")
    client.force_login(loner)
    assert client.get(reverse("wegiz:proposal-create")).status_code == 403


def test_designation_in_force_needs_its_date(programme_manager, exchange):
    with pytest.raises(ValidationError):
        services.designation_set(
            actor=programme_manager, exchange=exchange, spoor=1, step="in_force"
        )
    assert not Designation.objects.exists()


# --- the record cannot be rewritten by a typo -------------------------------------------


def test_an_agenda_update_is_dated_after_the_last_and_can_be_withdrawn(client, programme_manager):
    first = services.agenda_update_publish(
        actor=programme_manager, title="Eerste", published_on=D(2025, 1, 1)
    )
    client.force_login(programme_manager)
    url = reverse("wegiz:update-publish")
    response = client.post(url, {"title": "Te vroeg", "published_on": "2024-06-01"})
    assert response.status_code == 200
    assert "na de laatst gepubliceerde actualisatie" in response.content.decode()
    assert AgendaUpdate.objects.count() == 1
    response = client.post(url, {"title": "Toekomst", "published_on": "2099-01-01"})
    assert "niet na vandaag" in response.content.decode()
    assert AgendaUpdate.objects.count() == 1
    second = services.agenda_update_publish(
        actor=programme_manager, title="Tweede", published_on=D(2025, 6, 1)
    )
    # Withdrawing needs a reason; afterwards the update is marked, and the next one is
    # compared with the one before it.
    withdraw = reverse("wegiz:update-withdraw", args=[second.pk])
    client.post(withdraw, {"reason": ""})
    second.refresh_from_db()
    assert second.withdrawn_on is None
    client.post(withdraw, {"reason": "Verkeerde cijfers."})
    second.refresh_from_db()
    assert second.withdrawn_on is not None
    client.logout()
    html = client.get(second.get_absolute_url()).content.decode()
    assert "Ingetrokken op" in html and "Verkeerde cijfers." in html
    third = services.agenda_update_publish(
        actor=programme_manager, title="Derde", published_on=D(2025, 9, 1)
    )
    assert client.get(third.get_absolute_url()).context["previous"] == first
    assert second.history.first().history_change_reason == "wegiz.update.withdrawn"


def test_every_update_page_shows_the_agenda_as_published(client, programme_manager):
    services.exchange_create(
        actor=programme_manager, number=7, title="Beelden", care_domain="MSZ", since=D(2020, 1, 1)
    )
    update = services.agenda_update_publish(
        actor=programme_manager, title="Eerste", published_on=D(2025, 1, 1)
    )
    rows = client.get(update.get_absolute_url()).context["rows"]
    assert [(r["number"], r["title"]) for r in rows] == [(7, "Beelden")]
    assert "Beelden" in client.get(update.get_absolute_url()).content.decode()


def test_a_phase_change_that_happened_cannot_lie_ahead_and_a_wrong_one_can_be_voided(
    client, programme_manager
):
    e = services.exchange_create(
        actor=programme_manager, number=7, title="X", care_domain="MSZ", since=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.phase_change_record(
            actor=programme_manager, exchange=e, phase="voorbereidingsfase", date=D(2099, 1, 1)
        )
    wrong = services.phase_change_record(
        actor=programme_manager, exchange=e, phase="voorbereidingsfase", date=D(2024, 1, 1)
    )
    e.refresh_from_db()
    assert e.phase == "voorbereidingsfase"
    client.force_login(programme_manager)
    response = client.post(reverse("wegiz:phase-void", args=[wrong.pk]), {"reason": "Dubbel."})
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.phase == "voorfase"
    assert not e.phase_changes.filter(pk=wrong.pk).exists()
    html = client.get(reverse("wegiz:exchange", args=[7])).content.decode()
    assert "Dubbel." in html  # the voided entry stays on record


def test_leaving_the_preparation_needs_the_mkba_and_maturity_scan(programme_manager):
    e = services.exchange_create(
        actor=programme_manager,
        number=7,
        title="X",
        care_domain="MSZ",
        phase="voorbereidingsfase",
        since=D(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        services.phase_change_record(
            actor=programme_manager, exchange=e, phase="uitvoeringsfase", date=D(2024, 1, 1)
        )
    assert "phase" in refused.value.message_dict
    for kind in ("mkba", "volwassenheidsscan"):
        services.study_add(
            actor=programme_manager,
            exchange=e,
            kind=kind,
            completed_on=D(2023, 1, 1),
            conclusion="positive",
            outcome="Goed",
        )
    services.phase_change_record(
        actor=programme_manager, exchange=e, phase="uitvoeringsfase", date=D(2024, 1, 1)
    )
    e.refresh_from_db()
    assert e.phase == "uitvoeringsfase"


def test_expected_dates_gone_by_are_flagged_on_the_pages_and_the_managers_to_do(
    client, programme_manager, field_party
):
    from tests.factories import DesignationFactory, ExchangeFactory, PhaseChangeFactory

    today = dt.date.today()
    late = ExchangeFactory(number=41, title="Laat")
    DesignationFactory(exchange=late, spoor=1, expected_in_force=today - dt.timedelta(days=40))
    PhaseChangeFactory(
        exchange=late,
        phase="voorbereidingsfase",
        date=today - dt.timedelta(days=1),
        is_planned=True,
    )
    on_time = ExchangeFactory(number=42, title="Op tijd")
    DesignationFactory(exchange=on_time, spoor=1, expected_in_force=today + dt.timedelta(days=40))
    DesignationFactory(
        exchange=on_time,
        spoor=2,
        expected_in_force=today - dt.timedelta(days=40),
        actual_in_force=today - dt.timedelta(days=41),
        step="in_force",
    )
    page = client.get(reverse("wegiz:exchange", args=[41])).content.decode()
    assert page.count("datum verstreken") == 2
    assert (
        "datum verstreken" not in client.get(reverse("wegiz:exchange", args=[42])).content.decode()
    )
    agenda = client.get(reverse("wegiz:agenda")).content.decode()
    assert agenda.count("datum verstreken") == 1

    client.force_login(programme_manager)
    home = client.get(reverse("core:home")).content.decode()
    assert "Uitwisseling 41. Laat: een verwachte datum is verstreken" in home
    assert "Uitwisseling 42." not in home
    client.force_login(field_party)
    assert "verwachte datum is verstreken" not in client.get(reverse("core:home")).content.decode()
