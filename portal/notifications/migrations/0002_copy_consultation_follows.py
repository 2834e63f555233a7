"""Followers of consultations (kept by the consultations app until now) become subscriptions."""

from django.db import migrations


def copy(apps, schema_editor):
    Follow = apps.get_model("consultations", "Follow")
    Subscription = apps.get_model("notifications", "Subscription")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ct, _created = ContentType.objects.using(db).get_or_create(app_label="consultations", model="consultation")
    Subscription.objects.using(db).bulk_create(
        [
            Subscription(user_id=f.user_id, content_type_id=ct.pk, object_id=f.consultation_id)
            for f in Follow.objects.using(db).all()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("consultations", "0002_comment_attachments"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
