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
    Pilot,
    PortfolioMeeting,
    Programme,
    Risk,
    Tranche,
)
from roadmap.portfolio import selectors
from roadmap.portfolio.services import (
    deliverable_reschedule,
    milestone_reschedule,
    record_save,
)
from tests.factories import AdviceItemFactory, CommitmentFactory

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
        # slipped before the previous meeting
        milestone_reschedule(
            actor=pm, milestone=quiet_slip, date=D(2027, 6, 1), lock_version=quiet_slip.lock_version
        )
    with freeze_time("2026-09-20 10:00"):
        # slipped between the meetings
        milestone_reschedule(
            actor=pm, milestone=later, date=D(2027, 4, 1), lock_version=later.lock_version
        )
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
        open_item = AdviceItemFactory(title="Open", deadline=D(2026, 10, 1))
        AdviceItemFactory(report=open_item.report, title="Later", deadline=D(2026, 12, 1))
        AdviceItemFactory(report=open_item.report, title="Klaar", status="done")
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
    follow_ups = next(x for x in o.sections if x.template.endswith("_meeting_follow_ups.html"))
    assert [i.title for i in follow_ups.rows] == ["Open", "Later"]
    assert [i.late for i in follow_ups.rows] == [True, False]
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
        AdviceItemFactory(deadline=D(2026, 1, 3))
        CommitmentFactory(due=D(2026, 1, 3))
    client.force_login(programme_manager)
    client.get(reverse("portfolio:meeting"))
    # 13 + the deliverables that overrun + the unread-notification count in the header +
    # the sections other domains add (overdue commitments, open follow-up of advice)
    with django_assert_num_queries(17):
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
    deliverable_reschedule(
        actor=pm, deliverable=first, due=D(2026, 12, 31), lock_version=first.lock_version
    )
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


def test_manager_records_a_deliverable_and_a_slip_through_the_pages(
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
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    item = Deliverable.objects.get()
    edit = reverse("portfolio:edit", args=["product", item.pk])
    page = client.get(edit)
    # The date is moved by its own step, not through the edit form.
    assert "due" not in page.context["form"].fields
    reschedule = page.context["steps"]["reschedule"]
    response = client.post(
        reverse("portfolio:reschedule", args=["product", item.pk]),
        {"date": "2026-09-30", "lock_version": reschedule["lock_version"].value()},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.original_due, item.due, item.status) == (D(2026, 6, 30), D(2026, 9, 30), "slipped")
    assert item.history.first().history_change_reason == "portfolio.deliverable.rescheduled"
    assert "30 juni 2026" in client.get(edit).content.decode()  # the original stays in view


def test_a_reschedule_with_a_bad_date_is_refused_with_a_message(
    client, programme_manager, programme
):
    item = _deliverable(programme_manager, programme)
    client.force_login(programme_manager)
    url = reverse("portfolio:reschedule", args=["product", item.pk])
    response = client.post(
        url, {"date": "2025-01-01", "lock_version": item.lock_version}, follow=True
    )
    item.refresh_from_db()
    assert item.due == DUE
    assert item.history.count() == 1
    assert list(response.context["messages"]), "the refusal is explained"
    response = client.post(url, {"date": "niet een datum", "lock_version": 1}, follow=True)
    assert any("datum" in str(m).lower() for m in response.context["messages"])


def test_two_editors_of_one_item_do_not_overwrite_each_other(client, programme_manager, programme):
    item = _deliverable(programme_manager, programme)
    client.force_login(programme_manager)
    edit = reverse("portfolio:edit", args=["product", item.pk])
    lock = client.get(edit).context["form"]["lock_version"].value()
    base = {
        "programme": programme.pk,
        "start": "2026-01-01",
        "status": "planned",
        "lock_version": lock,
    }
    assert client.post(edit, {**base, "title": "Eerste"}).status_code == 302
    response = client.post(edit, {**base, "title": "Tweede"})
    assert response.status_code == 200
    assert "iemand anders" in response.content.decode()
    assert Deliverable.objects.get().title == "Eerste"
    # The form now carries the current version: a deliberate second save goes through.
    again = response.context["form"]["lock_version"].value()
    assert client.post(edit, {**base, "title": "Tweede", "lock_version": again}).status_code == 302
    assert Deliverable.objects.get().title == "Tweede"


def test_the_service_refuses_a_save_on_a_stale_version(programme_manager, programme):
    """The lock is the service's, on the locked row: a caller other than the page (a command,
    the API later) is held to it as well."""
    from portal.core.exceptions import ConcurrentEditError

    item = _deliverable(programme_manager, programme)
    seen = item.lock_version
    item.title = "Eerste"
    record_save(actor=programme_manager, instance=item, lock_version=seen)
    stale = Deliverable.objects.get(pk=item.pk)
    stale.title = "Tweede"
    with pytest.raises(ConcurrentEditError):
        record_save(actor=programme_manager, instance=stale, lock_version=seen)
    with pytest.raises(ConcurrentEditError):
        deliverable_reschedule(
            actor=programme_manager, deliverable=stale, due=D(2027, 1, 1), lock_version=seen
        )
    assert Deliverable.objects.values_list("title", "due").get() == ("Eerste", DUE)


def test_a_plain_save_cannot_publish_or_move_a_date(programme_manager, programme):
    """Publishing and moving dates are named steps; the generic save refuses them."""
    from portal.core.exceptions import WorkflowError

    item = _deliverable(programme_manager, programme)
    item.due = D(2027, 1, 1)
    with pytest.raises(WorkflowError):
        record_save(actor=programme_manager, instance=item, lock_version=item.lock_version)
    tranche = record_save(
        actor=programme_manager,
        instance=Tranche(
            name="T", slug="t", goal="x", value_for_care_providers="x", start=START, end=DUE
        ),
    )
    tranche.is_published = True
    with pytest.raises(WorkflowError):
        record_save(actor=programme_manager, instance=tranche, lock_version=tranche.lock_version)
    assert not Tranche.objects.get().is_published


@pytest.mark.parametrize(
    ("kind", "make", "flag"),
    [
        (
            "tranche",
            lambda: Tranche(
                name="Tranche 3", slug="t3", goal="x", value_for_care_providers="x",
                start=START, end=DUE,
            ),
            "is_published",
        ),
        ("besluit", lambda: Decision(date=START, title="Start", decision="Ja"), "is_published"),
        (
            "pilot",
            lambda: Pilot(title="P", slug="p", kind="pilot", summary="x", is_published=False),
            "is_published",
        ),
        ("mijlpaal", lambda: Milestone(title="M", date=DUE, is_public=False), "is_public"),
    ],
)  # fmt: skip
def test_publishing_is_a_step_recorded_as_publishing(client, programme_manager, kind, make, flag):
    record = record_save(actor=programme_manager, instance=make())
    client.force_login(programme_manager)
    edit = reverse("portfolio:edit", args=[kind, record.pk])
    page = client.get(edit)
    assert flag not in page.context["form"].fields
    assert page.context["steps"]["is_public"] is False
    url = reverse("portfolio:publication", args=[kind, record.pk])
    assert client.post(url, {"action": "publish", "lock_version": 1}).status_code == 302
    record.refresh_from_db()
    assert getattr(record, flag) is True
    assert (
        record.history.first().history_change_reason
        == f"portfolio.{record._meta.model_name}.published"
    )
    # A second click on a page opened before the first is refused, and changes nothing.
    response = client.post(url, {"action": "unpublish", "lock_version": 1}, follow=True)
    assert "iemand anders" in response.content.decode()
    record.refresh_from_db()
    assert getattr(record, flag) is True
    assert client.post(url, {"action": "unpublish", "lock_version": 2}).status_code == 302
    record.refresh_from_db()
    assert getattr(record, flag) is False
    assert (
        record.history.first().history_change_reason
        == f"portfolio.{record._meta.model_name}.unpublished"
    )


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
    lock = client.get(edit).context["form"]["lock_version"].value()
    response = client.post(
        edit,
        {
            "programme": programme.pk,
            "title": "A",
            "start": "2026-01-01",
            "due": "2026-06-30",
            "status": "planned",
            "depends_on": [b.pk],
            "lock_version": lock,
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
    # count, page, one prefetch; and the data version for the ETag
    for url, queries in [
        ("/api/v1/programmes", 4),
        ("/api/v1/tranches", 4),
        ("/api/v1/milestones", 4),
        ("/api/v1/pilots", 4),
    ]:
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200, url
    pilots = client.get("/api/v1/pilots").json()["results"]
    assert pilots[0]["scorecard"]["technicalFeasibility"] == 4


def test_demo_portfolio(demo_data):
    from roadmap.models import Pilot

    assert Programme.objects.count() == 7
    assert Tranche.objects.count() == 2
    from parliament.models import AdviceItem

    assert AdviceItem.objects.filter(report__slug="acict-igf-2026").count() == 9
    assert Pilot.objects.filter(slug="dezi-witte-kruis", assessment__isnull=False).exists()
    assert Milestone.objects.filter(title__contains="EHDS", date=D(2029, 3, 29)).exists()


# --- a portfolio that warns, in the user's language --------------------------------------


def test_moving_a_deliverable_past_its_dependents_and_tranche_warns_before_saving(
    client, programme_manager, programme
):
    tranche = record_save(
        actor=programme_manager,
        instance=Tranche(
            name="T1", slug="t1", goal="x", value_for_care_providers="x",
            start=START, end=D(2026, 9, 30),
        ),
    )  # fmt: skip
    base = _deliverable(programme_manager, programme, title="Basis", tranche=tranche)
    later = _deliverable(programme_manager, programme, title="Erop", due=D(2026, 8, 31))
    later.depends_on.add(base)
    client.force_login(programme_manager)
    url = reverse("portfolio:reschedule", args=["product", base.pk])
    response = client.post(url, {"date": "2026-10-31", "lock_version": base.lock_version})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Erop" in html and "T1" in html and "Niets is opgeslagen" in html
    base.refresh_from_db()
    assert base.due == DUE
    response = client.post(
        url, {"date": "2026-10-31", "lock_version": base.lock_version, "confirm": "1"}
    )
    assert response.status_code == 302
    base.refresh_from_db()
    assert base.due == D(2026, 10, 31)
    # The meeting pack lists what now overruns.
    assert [d.title for d in selectors.overruns()] == ["Basis"]
    assert "Basis" in client.get(reverse("portfolio:meeting")).content.decode()


def test_a_database_rule_reached_from_a_form_speaks_the_users_language(client, programme_manager):
    client.force_login(programme_manager)
    response = client.post(
        reverse("portfolio:create", args=["tranche"]),
        {
            "name": "T9",
            "slug": "t9",
            "goal": "x",
            "value_for_care_providers": "x",
            "start": "2026-06-30",
            "end": "2026-01-01",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "portfolio_tranche_period_ordered" not in html
    assert "Het einde van de tranche ligt na het begin." in html
    assert not Tranche.objects.exists()


def test_every_database_rule_of_the_domains_has_its_own_message():
    from django.apps import apps

    silent = [
        f"{model.__name__}.{c.name}"
        for label in ("agreements", "consultations", "roadmap")
        for model in apps.get_app_config(label).get_models()
        for c in model._meta.constraints
        if c.violation_error_message in (None, c.default_violation_error_message)
    ]
    assert not silent, f"constraints that would show their name to a user: {silent}"


@pytest.mark.parametrize(
    ("kind", "make", "where"),
    [
        ("risico", lambda p: Risk(title="R", probability=2, impact=2, owner="X"), "risicos"),
        ("besluit", lambda p: Decision(date=START, title="B", decision="Ja"), "besluiten"),
        ("product", lambda p: Deliverable(programme=p, title="P", start=START, due=DUE), "programmas"),
    ],
)  # fmt: skip
def test_a_save_returns_to_the_item_saved(client, programme_manager, programme, kind, make, where):
    record = record_save(actor=programme_manager, instance=make(programme))
    client.force_login(programme_manager)
    form = client.get(reverse("portfolio:edit", args=[kind, record.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    data["lock_version"] = record.lock_version
    if "programme" in form.fields:
        data["programme"] = programme.pk
    response = client.post(reverse("portfolio:edit", args=[kind, record.pk]), data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert f"/{where}/" in response["Location"]
