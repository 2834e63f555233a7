"""The beat schedule's defaults, in the database (django-celery-beat).

Administrators change, pause or add entries in the admin ("Periodieke taken"); the beat
(`celery -A portal beat`, DatabaseScheduler) reads them from there. This migration only
creates the defaults: an entry an administrator has already changed is left alone, and a
later change of a default is a migration of its own.
"""

from __future__ import annotations

import json

from django.db import migrations
from django.utils import timezone

TIME_ZONE = "Europe/Amsterdam"

# name, task, schedule (cron fields minute/hour/day_of_week, or seconds), args, what it does
DEFAULTS = [
    (
        "regions-open-report-periods",
        "regions.open_report_periods",
        {"minute": "0", "hour": "5"},
        [],
        "Opens the quarter's progress reports of the regions.",
    ),
    (
        "regions-send-report-reminders",
        "regions.send_report_reminders",
        {"minute": "0", "hour": "7"},
        [],
        "Reminds coordinators of progress reports that are due or overdue.",
    ),
    (
        "consultations-announce-openings",
        "consultations.announce_openings",
        300,
        [],
        "Tells followers that a consultation has opened.",
    ),
    (
        "consultations-generate-pending-reports",
        "consultations.generate_pending_reports",
        300,
        [],
        "Lays out report PDFs left queued by a broker outage.",
    ),
    (
        "agreements-releases-take-effect",
        "agreements.releases_take_effect",
        {"minute": "5", "hour": "0,6"},
        [],
        "Brings releases published for a later day into force.",
    ),
    (
        "agreements-flag-reassessments",
        "agreements.flag_reassessments",
        {"minute": "15", "hour": "6"},
        [],
        "Flags temporary agreements that are due for re-assessment.",
    ),
    (
        "notifications-send-pending",
        "notifications.send_pending",
        60,
        [],
        "The outbox sweep: e-mails what a broker outage left behind.",
    ),
    (
        "notifications-daily-digest",
        "notifications.send_digests",
        {"minute": "30", "hour": "7"},
        ["daily"],
        "The daily digest e-mail.",
    ),
    (
        "notifications-weekly-digest",
        "notifications.send_digests",
        {"minute": "45", "hour": "7", "day_of_week": "1"},
        ["weekly"],
        "The weekly digest e-mail (Mondays).",
    ),
    (
        "core-prune-create-receipts",
        "portal.core.prune_create_receipts",
        {"minute": "30", "hour": "3"},
        [],
        "Prunes create-form receipts older than a week.",
    ),
    (
        "accounts-apply-retention",
        "accounts.apply_retention",
        {"minute": "45", "hour": "3"},
        [],
        "Removes personal data past its retention period.",
    ),
]


def create_defaults(apps, schema_editor):
    write_defaults(apps, schema_editor, DEFAULTS)


def write_defaults(apps, schema_editor, rows):
    """Create each of `rows` that has no entry of its name yet (later migrations add theirs)."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    db = schema_editor.connection.alias
    for name, task, schedule, args, description in rows:
        if PeriodicTask.objects.using(db).filter(name=name).exists():
            continue
        fields = {"name": name, "task": task, "args": json.dumps(args), "description": description}
        if isinstance(schedule, int):
            fields["interval"], _ = IntervalSchedule.objects.using(db).get_or_create(
                every=schedule, period="seconds"
            )
        else:
            cron = {
                "minute": "*",
                "hour": "*",
                "day_of_week": "*",
                "day_of_month": "*",
                "month_of_year": "*",
                **schedule,
            }
            fields["crontab"], _ = CrontabSchedule.objects.using(db).get_or_create(timezone=TIME_ZONE, **cron)
        PeriodicTask.objects.using(db).create(**fields)
    # A running beat reloads its schedule when this moves.
    PeriodicTasks.objects.using(db).update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_defaults(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    db = schema_editor.connection.alias
    PeriodicTask.objects.using(db).filter(name__in=[row[0] for row in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_create_receipts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
