from __future__ import annotations

from celery import shared_task


@shared_task(name="portal.core.echo", acks_late=True)
def echo(value: str) -> dict[str, str]:
    """Round-trip a value: proves a broker and worker are wired (health checks, tests)."""
    import socket

    return {"value": value, "worker": socket.gethostname()}
