"""A default beat entry for the consultations' receipt sweep (see 0002 for how defaults
are written: an entry an administrator already has is left alone)."""

from __future__ import annotations

import importlib

from django.db import migrations

DEFAULTS = [
    (
        "consultations-send-pending-receipts",
        "consultations.send_pending_receipts",
        300,
        [],
        "E-mails the receipts of comments that a broker outage left behind.",
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
        ("core", "0003_data_version"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
