"""Data migrations of the catalogue run on a database that already holds data.

The migration is tried in a database of its own, migrated forward only as far as the
migration before it needs (its dependencies, not every app), then one step on. Unapplying
every later migration of the shared test database and applying them again cost a minute
and a half; this is the same check in a few seconds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid

import pytest
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("agreements", "0005_version_in_one_open_release")]
AFTER = [("agreements", "0006_release_effective_on")]


@contextlib.contextmanager
def scratch_database(template: str = "template0"):
    """A new database under a connection alias of its own, dropped afterwards: empty, or a
    copy of `template`."""
    name = f"migrations_{uuid.uuid4().hex[:12]}"
    alias = name
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    # A connection made here, not configured in settings, is one Django's test isolation
    # allows (it guards only the configured aliases a test did not ask for).
    default = connections[connection.alias]
    wrapper = type(default)({**default.settings_dict, "NAME": name}, alias)
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _migrate(alias, targets):
    executor = MigrationExecutor(connections[alias])
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_releases_published_before_planning_existed_are_in_force_from_their_publication():
    # Connections live in a context-local store: made and used in the test's own context.
    with scratch_database() as scratch_alias:
        _check_release_effective_on(scratch_alias)


def _check_release_effective_on(scratch_alias):
    Release = _migrate(scratch_alias, BEFORE).get_model("agreements", "Release")
    Release.objects.using(scratch_alias).create(
        number="2025.1", title="Oud", status="published", published_on=dt.date(2025, 7, 1)
    )
    Release.objects.using(scratch_alias).create(number="2025.2", title="Concept", status="draft")
    new = _migrate(scratch_alias, AFTER).get_model("agreements", "Release")
    published = new.objects.using(scratch_alias).get(number="2025.1")
    assert (published.effective_on, published.took_effect) == (dt.date(2025, 7, 1), True)
    draft = new.objects.using(scratch_alias).get(number="2025.2")
    assert (draft.effective_on, draft.took_effect) == (None, False)
