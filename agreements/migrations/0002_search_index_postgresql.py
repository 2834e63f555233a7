"""Full-text search index on agreements, on PostgreSQL only (`make run` uses SQLite)."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS agreement_search_gin ON agreements_agreement USING gin (search_vector)"
DROP = "DROP INDEX IF EXISTS agreement_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_catalogue_releases_reviews_compliance")]

    operations = [migrations.RunPython(create, drop)]
