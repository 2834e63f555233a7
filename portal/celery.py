"""Celery application. Without CELERY_BROKER_URL tasks run eagerly (settings decide).

The worker logs as the web does (JSON in production) and each task's lines carry the
request_id of the request that queued it (django-structlog); it counts its tasks for
Prometheus, served on WORKER_METRICS_PORT when that is set.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_init
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.steps["worker"].add(DjangoStructLogInitStep)
app.autodiscover_tasks()


@worker_init.connect(weak=False)
def _worker_metrics(**_kwargs) -> None:
    from portal.core.observability import count_tasks, serve_worker_metrics

    count_tasks()
    port = os.environ.get("WORKER_METRICS_PORT")
    if port:
        serve_worker_metrics(int(port))
