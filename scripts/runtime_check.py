"""What runs in production is what is tested: the site with only its runtime dependencies.

Run by `make test` with the interpreter of a virtual environment made by
`pip install -c constraints.txt .` (no dev extra), inside scripts/testenv.py:

1. imports every module of the site with the production settings (a module that imports a
   development-only package fails here);
2. runs `manage.py check --deploy` and expects no issue;
3. lays out a consultation report PDF once, through the Celery task, against a database
   cloned from the migrated test template (Typst and pikepdf load only in the layout
   and join processes the task starts, so importing the modules does not try them).

Exits non-zero, with the reason, on the first failure.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["portal", "agreements", "roadmap", "consultations", "parliament"]


def _database() -> str:
    """A fresh database cloned from the migrated template the test suite uses."""
    import psycopg

    sys.path.insert(0, str(ROOT))
    from tests.db_template import prepare

    template = prepare()
    if template is None:
        raise SystemExit("runtime check: DATABASE_URL must point at the test PostgreSQL")
    base = os.environ["DATABASE_URL"]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS runtime_check")
        conn.execute(f'CREATE DATABASE runtime_check TEMPLATE "{template}"')
    return base.rsplit("/", 1)[0] + "/runtime_check"


def _production_environment(database_url: str, media: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "gis-portaal.example.org",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "MEDIA_ROOT": media,
        }
    )


def import_everything() -> int:
    count = 0
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            importlib.import_module(info.name)
            count += 1
    return count


def check_deploy() -> None:
    from django.core.management import call_command

    call_command("check", "--deploy", "--fail-level", "WARNING")


def report_pdf() -> int:
    """A reported consultation with answered comments; its PDF laid out by the task."""
    from consultations.models import ReportFile
    from consultations.tasks import generate_report_pdf
    from scripts.report_sample import reported_consultation_job

    job = reported_consultation_job("runtime")
    outcome = generate_report_pdf.apply(args=[job.pk]).get(disable_sync_subtasks=False)
    job = ReportFile.objects.get(pk=job.pk)
    if job.status != ReportFile.Status.DONE:
        raise SystemExit(f"runtime check: the report PDF failed ({outcome}): {job.error}")
    with job.file.open("rb") as pdf:
        head = pdf.read(5)
    if head != b"%PDF-":
        raise SystemExit("runtime check: the report file is not a PDF")
    return job.file.size


def main() -> int:
    database_url = _database()
    with tempfile.TemporaryDirectory(prefix="runtime-media-") as media:
        _production_environment(database_url, media)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        modules = import_everything()
        print(f"runtime check: {modules} modules import with the runtime dependencies only")
        check_deploy()
        size = report_pdf()
        print(f"runtime check: report PDF of {size} bytes laid out by the task")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
