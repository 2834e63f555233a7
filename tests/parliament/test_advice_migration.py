"""The portfolio's recommendations move into advisory reports, with their history: tried
in a scratch database of its own (see tests/agreements/test_migrations.py).

The scratch database is a copy of the migrated template (tests/db_template.py), taken back
to the state before the move and then one step on: the move's own reverse runs on the
way, and the Django migration states rendered are those of the last few migrations only
(from an empty database, every migration of the site: half a minute)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.db import connections

from tests import db_template
from tests.agreements.test_migrations import _migrate, scratch_database

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_recommendations_move_into_advice_with_their_history():
    with scratch_database(os.environ.get(db_template.ENV) or "template0") as alias:
        _check_the_move(alias)


def _check_the_move(alias):
    before = [("roadmap", "0010_constraint_messages"), ("parliament", "0004_advisory_reports")]
    old = _migrate(alias, before)
    Recommendation = old.get_model("roadmap", "Recommendation")
    History = old.get_model("roadmap", "HistoricalRecommendation")
    first = Recommendation.objects.using(alias).create(
        source="AcICT", number=1, title="Stop IGF", response="Deels.", status="in_progress"
    )
    Recommendation.objects.using(alias).create(
        source="Raad voor Volksgezondheid", number=2, title="Meer regie", response="Eens."
    )
    Recommendation.objects.using(alias).create(
        source="AcICT", number=2, title="Stap voor stap", response="Ja.", follow_up="Tranches"
    )
    made = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
    for when, status, kind in ((made, "open", "+"), (made.replace(hour=10), "in_progress", "~")):
        History.objects.using(alias).create(
            id=first.pk,
            source="AcICT",
            number=1,
            title="Stop IGF",
            response="Deels.",
            follow_up="",
            status=status,
            lock_version=1,
            history_date=when,
            history_type=kind,
            history_change_reason="portfolio.changed",
        )
    new = _migrate(alias, [("roadmap", "0011_recommendations_moved_to_advice")])
    Report = new.get_model("parliament", "AdvisoryReport")
    Item = new.get_model("parliament", "AdviceItem")
    reports = {r.advisor: r for r in Report.objects.using(alias).all()}
    assert set(reports) == {"AcICT", "Raad voor Volksgezondheid"}
    assert all(r.is_published for r in reports.values())
    moved = {
        (i.report.advisor, i.label): i for i in Item.objects.using(alias).select_related("report")
    }
    assert set(moved) == {("AcICT", "1"), ("AcICT", "2"), ("Raad voor Volksgezondheid", "2")}
    stop = moved[("AcICT", "1")]
    assert (stop.kind, stop.title, stop.reasoning, stop.status) == (
        "recommendation",
        "Stop IGF",
        "Deels.",
        "in_progress",
    )
    assert stop.disposition == "pending"  # never recorded: not invented
    assert moved[("AcICT", "2")].follow_up == "Tranches"
    history = new.get_model("parliament", "HistoricalAdviceItem")
    rows = list(history.objects.using(alias).filter(id=stop.pk).order_by("history_date"))
    assert [(r.history_date, r.status, r.history_type) for r in rows] == [
        (made, "open", "+"),
        (made.replace(hour=10), "in_progress", "~"),
    ]
    assert "roadmap_recommendation" not in connections_tables(alias)


def connections_tables(alias):
    with connections[alias].cursor() as cursor:
        return connections[alias].introspection.table_names(cursor)
