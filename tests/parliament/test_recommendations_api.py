"""`/api/v1/recommendations`: the recommendations of published advisory reports, with
their follow-up; nothing of an unpublished report; a query budget constant in size."""

from __future__ import annotations

import datetime as dt

import pytest

from parliament.models import AdviceItem
from tests.factories import AdviceItemFactory, AdvisoryReportFactory, DecisionFactory

pytestmark = pytest.mark.django_db


def test_recommendations_of_published_reports_only(client):
    shown = AdviceItemFactory(title="Maak een routekaart")
    AdviceItemFactory(report=shown.report, kind=AdviceItem.Kind.CONCLUSION, title="Conclusie")
    draft = AdvisoryReportFactory(is_published=False, slug="concept")
    AdviceItemFactory(report=draft, title="GEHEIM-ADVIES")
    body = client.get("/api/v1/recommendations").json()
    assert [r["title"] for r in body["results"]] == ["Maak een routekaart"]
    assert client.get(f"/api/v1/recommendations/{shown.pk}").json()["report"] == shown.report.slug
    hidden = AdviceItem.objects.get(title="GEHEIM-ADVIES")
    assert client.get(f"/api/v1/recommendations/{hidden.pk}").status_code == 404


def test_filters_for_overdue_and_status(client):
    late = AdviceItemFactory(deadline=dt.date(2020, 1, 1), status=AdviceItem.Status.OPEN)
    AdviceItemFactory(report=late.report, deadline=dt.date(2020, 1, 1), status="done")
    AdviceItemFactory(report=late.report, deadline=dt.date(2999, 1, 1))
    overdue = client.get("/api/v1/recommendations?overdue=true").json()["results"]
    assert [r["id"] for r in overdue] == [late.pk]
    assert overdue[0]["overdue"] is True
    done = client.get("/api/v1/recommendations?status=done").json()["results"]
    assert len(done) == 1
    bad = client.get("/api/v1/recommendations?status=lost")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"


def test_unpublished_decisions_are_not_linked(client):
    item = AdviceItemFactory()
    item.decisions.add(DecisionFactory(is_published=True), DecisionFactory(is_published=False))
    body = client.get(f"/api/v1/recommendations/{item.pk}").json()
    assert len(body["decisions"]) == 1


@pytest.mark.parametrize("n", [2, 12])
def test_the_list_costs_the_same_whatever_its_size(client, django_assert_num_queries, n):
    report = AdvisoryReportFactory()
    for _ in range(n):
        item = AdviceItemFactory(report=report)
        item.decisions.add(DecisionFactory(is_published=True))
    # data version, count, page, programmes, decisions, milestones
    with django_assert_num_queries(6):
        assert client.get("/api/v1/recommendations").status_code == 200


def test_as_of_gives_the_follow_up_as_recorded_that_day(client):
    from freezegun import freeze_time

    with freeze_time("2026-03-01 12:00"):
        item = AdviceItemFactory(status=AdviceItem.Status.OPEN, follow_up="")
    with freeze_time("2026-06-01 12:00"):
        item.status, item.follow_up = AdviceItem.Status.DONE, "Afgerond met een routekaart."
        item.save()
    with freeze_time("2026-07-01 12:00"):
        later = AdviceItemFactory(report=item.report, title="Later toegevoegd")
    then = client.get("/api/v1/recommendations?asOf=2026-04-15").json()["results"]
    assert [(r["id"], r["status"], r["followUp"]) for r in then] == [(item.pk, "open", "")]
    now = client.get("/api/v1/recommendations").json()["results"]
    assert {r["id"] for r in now} == {item.pk, later.pk}
    assert next(r for r in now if r["id"] == item.pk)["status"] == "done"
    assert client.get("/api/v1/recommendations?asOf=2026-02-01").json()["results"] == []
