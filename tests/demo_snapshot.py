"""The demo data set, loaded once per test run and copied back into a test in a second.

`load_demo` takes about ten seconds. The first test that asks for it (`demo_data` for a
test in a transaction, `demo` for a browser test) loads it once and keeps a copy of every
table in a schema of its own (`demo_snapshot`); the test database is emptied again. Each
test then gets the rows copied back: inside its transaction (rolled back after it) or,
for browser tests, committed (emptied by the test's own teardown).

With several xdist workers (each with a database of its own), the first to need the
demo loads it and writes each table out with COPY into a folder they share; the others
read those files into their own `demo_snapshot` schema instead of loading it again.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
from pathlib import Path

DEMO_PASSWORD = "demo-wachtwoord-voor-e2e"


def shared_snapshot(folder: Path | None) -> list[str]:
    """The snapshot in this worker's database: loaded here (and written to `folder`, when
    given) or read from `folder` if another worker of this run wrote it. Called with
    database access unblocked."""
    if folder is None:
        return take_snapshot()
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "tables.json"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker loads; the others wait for it
        if index.exists():
            tables = json.loads(index.read_text())
            _read_snapshot(folder, tables)
            return tables
        for earlier in folder.parent.glob("demo-snapshot-*"):  # of runs before this one
            if earlier != folder:
                shutil.rmtree(earlier, ignore_errors=True)
        tables = take_snapshot()
        _write_snapshot(folder, tables)
        index.write_text(json.dumps(tables))  # last: the files are complete
        return tables


def _write_snapshot(folder: Path, tables: list[str]) -> None:
    from django.db import connection
    from psycopg import sql

    with connection.cursor() as cursor:
        for position, table in enumerate(tables):
            statement = sql.SQL("COPY {} TO STDOUT (FORMAT binary)").format(
                sql.Identifier("demo_snapshot", table)
            )
            with open(folder / f"{position}.copy", "wb") as out, cursor.copy(statement) as copy:
                for chunk in copy:
                    out.write(chunk)


def _read_snapshot(folder: Path, tables: list[str]) -> None:
    from django.db import connection
    from psycopg import sql

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS demo_snapshot CASCADE")
        cursor.execute("CREATE SCHEMA demo_snapshot")
        for position, table in enumerate(tables):
            target = sql.Identifier("demo_snapshot", table)
            cursor.execute(
                sql.SQL("CREATE TABLE {} (LIKE {})").format(target, sql.Identifier("public", table))
            )
            statement = sql.SQL("COPY {} FROM STDIN (FORMAT binary)").format(target)
            with open(folder / f"{position}.copy", "rb") as source, cursor.copy(statement) as copy:
                while chunk := source.read(1 << 20):
                    copy.write(chunk)


def take_snapshot() -> list[str]:
    """Load the demo, copy every table into `demo_snapshot`, empty the database; returns
    the tables copied. Called with database access unblocked."""
    from django.core.management import call_command
    from django.db import connection
    from psycopg import sql

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


def restore_demo(tables: list[str]) -> None:
    """Replace the rows of every table by the snapshot's (in the current transaction)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection
    from psycopg import sql

    listed = sql.SQL(", ").join(sql.Identifier("public", t) for t in tables)
    with connection.cursor() as cursor:
        # Rows are copied table by table, so foreign keys are checked only at the end state.
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql.SQL("TRUNCATE {}").format(listed))
            for table in tables:
                cursor.execute(
                    sql.SQL("INSERT INTO {} SELECT * FROM {}").format(
                        sql.Identifier("public", table), sql.Identifier("demo_snapshot", table)
                    )
                )
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
        for statement in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(statement)
    # Content types have other ids in the snapshot than in the emptied database.
    ContentType.objects.clear_cache()
