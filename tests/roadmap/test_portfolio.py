from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from freezegun import freeze_time

from roadmap.models import (
    Decision,
    DecisionAction,
    Deliverable,
    Milestone,
    PortfolioMeeting,
    Programme,
    Recommendation,
    Risk,
    Tranche,
)
from roadmap.portfolio import selectors
from roadmap.portfolio.services import record_save

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def programme(programme_manager):
    return record_save(
        actor=programme_manager,
        instance=Programme(name="Landelijk Dekkend Netwerk", slug="ldn", status="running"),
    )


START, DUE = D(2026, 1, 1), D(2026, 6, 30)


def _deliverable(pm, programme, title="Adresboek", start=START, due=DUE, **kw):
    return record_save(
        actor=pm, instance=Deliverable(programme=programme, title=title, start=start, due=due, **kw)
    )


def _milestone(pm, title, day, **kw):
    return record_save(actor=pm, instance=Milestone(title=title, date=day, **kw))


# --- the meeting overview's selection rules on a frozen date ----------------------------


def test_meeting_overview_selection_rules(programme_manager, programme):
    pm = programme_manager
    with freeze_time("2026-09-01 10:00"):
        record_save(actor=pm, instance=PortfolioMeeting(date=D(2026, 9, 1), title="September"))
        due_in_window = _milestone(pm, "Consultatie GISA", D(2026, 9, 20))
        _milestone(pm, "Al gehaald", D(2026, 9, 15), status="achieved")
        _milestone(pm, "Vóór de vorige", D(2026, 8, 15))
        later = _milestone(pm, "Wet DIAZ", D(2027, 1, 1))
        quiet_slip = _milestone(pm, "Eerder verschoven", D(2027, 3, 1))
        quiet_slip.date = D(2027, 6, 1)
        record_save(actor=pm, instance=quiet_slip)  # slipped before the previous meeting
    with freeze_time("2026-09-20 10:00"):
        later.date = D(2027, 4, 1)  # slipped between the meetings
        record_save(actor=pm, instance=later)
        for title, p, i, status in [
            ("Hoog", 5, 5, "open"),
            ("Middel", 3, 3, "open"),
            ("Dicht", 5, 5, "closed"),
            ("Laag", 1, 2, "open"),
        ]:
            record_save(
                actor=pm,
                instance=Risk(title=title, probability=p, impact=i, owner="PM", status=status),
            )
        decision = record_save(
            actor=pm, instance=Decision(date=D(2026, 9, 1), title="Start tranche", decision="Ja")
        )
        record_save(
            actor=pm,
            instance=DecisionAction(
                decision=decision, description="Plannen", owner="LDN", due=D(2026, 9, 15)
            ),
        )
        record_save(
            actor=pm,
            instance=DecisionAction(
                decision=decision, description="Later", owner="LDN", due=D(2026, 12, 1)
            ),
        )
        done = record_save(
            actor=pm, instance=Decision(date=D(2026, 9, 1), title="Afgerond", decision="Klaar")
        )
        record_save(
            actor=pm,
            instance=DecisionAction(
                decision=done,
                description="Gedaan",
                owner="LDN",
                due=D(2026, 9, 2),
                done_on=D(2026, 9, 2),
            ),
        )
        record_save(
            actor=pm,
            instance=Recommendation(
                source="AcICT", number=1, title="Open", response="x", status="open"
            ),
        )
        record_save(
            actor=pm,
            instance=Recommendation(
                source="AcICT", number=2, title="Klaar", response="x", status="done"
            ),
        )
    with freeze_time("2026-10-06 10:00"):
        o = selectors.meeting_overview(D(2026, 10, 6), top=2)
    assert o.previous.title == "September"
    assert o.since == D(2026, 9, 1)
    assert [m.title for m in o.milestones_due] == [due_in_window.title]
    assert [m.title for m in o.milestones_slipped] == ["Wet DIAZ"]
    assert [r.title for r in o.top_risks] == ["Hoog", "Middel"]
    assert o.heat[4][4] == 1 and o.heat[2][2] == 1 and o.heat[1][0] == 1
    assert [d.title for d in o.open_decisions] == ["Start tranche"]
    assert [a.description for a in o.overdue_actions] == ["Plannen"]
    assert [r.title for r in o.open_recommendations] == ["Open"]
    assert [p.name for p in o.programmes] == ["Landelijk Dekkend Netwerk"]


@pytest.mark.parametrize("n", [1, 30])
def test_meeting_page_queries_do_not_grow(
    client, programme_manager, programme, django_assert_num_queries, n
):
    for i in range(n):
        _deliverable(programme_manager, programme, title=f"P{i}")
        record_save(
            actor=programme_manager,
            instance=Risk(title=f"R{i}", probability=3, impact=3, owner="x"),
        )
        _milestone(programme_manager, f"M{i}", dt.date.today())
        decision = record_save(
            actor=programme_manager,
            instance=Decision(date=D(2026, 1, 1), title=f"B{i}", decision="x"),
        )
        record_save(
            actor=programme_manager,
            instance=DecisionAction(
                decision=decision, description="a", owner="o", due=D(2026, 1, 2)
            ),
        )
    client.force_login(programme_manager)
    client.get(reverse("portfolio:meeting"))
    with django_assert_num_queries(15):  # 14 + the unread-notification count in the header
        assert client.get(reverse("portfolio:meeting")).status_code == 200


def test_meeting_pdf_is_a_real_pdf_with_programmes_and_decisions(
    client, programme_manager, programme
):
    from pypdf import PdfReader

    decision = record_save(
        actor=programme_manager,
        instance=Decision(
            date=D(2026, 9, 1), title="Tranche twee start in januari", decision="Besloten"
        ),
    )
    record_save(
        actor=programme_manager,
        instance=DecisionAction(
            decision=decision, description="Planning delen", owner="LDN", due=D(2026, 9, 15)
        ),
    )
    client.force_login(programme_manager)
    response = client.get(reverse("portfolio:meeting-pdf"), {"date": "2026-10-06"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Landelijk Dekkend Netwerk" in text
    assert "Tranche twee start in januari" in text


# --- public and internal ----------------------------------------------------------------


def test_internal_information_never_reaches_the_public(client, programme_manager, programme):
    pm = programme_manager
    record_save(
        actor=pm,
        instance=Risk(
            programme=programme, title="Geheim risico", probability=4, impact=4, owner="x"
        ),
    )
    record_save(
        actor=pm,
        instance=Decision(
            programme=programme, date=D(2026, 1, 1), title="Intern besluit", decision="x"
        ),
    )
    record_save(
        actor=pm,
        instance=Decision(
            programme=programme,
            date=D(2026, 1, 1),
            title="Openbaar besluit",
            decision="x",
            is_published=True,
        ),
    )
    hidden = record_save(
        actor=pm,
        instance=Tranche(
            name="Concepttranche",
            slug="concept",
            goal="x",
            value_for_care_providers="x",
            start=D(2027, 1, 1),
            end=D(2027, 6, 1),
            is_published=False,
        ),
    )
    _deliverable(pm, programme, title="Verborgen product", tranche=hidden)
    _milestone(pm, "Interne mijlpaal", D(2027, 1, 1), is_public=False)
    pages = [
        reverse("portfolio:index"),
        reverse("portfolio:programme", args=["ldn"]),
        reverse("portfolio:decisions"),
        reverse("portfolio:milestones"),
        reverse("portfolio:gantt"),
        reverse("portfolio:gantt-data"),
        reverse("portfolio:milestones-export", args=["csv"]),
        "/api/v1/programmes",
        "/api/v1/programmes/ldn",
        "/api/v1/tranches",
        "/api/v1/milestones",
    ]
    for url in pages:
        response = client.get(url)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert response.status_code == 200, url
        for secret in (
            "Geheim risico",
            "Intern besluit",
            "Concepttranche",
            "Verborgen product",
            "Interne mijlpaal",
        ):
            assert secret not in body, (url, secret)
    assert "Openbaar besluit" in client.get(reverse("portfolio:decisions")).content.decode()
    assert client.get(reverse("portfolio:tranche", args=["concept"])).status_code == 404
    assert client.get("/api/v1/tranches/concept").status_code == 404
    client.force_login(pm)
    assert "Geheim risico" in client.get(reverse("portfolio:risks")).content.decode()
    assert "Intern besluit" in client.get(reverse("portfolio:decisions")).content.decode()


@pytest.mark.parametrize("persona", ["field_party", "coordinator_x", "cds_reviewer"])
def test_risks_and_meeting_are_refused_outside_the_ministry(persona_client, persona):
    client = persona_client(persona)
    assert client.get(reverse("portfolio:risks")).status_code == 403
    assert client.get(reverse("portfolio:meeting")).status_code == 403
    assert client.get(reverse("portfolio:meeting-pdf")).status_code == 403


# --- the timeline -----------------------------------------------------------------------


def test_gantt_marks_slips_and_what_they_block(client, programme_manager, programme):
    pm = programme_manager
    first = _deliverable(
        pm, programme, title="Dezi-uitrol", due=D(2026, 9, 30), status="in_progress"
    )
    first.due = D(2026, 12, 31)
    record_save(actor=pm, instance=first)
    second = _deliverable(pm, programme, title="Beelden", start=D(2026, 10, 1), due=D(2027, 3, 1))
    second.depends_on.add(first)
    first.refresh_from_db()
    assert (first.original_due, first.due, first.slip_days) == (D(2026, 9, 30), D(2026, 12, 31), 92)
    response = client.get(reverse("portfolio:gantt"))
    rows = response.context["rows"]
    assert rows["late"] == {first.pk}
    assert [(d.title, [p.title for p in by]) for d, by in rows["blocked"]] == [
        ("Beelden", ["Dezi-uitrol"])
    ]
    data = client.get(reverse("portfolio:gantt-data")).json()
    late = {d["title"]: d["late"] for d in data["deliverables"]}
    assert late == {"Dezi-uitrol": True, "Beelden": False}
    assert data["deliverables"][0]["originalDue"] == "2026-09-30"


def test_gantt_filters_by_programme_and_tranche(client, programme_manager, programme):
    other = record_save(actor=programme_manager, instance=Programme(name="Medicatie", slug="mo"))
    _deliverable(programme_manager, programme, title="A")
    _deliverable(programme_manager, other, title="B")
    data = client.get(reverse("portfolio:gantt-data"), {"programme": "mo"}).json()
    assert [d["title"] for d in data["deliverables"]] == ["B"]


@pytest.mark.parametrize("n", [1, 50])
def test_gantt_data_queries_do_not_grow(
    client, programme_manager, programme, django_assert_num_queries, n
):
    previous = None
    for i in range(n):
        d = _deliverable(programme_manager, programme, title=f"P{i}")
        if previous:
            d.depends_on.add(previous)
        previous = d
        _milestone(programme_manager, f"M{i}", D(2026, 5, 1))
    # deliverables, their dependencies, tranches, milestones, their programmes and tranches,
    # and the programmes and tranches of the filter form
    with django_assert_num_queries(8):
        assert client.get(reverse("portfolio:gantt-data")).status_code == 200


# --- editing ----------------------------------------------------------------------------


def test_manager_records_a_deliverable_and_a_slip_through_the_form(
    client, programme_manager, programme
):
    client.force_login(programme_manager)
    url = reverse("portfolio:create", args=["product"])
    response = client.post(
        url,
        {
            "programme": programme.pk,
            "title": "Adresboek",
            "start": "2026-01-01",
            "due": "2026-06-30",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    item = Deliverable.objects.get()
    edit = reverse("portfolio:edit", args=["product", item.pk])
    seen = client.get(edit).context["form"]["seen"].value()
    client.post(
        edit,
        {
            "programme": programme.pk,
            "title": "Adresboek",
            "start": "2026-01-01",
            "due": "2026-09-30",
            "status": "slipped",
            "seen": seen,
        },
    )
    item.refresh_from_db()
    assert (item.original_due, item.due) == (D(2026, 6, 30), D(2026, 9, 30))
    assert item.history.first().history_change_reason == "portfolio.deliverable.changed"


def test_two_editors_of_one_item_do_not_overwrite_each_other(client, programme_manager, programme):
    item = _deliverable(programme_manager, programme)
    client.force_login(programme_manager)
    edit = reverse("portfolio:edit", args=["product", item.pk])
    seen = client.get(edit).context["form"]["seen"].value()
    base = {
        "programme": programme.pk,
        "start": "2026-01-01",
        "due": "2026-06-30",
        "status": "planned",
        "seen": seen,
    }
    assert client.post(edit, {**base, "title": "Eerste"}).status_code == 302
    response = client.post(edit, {**base, "title": "Tweede"})
    assert response.status_code == 200
    assert "iemand anders" in response.content.decode()
    assert Deliverable.objects.get().title == "Eerste"


def test_the_service_refuses_a_save_on_a_stale_version(programme_manager, programme):
    """The lock is the service's, on the locked row: a caller other than the page (a command,
    the API later) is held to it as well."""
    from portal.core.exceptions import ConcurrentEditError
    from roadmap.portfolio.services import latest_change_id

    item = _deliverable(programme_manager, programme)
    seen = latest_change_id(item)
    item.title = "Eerste"
    record_save(actor=programme_manager, instance=item, seen_change_id=seen)
    stale = Deliverable.objects.get(pk=item.pk)
    stale.title = "Tweede"
    with pytest.raises(ConcurrentEditError):
        record_save(actor=programme_manager, instance=stale, seen_change_id=seen)
    assert Deliverable.objects.get().title == "Eerste"


def test_publishing_a_tranche_is_recorded_as_publishing(client, programme_manager):
    tranche = record_save(
        actor=programme_manager,
        instance=Tranche(
            name="Tranche 3", slug="t3", goal="x", value_for_care_providers="x",
            start=START, end=DUE,
        ),
    )  # fmt: skip
    client.force_login(programme_manager)
    edit = reverse("portfolio:edit", args=["tranche", tranche.pk])
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "exchanges"}
    data.update(start="2026-01-01", end="2026-06-30", is_published="on", seen=form["seen"].value())
    assert client.post(edit, data).status_code == 302
    reasons = list(tranche.history.values_list("history_change_reason", flat=True))
    assert reasons[0] == "portfolio.tranche.published", reasons
    data.pop("is_published")
    data["seen"] = client.get(edit).context["form"]["seen"].value()
    assert client.post(edit, data).status_code == 302
    assert tranche.history.first().history_change_reason == "portfolio.tranche.unpublished"


def test_dates_in_the_wrong_order_are_refused_with_a_message(client, programme_manager, programme):
    client.force_login(programme_manager)
    response = client.post(
        reverse("portfolio:create", args=["product"]),
        {
            "programme": programme.pk,
            "title": "X",
            "start": "2026-06-30",
            "due": "2026-01-01",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert not Deliverable.objects.exists()


def test_dependency_circles_are_refused(client, programme_manager, programme):
    a = _deliverable(programme_manager, programme, title="A")
    b = _deliverable(programme_manager, programme, title="B")
    b.depends_on.add(a)
    client.force_login(programme_manager)
    edit = reverse("portfolio:edit", args=["product", a.pk])
    seen = client.get(edit).context["form"]["seen"].value()
    response = client.post(
        edit,
        {
            "programme": programme.pk,
            "title": "A",
            "start": "2026-01-01",
            "due": "2026-06-30",
            "status": "planned",
            "depends_on": [b.pk],
            "seen": seen,
        },
    )
    assert response.status_code == 200
    assert "cirkel" in response.content.decode()


@pytest.mark.parametrize("persona", ["field_party", "board_member", "cds_reviewer"])
def test_only_managers_edit_the_portfolio(persona_client, persona, programme):
    client = persona_client(persona)
    assert client.get(reverse("portfolio:create", args=["product"])).status_code == 403
    assert (
        client.post(
            reverse("portfolio:create", args=["programma"]),
            {"name": "X", "slug": "x", "status": "running"},
        ).status_code
        == 403
    )
    assert not Programme.objects.filter(slug="x").exists()


# --- API --------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 50])
def test_portfolio_api_lists_queries_do_not_grow(
    client, programme_manager, django_assert_num_queries, n
):
    from roadmap.models import OutcomeAssessment, Pilot

    pm = programme_manager
    for i in range(n):
        p = record_save(actor=pm, instance=Programme(name=f"Programma {i}", slug=f"p{i}"))
        _deliverable(pm, p, title=f"D{i}")
        record_save(
            actor=pm,
            instance=Tranche(
                name=f"T{i}",
                slug=f"t{i}",
                goal="x",
                value_for_care_providers="x",
                start=D(2026, 1, 1),
                end=D(2026, 2, 1),
                is_published=True,
            ),
        )
        _milestone(pm, f"M{i}", D(2026, 1, 1)).programmes.add(p)
        pilot = record_save(
            actor=pm,
            instance=Pilot(title=f"Pilot {i}", slug=f"pilot-{i}", kind="pilot", summary="x"),
        )
        record_save(
            actor=pm,
            instance=OutcomeAssessment(
                pilot=pilot,
                technical_feasibility=4,
                technical_feasibility_explanation="x",
                user_experience=3,
                user_experience_explanation="x",
                scalability=3,
                scalability_explanation="x",
                work_process_impact=2,
                work_process_impact_explanation="x",
                assessed_on=D(2026, 1, 1),
            ),
        )
    for url, queries in [
        ("/api/v1/programmes", 3),
        ("/api/v1/tranches", 3),
        ("/api/v1/milestones", 3),
        ("/api/v1/pilots", 3),
    ]:
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200, url
    pilots = client.get("/api/v1/pilots").json()["results"]
    assert pilots[0]["scorecard"]["technicalFeasibility"] == 4


def test_demo_portfolio(monkeypatch):
    from django.core.management import call_command

    from roadmap.models import Pilot

    monkeypatch.setenv("DEMO_PASSWORD", "demo-wachtwoord-lang-genoeg")
    call_command("load_demo")
    assert Programme.objects.count() == 7
    assert Tranche.objects.count() == 2
    assert Recommendation.objects.count() == 5
    assert Pilot.objects.filter(slug="dezi-witte-kruis", assessment__isnull=False).exists()
    assert Milestone.objects.filter(title__contains="EHDS", date=D(2029, 3, 29)).exists()
