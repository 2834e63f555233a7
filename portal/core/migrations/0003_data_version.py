"""The sequence behind portal/core/freshness.py (PostgreSQL only; SQLite has none)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS portal_data_version")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP SEQUENCE IF EXISTS portal_data_version")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_default_beat_schedule")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
