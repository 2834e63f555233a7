"""Every write to the portfolio and pilots."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from roadmap.models import Deliverable, Milestone


def _require(actor: Any) -> None:
    if not actor.has_perm("portfolio.manage"):
        raise PermissionDenied


@transaction.atomic
def record_save(
    *,
    actor: Any,
    instance: models.Model,
    m2m: dict[str, Any] | None = None,
    verb: str | None = None,
) -> models.Model:
    """Create or change one portfolio record, with its many-to-many links.

    Deliverables and milestones keep their first date: a later date is a slip that the
    timeline shows against the original.
    """
    _require(actor)
    created = instance.pk is None
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
    instance._change_reason = f"portfolio.{label}.{verb or ('created' if created else 'changed')}"
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(list(values))
    return instance


@transaction.atomic
def record_delete(*, actor: Any, instance: models.Model) -> None:
    _require(actor)
    instance._change_reason = f"portfolio.{instance._meta.model_name}.deleted"
    instance.delete()
