"""Default beat entries for integrations: sending due event deliveries (retries, and
events a broker outage left behind) and pruning the idempotency answers and the delivery
log (see 0002 for how defaults are written: an entry an administrator already has is
left alone)."""

from __future__ import annotations

import importlib

from django.db import migrations

DEFAULTS = [
    (
        "integrations-deliver-due",
        "integrations.deliver_due",
        60,
        [],
        "Sends the event deliveries that are due: retries after backoff and events a broker "
        "outage left behind.",
    ),
    (
        "integrations-prune",
        "integrations.prune",
        3600,
        [],
        "Forgets Idempotency-Key answers after a day and the delivery log after 90 days.",
    ),
]


def _base():
    return importlib.import_module("portal.core.migrations.0002_default_beat_schedule")


def create_defaults(apps, schema_editor):
    _base().write_defaults(apps, schema_editor, DEFAULTS)


def remove_defaults(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    db = schema_editor.connection.alias
    PeriodicTask.objects.using(db).filter(name__in=[row[0] for row in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_beat_receipts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
