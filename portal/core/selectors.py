"""Health of the parts the portal depends on."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)


def database_state() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down"; the log keeps the detail
        logger.exception("Health check: database unavailable")
        return {"ok": False, "vendor": connection.vendor}
    return {"ok": True, "vendor": connection.vendor}


def broker_state() -> dict[str, object]:
    if not settings.CELERY_BROKER_URL:
        # `make run` and most tests: tasks run in-process, there is no broker to reach.
        return {"ok": True, "mode": "eager"}
    from portal.celery import app

    try:
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception:
        logger.exception("Health check: broker unavailable")
        return {"ok": False, "mode": "broker"}
    return {"ok": True, "mode": "broker"}
