"""Liveness of the background processes, for a container's liveness probe:

    python manage.py liveness worker   # this host's Celery worker answers a ping
    python manage.py liveness beat --schedule /tmp/celerybeat-schedule

Exit status 0 when alive, 1 otherwise (with the reason on standard error). The beat is
alive when its schedule file was written recently: it writes it every few minutes while
it sends tasks.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Exit 0 when this host's Celery worker or beat is alive (for liveness probes)."

    def add_arguments(self, parser):
        parser.add_argument("process", choices=["worker", "beat"])
        parser.add_argument("--timeout", type=float, default=5.0, help="seconds (worker)")
        parser.add_argument(
            "--node", default="", help="worker node name (default celery@<host name>)"
        )
        parser.add_argument(
            "--schedule", default="celerybeat-schedule", help="the beat's schedule file"
        )
        parser.add_argument(
            "--max-age", type=int, default=600, help="seconds the schedule may be unwritten"
        )

    def handle(self, *args, **options):
        if options["process"] == "worker":
            from portal.celery import app

            node = options["node"] or f"celery@{socket.gethostname()}"
            replies = app.control.ping(destination=[node], timeout=options["timeout"])
            if not any(node in reply for reply in replies):
                raise CommandError(f"the worker {node} did not answer a ping")
            self.stdout.write(f"{node} is alive")
            return
        candidates = [Path(options["schedule"])]
        candidates += [Path(f"{options['schedule']}{ext}") for ext in (".db", ".dat")]
        written = [p.stat().st_mtime for p in candidates if p.exists()]
        if not written:
            raise CommandError(f"no beat schedule file at {options['schedule']}")
        age = time.time() - max(written)
        if age > options["max_age"]:
            raise CommandError(f"the beat schedule was last written {int(age)} s ago")
        self.stdout.write(f"beat is alive (schedule written {int(age)} s ago)")
