"""When the data last changed: a number that every audited change moves on.

Anonymous pages carry an ETag made from it, so a browser (or a cache in front) that
asks again with If-None-Match gets a 304 without the page being built. The number is a
PostgreSQL sequence: moving it on takes no lock (unlike a counter row that every
transaction would queue on), and it moves only when the change is committed, so a page
built from data not yet committed can never be labelled with the new number.
"""

from __future__ import annotations

from django.db import connection, transaction
from simple_history.signals import post_create_historical_record

SEQUENCE = "portal_data_version"


CHANGED_AT_KEY = "portal:data-changed-at"


def _advance() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SEQUENCE])
    _stamp()


def _stamp() -> None:
    """Keep when the data last changed in the shared cache (for Last-Modified); losing it
    costs only that header until the next change."""
    import time

    from django.core.cache import cache

    cache.set(CHANGED_AT_KEY, time.time(), None)


def changed(**_kwargs) -> None:
    """A change was recorded in the audit trail: move the number on once it is committed."""
    if connection.vendor == "postgresql":
        transaction.on_commit(_advance)
    else:
        transaction.on_commit(_stamp)


def changed_at() -> float | None:
    """When (seconds since the epoch) the data last changed, if the cache still knows."""
    from django.core.cache import cache

    value = cache.get(CHANGED_AT_KEY)
    return float(value) if value is not None else None


def current() -> int | None:
    """The number now, or None where there is no sequence (SQLite for `make run`)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        # A new sequence says last_value 1 before and after its first nextval: is_called
        # tells them apart.
        cursor.execute(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {SEQUENCE}"  # noqa: S608
        )
        return int(cursor.fetchone()[0])


def connect() -> None:
    post_create_historical_record.connect(changed, dispatch_uid="portal-data-version")
