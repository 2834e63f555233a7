"""Personas used across the suite: one fixture per kind of user of the portal."""

from __future__ import annotations

import contextlib
import weakref

import pytest
from django.test import Client

from portal.accounts.roles import Role
from tests.factories import (
    CONSULTATION_STANDARD,
    OrganisationFactory,
    RegionAssignmentFactory,
    RegionFactory,
    make_person,
)
from tests.matrix_objects import _module_sample_objects, sample_objects  # noqa: F401  (fixtures)

PERSONAS = [
    "anonymous",
    "field_party",
    "coordinator_x",
    "coordinator_y",
    "cds_reviewer",
    "programme_manager",
    "board_member",
    "admin",
]


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.cache import cache

    cache.clear()


def make_organisation_a():
    from portal.accounts.models import Organisation

    found = Organisation.objects.filter(slug="zorgsoft-a").first()
    return found or OrganisationFactory(name="Zorgsoft A (fictief)", slug="zorgsoft-a")


def make_region_x():
    from roadmap.models import Region

    found = Region.objects.filter(slug="groningen").first()
    return found or RegionFactory(name="Groningen", slug="groningen", code="GR")


@pytest.fixture
def organisation_a(db):
    return make_organisation_a()


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(name="Koppelwerk B (fictief)", slug="koppelwerk-b")


@pytest.fixture
def region_x(db):
    return make_region_x()


@pytest.fixture
def region_y(db):
    return RegionFactory(name="Limburg", slug="limburg", code="LI")


@pytest.fixture
def anonymous(db):
    return None


@pytest.fixture
def field_party(organisation_a):
    return make_person(Role.FIELD_PARTY, organisation=organisation_a, email="veld@example.org")


@pytest.fixture
def field_party_b(organisation_b):
    return make_person(Role.FIELD_PARTY, organisation=organisation_b, email="veld-b@example.org")


@pytest.fixture
def coordinator_x(region_x, organisation_a):
    user = make_person(
        Role.REGIONAL_COORDINATOR,
        Role.FIELD_PARTY,
        organisation=organisation_a,
        email="coordinator-x@example.org",
    )
    RegionAssignmentFactory(user=user, region=region_x)
    return user


@pytest.fixture
def coordinator_y(region_y, organisation_b):
    user = make_person(
        Role.REGIONAL_COORDINATOR,
        Role.FIELD_PARTY,
        organisation=organisation_b,
        email="coordinator-y@example.org",
    )
    RegionAssignmentFactory(user=user, region=region_y)
    return user


@pytest.fixture
def cds_reviewer(db):
    return make_person(Role.CDS_REVIEWER, email="cds@example.org")


@pytest.fixture
def programme_manager(db):
    return make_person(Role.PROGRAMME_MANAGER, email="pm@example.org", full_name="Pim Programma")


@pytest.fixture
def board_member(db):
    return make_person(Role.ARCHITECTURE_BOARD, email="board@example.org")


@pytest.fixture
def admin(db):
    return make_person(Role.ADMINISTRATOR, email="admin@example.org", is_staff=True)


@pytest.fixture
def open_consultation(programme_manager):
    """A scheduled consultation, open since yesterday for ten more days, with one section."""
    import datetime as dt

    from consultations import services as consultation_services

    now = dt.datetime.now(dt.UTC)
    c = consultation_services.consultation_create(
        **CONSULTATION_STANDARD,
        actor=programme_manager,
        title="Ronde",
        slug="ronde",
        subject="gisa",
        introduction="Inleiding",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        draft="## Principes\nTekst.",
    )
    return consultation_services.consultation_schedule(actor=programme_manager, consultation=c)


@pytest.fixture
def persona_client(request):
    """A client logged in as the named persona (anonymous: not logged in)."""

    def make(name: str) -> Client:
        user = request.getfixturevalue(name)
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected
def pytest_collection_modifyitems(config, items):
    """Scheduling only (tests/scheduling.py): no-database tests first on each worker."""
    import os

    from tests.scheduling import order

    lanes = 1
    if getattr(config.option, "dist", "no") == "worksteal":
        lanes = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    items[:] = order(items, lanes)


def pytest_configure(config):
    """The controller (or a run without xdist) migrates the template database once, in
    the background while the tests are collected; every process labels its test
    connections (`_label_connection`)."""
    from django.db.backends.signals import connection_created

    connection_created.connect(_label_connection, dispatch_uid="tests.label_connection")
    import os
    import tempfile
    from pathlib import Path

    from tests import db_template

    if hasattr(config, "workerinput"):
        return  # a worker: the controller prepares it and passed its name on
    name = db_template.template_name()
    if name:
        # Both inherited by the xdist workers.
        os.environ[db_template.ENV] = name
        status = Path(tempfile.mkdtemp(prefix="db-template-")) / "status"
        os.environ[db_template.STATUS_ENV] = str(status)
        config._db_template_thread = db_template.prepare_in_background(status)


def pytest_unconfigure(config):
    """A run that never needed a database still lets the template's migration finish (a
    migration cut off would leave a half-made database behind)."""
    thread = getattr(config, "_db_template_thread", None)
    if thread is not None:
        thread.join()
        import os
        import shutil
        from pathlib import Path

        from tests import db_template

        shutil.rmtree(Path(os.environ[db_template.STATUS_ENV]).parent, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Every test database is created from the migrated template (see tests/db_template.py)."""
    import os

    from django.db import connections

    from tests import db_template

    name = os.environ.get(db_template.ENV)
    if name:
        db_template.await_ready()
        connections["default"].settings_dict.setdefault("TEST", {})["TEMPLATE"] = name


@pytest.fixture(scope="session")
def _demo_snapshot(request, django_db_setup, django_db_blocker, tmp_path_factory) -> list[str]:
    """The demo loaded once per test run and kept aside (see tests/demo_snapshot.py); the
    xdist workers of one run share it through their common base folder."""
    from tests.demo_snapshot import shared_snapshot

    shared = None
    workerinput = getattr(request.config, "workerinput", None)
    if workerinput is not None:
        run = workerinput["testrunuid"]
        shared = tmp_path_factory.getbasetemp().parent / f"demo-snapshot-{run}"
    with django_db_blocker.unblock():
        return shared_snapshot(shared)


@pytest.fixture
def demo_data(_demo_snapshot, db):
    """The whole demo data set in this test's transaction: copied from the worker's
    snapshot (about a second) instead of loaded (about ten)."""
    from django.contrib.contenttypes.models import ContentType

    from tests.demo_snapshot import restore_demo

    restore_demo(_demo_snapshot)
    yield
    ContentType.objects.clear_cache()  # the rollback brings the old ids back


def _label_connection(sender, connection, **kwargs) -> None:
    """Name every test connection after its thread and the test that opened it, so that a
    session left on the test database (see `django_db_setup`) says where it came from.
    Sent on the raw connection: no test counting queries sees it."""
    import os
    import threading
    import traceback

    if connection.vendor != "postgresql":
        return
    # "tests/x.py::test_y[GET /api/v1/z] (call)": the id may hold spaces, the phase is last.
    test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
    name = f"{threading.current_thread().name[:20]}|{test[-42:]}"  # 63 characters at most
    with contextlib.suppress(Exception):  # a label is not worth failing a test for
        connection.connection.execute("SELECT set_config('application_name', %s, false)", [name])
        # Where it was opened, for the warning should it be left behind.
        _OPENED_AT[connection.connection.info.backend_pid] = "".join(
            traceback.format_stack(limit=25)[:-1]
        )
    _OURS.add(connection)


_OPENED_AT: dict[int, str] = {}
# Every connection wrapper this process made. Django keeps its connections per thread,
# but per context where an event loop runs in the thread: after the browser tests,
# Playwright's loop keeps running in this thread for the rest of the session, so the
# tests after them use wrappers of their own, which the one that ends the session does
# not see (CI41-CI43 warned of such a connection, opened by a schemathesis test).
_OURS: weakref.WeakSet = weakref.WeakSet()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, and before the test database is dropped: end the sessions others
    left on it (a worker process or a thread of a test that did not close its
    connection), naming them, so that the drop succeeds instead of warning "being
    accessed by other users"."""
    yield
    import warnings

    from django.db import connection

    if connection.vendor != "postgresql":
        return
    for wrapper in list(_OURS):  # our own, in whichever store they were kept
        if wrapper is not connection and wrapper.connection is not None:
            with contextlib.suppress(Exception):  # another thread's: reported below
                wrapper.close()
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 120) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        stray = cursor.fetchall()
        for pid, *_rest in stray:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    for pid, application, state, query in stray:
        warnings.warn(
            f"a session was left on the test database (pid {pid}, {application or 'no name'},"
            f" {state}): {query}\nopened at:\n{_OPENED_AT.get(pid, '(not known)')}",
            stacklevel=1,
        )
