"""The static files as the image has them: `collectstatic` with the production settings
(hashed names in a manifest, compressed copies), for the tests that run the site as
production does (tests/test_shared_nothing.py).

`make test` collects them once, in the background while the template database is
migrated (`python -m tests.static_build .build/staticfiles`, a core is free then), and
tells the tests where (TEST_STATIC_ROOT); a test run without it collects them itself.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = "TEST_STATIC_ROOT"


def collect(root: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "STATIC_ROOT": str(root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )


def _status(root: Path) -> Path:
    return root.parent / f"{root.name}.rc"


def prebuilt(timeout: float = 300) -> Path | None:
    """The root `make test` collected into (waiting for it to finish), or None."""
    name = os.environ.get(ENV)
    if not name:
        return None
    root = Path(name).resolve()
    from tests.db_template import await_status

    if await_status(_status(root), timeout, f"collectstatic into {root}") != "0":
        log = root.parent / f"{root.name}.log"
        raise RuntimeError(f"collectstatic into {root} failed:\n{log.read_text()}")
    return root


if __name__ == "__main__":
    target = (ROOT / sys.argv[1]).resolve()
    status = _status(target)
    status.unlink(missing_ok=True)
    code = 1
    try:
        collect(target)
        code = 0
    finally:
        status.write_text(f"{code}\n")
