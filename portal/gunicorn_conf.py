"""Gunicorn's settings for the web process: `gunicorn -c python:portal.gunicorn_conf
portal.wsgi:application` (the image's `web` command).

Everything comes from the environment: WEB_BIND (0.0.0.0:8000), WEB_WORKERS (2),
WEB_THREADS (4), WEB_TIMEOUT (60 s). Gunicorn's own lines are JSON like the site's, and
its access log is off: the site logs each request once, with its id, user and status
(django-structlog). With PROMETHEUS_MULTIPROC_DIR set, /metrics sums every worker's
counts and a worker that exits is marked dead.
"""

from __future__ import annotations

import os

import structlog

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
accesslog = None
# No control socket: the root file system is read-only and nothing here uses it.
control_socket_disable = True
_format = os.environ.get("LOG_FORMAT", "json")
_chain = [
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]
_renderer = (
    structlog.processors.JSONRenderer()
    if _format == "json"
    else structlog.dev.ConsoleRenderer(colors=False)
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "portal": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processors": [
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                _renderer,
            ],
            "foreign_pre_chain": _chain,
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "portal",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
