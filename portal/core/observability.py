"""Error tracking and metrics for operators.

- Sentry (or a compatible service such as GlitchTip) receives unhandled errors of the web
  processes and the tasks when `SENTRY_DSN` is set: `init_sentry` is called by the
  production settings. No personal data is sent (no cookies, no request bodies, no user
  details, no addresses).
- Prometheus metrics (django-prometheus: requests, responses, latencies, database
  queries; and the tasks counted below) at `/metrics`, answered only to the cluster's
  scraper: see `metrics`.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import Counter, Histogram

TASKS = Counter(
    "portal_celery_tasks_total", "Celery tasks finished, by task and outcome", ["task", "outcome"]
)
TASK_SECONDS = Histogram("portal_celery_task_seconds", "Celery task run time", ["task"])


def _scrub(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """What leaves for the error tracker: no cookies, headers with secrets, or bodies."""
    request = event.get("request") or {}
    for key in ("cookies", "data", "env"):
        request.pop(key, None)
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() in {"cookie", "authorization", "x-csrftoken", "x-forwarded-for"}:
            headers.pop(name)
    event.pop("user", None)
    return event


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float = 0.0, **extra: Any):
    """Start the Sentry client (Django and Celery integrations). Returns the client."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=os.environ.get("PORTAL_RELEASE") or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        # Frames' local variables hold session keys, form input and tokens: never sent.
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
        before_send=_scrub,
        **extra,
    )
    return sentry_sdk.get_client()


def _from_allowed_network(request: HttpRequest) -> bool:
    meta = request.META
    if meta.get("HTTP_X_FORWARDED_FOR") or meta.get("HTTP_FORWARDED"):
        return False  # it came through the ingress or another proxy: not the scraper
    try:
        address = ipaddress.ip_address(meta.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network, strict=False)
        for network in settings.METRICS_ALLOWED_NETWORKS
    )


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format. A 404 (as if there were nothing here) for anyone but the
    cluster's scraper: a direct request from an allowed network, or one with the bearer
    `METRICS_TOKEN` when that is set."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    allowed = (
        secrets.compare_digest(given, token) if token and given else _from_allowed_network(request)
    )
    if not allowed:
        raise Http404
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)


def count_tasks() -> None:
    """Counts every task's outcome and run time in the worker (Celery signals)."""
    import time

    from celery.signals import task_postrun, task_prerun

    started: dict[str, float] = {}

    @task_prerun.connect(weak=False)
    def _start(task_id=None, **_kwargs):
        started[task_id] = time.monotonic()

    @task_postrun.connect(weak=False)
    def _finish(task_id=None, task=None, state=None, **_kwargs):
        name = getattr(task, "name", "unknown")
        TASKS.labels(task=name, outcome=(state or "unknown").lower()).inc()
        begun = started.pop(task_id, None)
        if begun is not None:
            TASK_SECONDS.labels(task=name).observe(time.monotonic() - begun)


def serve_worker_metrics(port: int) -> None:
    """The worker's metrics on their own port (the web's /metrics is another process).
    With PROMETHEUS_MULTIPROC_DIR set, the counts of every pool process are summed."""
    from prometheus_client import REGISTRY, CollectorRegistry, multiprocess, start_http_server

    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    address = os.environ.get("WORKER_METRICS_ADDR", "0.0.0.0")  # noqa: S104  (the pod's port)
    start_http_server(port, addr=address, registry=registry)
