"""What the domain models share."""

from __future__ import annotations

from django.db import models

from portal.core.exceptions import ConcurrentEditError


class LockVersioned(models.Model):
    """Optimistic locking: a form carries the `lock_version` it was opened on, and the
    service that saves it calls `advance_lock` on the row it locked (select_for_update)."""

    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def advance_lock(self, seen: int | None) -> None:
        """Refuse when someone saved since version `seen`; otherwise count this save.

        Call it on the row as read inside the service's transaction (locked), before the
        save; a refusal raises `ConcurrentEditError` and saves nothing."""
        if seen != self.lock_version:
            raise ConcurrentEditError
        self.lock_version += 1
