"""The portfolio's recommendations become items of an advisory report.

Each distinct source of `roadmap.Recommendation` becomes an `AdvisoryReport` (published:
the recommendations page was public), each recommendation a recommendation item under
its number, with the ministry's appreciation as the reasoning and its follow-up and state
kept. The disposition was never recorded, so it is "not yet given" until a manager sets
it. The recommendations' audited history is carried over row by row (who, when, what,
under which reason), so the new items' history starts where the old one began.
"""

from __future__ import annotations

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify

STATUS = {"open": "open", "in_progress": "in_progress", "done": "done"}


def _slug(source: str, taken: set[str]) -> str:
    base = (slugify(source) or "advies")[:70]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def forwards(apps, schema_editor):
    Recommendation = apps.get_model("roadmap", "Recommendation")
    HistoricalRecommendation = apps.get_model("roadmap", "HistoricalRecommendation")
    AdvisoryReport = apps.get_model("parliament", "AdvisoryReport")
    HistoricalAdvisoryReport = apps.get_model("parliament", "HistoricalAdvisoryReport")
    AdviceItem = apps.get_model("parliament", "AdviceItem")
    HistoricalAdviceItem = apps.get_model("parliament", "HistoricalAdviceItem")
    db = schema_editor.connection.alias

    taken = set(AdvisoryReport.objects.using(db).values_list("slug", flat=True))
    reports: dict[str, object] = {}
    new_id: dict[int, int] = {}
    report_of: dict[int, int] = {}
    for rec in Recommendation.objects.using(db).order_by("source", "number", "pk"):
        report = reports.get(rec.source)
        if report is None:
            report = AdvisoryReport.objects.using(db).create(
                advisor=rec.source[:200],
                title=rec.source[:250],
                slug=_slug(rec.source, taken),
                is_published=True,
            )
            reports[rec.source] = report
            first = (
                HistoricalRecommendation.objects.using(db).filter(source=rec.source)
                .order_by("history_date", "history_id")
                .first()
            )
            HistoricalAdvisoryReport.objects.using(db).create(
                id=report.pk,
                advisor=report.advisor,
                title=report.title,
                slug=report.slug,
                summary="",
                received_on=None,
                response_on=None,
                response_reference="",
                url="",
                is_published=True,
                lock_version=report.lock_version,
                history_date=first.history_date if first else timezone.now(),
                history_type="+",
                history_change_reason="parliament.advice.migrated",
                history_user_id=first.history_user_id if first else None,
            )
        item = AdviceItem.objects.using(db).create(
            report=report,
            kind="recommendation",
            label=str(rec.number),
            title=rec.title[:300],
            disposition="pending",
            reasoning=rec.response,
            follow_up=rec.follow_up,
            status=STATUS.get(rec.status, "open"),
            lock_version=rec.lock_version,
        )
        new_id[rec.pk] = item.pk
        report_of[rec.pk] = report.pk

    rows = []
    for old in HistoricalRecommendation.objects.using(db).order_by("history_date", "history_id"):
        if old.id not in new_id:
            continue  # deleted before the move: its history leaves with it
        rows.append(
            HistoricalAdviceItem(
                id=new_id[old.id],
                report_id=report_of[old.id],
                kind="recommendation",
                label=str(old.number),
                title=old.title[:300],
                disposition="pending",
                reasoning=old.response,
                owner="",
                deadline=None,
                follow_up=old.follow_up,
                status=STATUS.get(old.status, "open"),
                lock_version=old.lock_version,
                history_date=old.history_date,
                history_type=old.history_type,
                history_change_reason=old.history_change_reason,
                history_user_id=old.history_user_id,
            )
        )
    HistoricalAdviceItem.objects.using(db).bulk_create(rows, batch_size=500)


def backwards(apps, schema_editor):
    """Give the recommendation items back to the portfolio (the reports stay)."""
    Recommendation = apps.get_model("roadmap", "Recommendation")
    AdviceItem = apps.get_model("parliament", "AdviceItem")
    db = schema_editor.connection.alias
    for item in AdviceItem.objects.using(db).filter(kind="recommendation").select_related("report"):
        if not item.label.isdigit():
            continue
        Recommendation.objects.using(db).get_or_create(
            source=item.report.advisor[:200],
            number=int(item.label),
            defaults={
                "title": item.title,
                "response": item.reasoning,
                "follow_up": item.follow_up,
                "status": item.status,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("parliament", "0004_advisory_reports"),
        ("roadmap", "0010_constraint_messages"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
