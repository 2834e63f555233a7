"""One migrated template database per set of migrations, cloned for every test database.

A fresh `migrate` of the whole site takes about 40 seconds. Without a template, every
xdist worker and every later pytest pass (the faults pass) ran it again. The controller
process migrates a database named after a hash of all migration files once (in a
subprocess, so no connection to it stays open) and every test database is created from it
with `CREATE DATABASE … TEMPLATE`; Django then finds every migration applied. The template
is the product of the real migrations: nothing is faked.

The controller migrates it in a thread (`prepare_in_background`) while the xdist workers
start and collect the tests; each test process waits for it (`await_ready`) only when it
sets up its test database. `make test` starts the migration sooner still, while it lints;
the advisory lock then makes pytest wait for that one instead of starting another.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = "TEST_DB_TEMPLATE"
STATUS_ENV = "TEST_DB_TEMPLATE_STATUS"


def _migrations_hash() -> str:
    digest = hashlib.sha256()
    # The project's own packages only: `pip install .` (the runtime environment `make
    # test` builds meanwhile) leaves copies of every migration in build/, and a hash that
    # saw them made pytest migrate a second template after the first was ready (a minute).
    packages = [p for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").is_file()]
    for path in sorted(path for package in packages for path in package.glob("**/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    # Migrations of installed packages: which apps are installed, at which versions.
    base = (ROOT / "portal" / "settings" / "base.py").read_text()
    apps = re.search(r"INSTALLED_APPS = \[.*?\]", base, re.S)
    digest.update((apps.group(0) if apps else base).encode())
    digest.update((ROOT / "constraints.txt").read_bytes())
    return digest.hexdigest()[:12]


def _url(database_url: str, name: str) -> str:
    base, _sep, _old = database_url.rpartition("/")
    return f"{base}/{name}"


def template_name() -> str | None:
    """The template database these migrations make (None: no template is used)."""
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or os.environ.get(ENV) == "":
        return None
    return f"test_template_{_migrations_hash()}"


def prepare() -> str | None:
    """Migrate the template database if it is missing; return its name (None: no template)."""
    name = template_name()
    if name is None:
        return None
    import psycopg

    database_url = os.environ["DATABASE_URL"]
    with psycopg.connect(database_url, autocommit=True) as conn:
        # Serialise two pytest runs against the same server.
        conn.execute("SELECT pg_advisory_lock(hashtext('test-template'))")
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s AND datistemplate", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
            env = {
                **os.environ,
                "DATABASE_URL": _url(database_url, name),
                "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            }
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "migrate", "--skip-checks", "-v", "0"],
                env=env,
                check=True,
                cwd=ROOT,
            )
            # Marked as a template only once it is complete: a broken run leaves none.
            conn.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true')
        conn.execute("SELECT pg_advisory_unlock(hashtext('test-template'))")
    return name


def prepare_in_background(status: Path) -> threading.Thread:
    """`prepare()` in a thread; `status` says "ok" or why not once it is done."""

    def run() -> None:
        try:
            prepare()
            outcome = "ok"
        except Exception as error:  # told to every test process, which fails with it
            outcome = f"failed: {error!r}"
        partial = status.with_suffix(".partial")
        partial.write_text(outcome)
        partial.replace(status)

    thread = threading.Thread(target=run, name="db-template", daemon=True)
    thread.start()
    return thread


def await_status(status: Path, timeout: float, what: str) -> str:
    """The text of `status` once a step running beside the tests has written it."""
    deadline = time.monotonic() + timeout
    while not status.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} was not ready after {timeout} s")
        time.sleep(0.25)
    return status.read_text().strip()


def await_ready(timeout: float = 1200) -> None:
    """Wait for the template the controller is preparing (no-op when none is)."""
    path = os.environ.get(STATUS_ENV)
    if not path:
        return
    outcome = await_status(Path(path), timeout, "the template database")
    if outcome != "ok":
        raise RuntimeError(f"the template database could not be migrated: {outcome}")


if __name__ == "__main__":
    # `make test` migrates the template while it lints (see the Makefile).
    print(prepare())
