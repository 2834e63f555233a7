"""Liveness of the background processes, for a container's liveness probe:

    python manage.py liveness worker   # this host's Celery worker answers a ping
    python manage.py liveness beat     # the beat sent a scheduled task recently

Exit status 0 when alive, 1 otherwise (with the reason on standard error). The beat keeps
its schedule in the database (django-celery-beat) and records there when it last sent
each task; it is alive when an enabled task was sent in the last `--max-age` seconds (the
outbox sweep is sent every minute, and the beat writes its records every few minutes).
"""

from __future__ import annotations

import socket

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
            "--max-age", type=int, default=600, help="seconds since the beat last sent a task"
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
        from django.db.models import Max
        from django.utils import timezone
        from django_celery_beat.models import PeriodicTask

        last = PeriodicTask.objects.filter(enabled=True).aggregate(last=Max("last_run_at"))
        if last["last"] is None:
            raise CommandError("the beat has not sent any scheduled task yet")
        age = (timezone.now() - last["last"]).total_seconds()
        if age > options["max_age"]:
            raise CommandError(f"the beat last sent a scheduled task {int(age)} s ago")
        self.stdout.write(f"beat is alive (last sent a task {int(age)} s ago)")
