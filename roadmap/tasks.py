"""Celery finds tasks in `<app>.tasks`; the roadmap keeps them per module, gathered here."""

from roadmap.regions.tasks import open_report_periods, send_report_reminders  # noqa: F401
