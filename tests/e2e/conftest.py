"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Never `playwright install`: the browser is /usr/bin/chromium from apt.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures
# make from the same thread are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as a script of its own; our CSP (rightly) refuses that, so the
    # audit context bypasses CSP. test_csp_blocks_nothing_of_ours checks CSP separately.
    return {**browser_context_args, "bypass_csp": True, "locale": "nl-NL"}


def axe_violations(page) -> list[dict]:
    from playwright.sync_api import Error as PlaywrightError

    # A click on a link may still be navigating when the audit starts: wait for the
    # new document, and audit again if the old one was torn down under us.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                WCAG_TAGS,
            )
            break
        except PlaywrightError as error:
            navigating = "appendChild" in str(error) or "context was destroyed" in str(error)
            if not navigating or attempt == 2:
                raise
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe violations on {page.url}: {violations}"


@pytest.fixture(autouse=True)
def _browser_marker(request):
    request.node.add_marker(pytest.mark.browser)


DEMO_PASSWORD = "demo-wachtwoord-voor-e2e"


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker) -> list[str]:
    """The demo data set, loaded once per session (per test worker) and kept as a copy of
    every table in a schema of its own (`demo_snapshot`); the test database is emptied
    again afterwards. Returns the tables copied."""
    import io

    from django.core.management import call_command
    from django.db import connection
    from psycopg import sql

    with django_db_blocker.unblock():
        before = os.environ.get("DEMO_PASSWORD")
        os.environ["DEMO_PASSWORD"] = DEMO_PASSWORD
        try:
            call_command("load_demo", stdout=io.StringIO())
        finally:
            if before is None:
                os.environ.pop("DEMO_PASSWORD")
            else:
                os.environ["DEMO_PASSWORD"] = before
        tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS demo_snapshot CASCADE")
            cursor.execute("CREATE SCHEMA demo_snapshot")
            for table in tables:
                cursor.execute(
                    sql.SQL("CREATE TABLE {} AS TABLE {}").format(
                        sql.Identifier("demo_snapshot", table), sql.Identifier("public", table)
                    )
                )
        call_command("flush", interactive=False, verbosity=0)
    return tables


@pytest.fixture
def demo(_demo_snapshot, transactional_db):
    """The full demo data set, with a known password for every demo user: copied back from
    the session's snapshot (a second), not loaded again (ten seconds). The test's own
    teardown empties the database as for any browser test."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection
    from psycopg import sql

    tables = sql.SQL(", ").join(sql.Identifier("public", t) for t in _demo_snapshot)
    with connection.cursor() as cursor:
        # Rows are copied table by table, so foreign keys are checked only at the end state.
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql.SQL("TRUNCATE {}").format(tables))
            for table in _demo_snapshot:
                cursor.execute(
                    sql.SQL("INSERT INTO {} SELECT * FROM {}").format(
                        sql.Identifier("public", table), sql.Identifier("demo_snapshot", table)
                    )
                )
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
        for sql in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(sql)
    # Content types were made again (other ids) when the database was last emptied.
    ContentType.objects.clear_cache()


def login(page, live_server, email: str) -> None:
    from playwright.sync_api import expect

    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
