"""`manage.py migrate` applies the third-party apps' migrations first on a fresh database
(portal/core/management/commands/migrate.py); an up-to-date database has nothing to do."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from portal.core.management.commands.migrate import FIRST, Command
from tests.agreements.test_migrations import scratch_database

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_first_round_on_an_empty_database_applies_the_third_party_apps_and_none_of_ours():
    with scratch_database() as alias:
        out = io.StringIO()
        command = Command(stdout=out)
        command._migrate_first({"verbosity": 1, "database": alias})
        applied = MigrationRecorder(connections[alias]).applied_migrations()
        apps = {app for app, _name in applied}
        assert set(FIRST) <= apps
        # what they need: the user model's first migration, nothing else of ours
        assert {app for app in apps if app in {"accounts", "agreements", "roadmap"}} == {"accounts"}
        assert {name for app, name in applied if app == "accounts"} == {
            "0001_users_organisations_memberships"
        }
        assert "Running migrations first" in out.getvalue()


def test_an_up_to_date_database_has_nothing_to_apply():
    out = io.StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    assert "Running migrations first" not in out.getvalue()
    assert "No migrations to apply." in out.getvalue()


def test_a_database_that_holds_migrations_keeps_django_s_order():
    from django.db.migrations.executor import MigrationExecutor

    with scratch_database() as alias:
        MigrationExecutor(connections[alias]).migrate([("contenttypes", "0001_initial")])
        Command(stdout=io.StringIO())._migrate_first({"verbosity": 1, "database": alias})
        applied = MigrationRecorder(connections[alias]).applied_migrations()
        assert set(applied) == {("contenttypes", "0001_initial")}
