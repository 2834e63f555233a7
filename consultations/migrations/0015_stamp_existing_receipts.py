"""Comments made before receipts existed count as receipted: the sweep must not mail
their authors a receipt days or years later."""

from django.db import migrations
from django.db.models import F


def stamp(apps, schema_editor):
    Comment = apps.get_model("consultations", "Comment")
    db = schema_editor.connection.alias
    Comment.objects.using(db).filter(receipt_sent_at__isnull=True).update(
        receipt_sent_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0014_internetconsultatie_fields")]

    operations = [migrations.RunPython(stamp, migrations.RunPython.noop)]
