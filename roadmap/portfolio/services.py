"""Every write to the portfolio and pilots."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from portal.core.exceptions import ConcurrentEditError
from portal.core.services import require, set_reason
from roadmap.models import Deliverable, Milestone

# Flags that make a record public; turning one on or off is a step of its own in the history
# ("portfolio.tranche.published"), not a plain change.
PUBLICATION_FLAGS = ("is_published", "is_public")


def latest_change_id(instance: models.Model) -> int:
    """The id of the newest history record of `instance` (0 for a new one): the version a
    form was opened on, for optimistic locking of records without a lock_version."""
    if instance.pk is None:
        return 0
    history = getattr(instance, "history", None)
    if history is None:
        return 0
    return history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def _publication_verb(instance: models.Model, before: models.Model | None) -> str | None:
    for flag in PUBLICATION_FLAGS:
        if not hasattr(instance, flag):
            continue
        now, then = getattr(instance, flag), getattr(before, flag, False) if before else False
        if before is None and now:
            return None  # created public: "created" says it
        if now and not then:
            return "published"
        if then and not now:
            return "unpublished"
    return None


if TYPE_CHECKING:
    from portal.accounts.models import User


@transaction.atomic
def record_save(
    *,
    actor: User,
    instance: models.Model,
    m2m: dict[str, Any] | None = None,
    verb: str | None = None,
    seen_change_id: int | None = None,
) -> models.Model:
    """Create or change one portfolio record, with its many-to-many links.

    `seen_change_id` is the newest history record the form was opened on: when someone
    saved the record since, nothing is saved (ConcurrentEditError). The check runs on the
    locked row inside this transaction, so two saves cannot both pass it. Publishing or
    withdrawing a record (its `is_published`/`is_public` flag) is recorded as such.
    Deliverables and milestones keep their first date: a later date is a slip that the
    timeline shows against the original.
    """
    require(actor, "portfolio.manage")
    created = instance.pk is None
    before = None
    if not created:
        before = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        if seen_change_id is not None and seen_change_id != latest_change_id(before):
            raise ConcurrentEditError
    if isinstance(instance, Deliverable) and created:
        instance.original_due = instance.due
    if isinstance(instance, Milestone) and created:
        instance.original_date = instance.date
    if (
        isinstance(instance, Deliverable)
        and instance.status == Deliverable.Status.DELIVERED
        and not instance.delivered_on
    ):
        from django.utils import timezone

        instance.delivered_on = timezone.localdate()
    instance.full_clean()
    label = instance._meta.model_name
    verb = verb or _publication_verb(instance, before) or ("created" if created else "changed")
    set_reason(instance, f"portfolio.{label}.{verb}")
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(list(values))
    return instance


@transaction.atomic
def record_delete(*, actor: User, instance: models.Model) -> None:
    require(actor, "portfolio.manage")
    set_reason(instance, f"portfolio.{instance._meta.model_name}.deleted")
    instance.delete()
