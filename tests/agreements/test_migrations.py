"""Data migrations of the catalogue run on a database that already holds data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("agreements", "0005_version_in_one_open_release")]
AFTER = [("agreements", "0006_release_effective_on")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_releases_published_before_planning_existed_are_in_force_from_their_publication():
    old = _migrate(BEFORE)
    try:
        Release = old.get_model("agreements", "Release")
        Release.objects.create(
            number="2025.1", title="Oud", status="published", published_on=dt.date(2025, 7, 1)
        )
        Release.objects.create(number="2025.2", title="Concept", status="draft")
        new = _migrate(AFTER).get_model("agreements", "Release")
        published = new.objects.get(number="2025.1")
        assert (published.effective_on, published.took_effect) == (dt.date(2025, 7, 1), True)
        draft = new.objects.get(number="2025.2")
        assert (draft.effective_on, draft.took_effect) == (None, False)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
