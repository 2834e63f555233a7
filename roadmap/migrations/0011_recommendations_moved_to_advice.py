"""The recommendations live on as items of advisory reports (parliament 0005 moved them
and their history); the portfolio's own table goes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('roadmap', '0010_constraint_messages'),
        ('parliament', '0005_recommendations_become_advice_items'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalrecommendation',
            name='history_user',
        ),
        migrations.DeleteModel(
            name='Recommendation',
        ),
        migrations.DeleteModel(
            name='HistoricalRecommendation',
        ),
    ]
