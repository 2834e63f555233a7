from __future__ import annotations

from celery import shared_task


@shared_task(name="portal.core.echo", acks_late=True)
def echo(value: str) -> dict[str, str]:
    """Round-trip a value: proves a broker and worker are wired (health checks, tests)."""
    import socket

    return {"value": value, "worker": socket.gethostname()}


# A create form sent again after this long is a new send (see CreateReceipt).
RECEIPTS_KEPT_DAYS = 7


@shared_task(name="portal.core.prune_create_receipts", acks_late=True)
def prune_create_receipts() -> int:
    """Forget the keys of create forms sent more than a week ago (indexed on the date)."""
    import datetime as dt

    from django.utils import timezone

    from portal.core.models import CreateReceipt

    cutoff = timezone.now() - dt.timedelta(days=RECEIPTS_KEPT_DAYS)
    deleted, _by_model = CreateReceipt.objects.filter(created_at__lt=cutoff).delete()
    return deleted
