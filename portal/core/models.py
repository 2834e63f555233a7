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


class CreateReceipt(models.Model):
    """What a create form's send made, under the key the form carried (idempotency).

    A create form carries a random key from the moment it is shown. The first send writes
    the receipt in the transaction that creates the item; a second send with the same key
    (a double click, a retry after a lost answer, twenty tabs at once) waits for the first
    on the unique key and is answered with the item it made. Bookkeeping, not a change of
    the record: the item itself is audited. Receipts older than a few days are pruned.
    """

    key = models.UUIDField(unique=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "create receipt"

    def __str__(self) -> str:
        return str(self.key)

    @property
    def target(self) -> models.Model | None:
        if self.content_type_id is None or self.object_id is None:
            return None
        model = self.content_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()
