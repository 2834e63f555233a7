"""Every write to the portfolio and pilots.

A record's plain fields are created and changed through `record_save`; what has a meaning
of its own is a named step: publishing or withdrawing a tranche, pilot, decision or
milestone (`tranche_publish`, …) and moving a deliverable's or milestone's date
(`deliverable_reschedule`, `milestone_reschedule`). Each step is recorded under its own
verb in the history, and every change is held to the `lock_version` its form was opened on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.exceptions import WorkflowError
from portal.core.models import LockVersioned
from portal.core.services import publication, require, set_reason
from roadmap.models import Decision, Deliverable, Milestone, Pilot, Tranche

if TYPE_CHECKING:
    from portal.accounts.models import User

R = TypeVar("R", bound=LockVersioned)

# Fields that only a named step changes, per model: `record_save` refuses a change to them.
STEP_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Tranche: ("is_published",),
    Pilot: ("is_published",),
    Decision: ("is_published",),
    Milestone: ("is_public", "date"),
    Deliverable: ("due",),
}


@transaction.atomic
def record_save(
    *,
    actor: User,
    instance: LockVersioned,
    m2m: dict[str, Any] | None = None,
    lock_version: int | None = None,
) -> LockVersioned:
    """Create one portfolio record, or change its plain fields, with its many-to-many links.

    A change names the `lock_version` its form was opened on; when someone saved the record
    since, nothing is saved (ConcurrentEditError). The check runs on the locked row inside
    this transaction, so two saves cannot both pass it. A new deliverable or milestone keeps
    its first date as the original: a later date is a slip the timeline shows.
    """
    require(actor, "portfolio.manage")
    created = instance.pk is None
    if created:
        if isinstance(instance, Deliverable):
            instance.original_due = instance.due
        if isinstance(instance, Milestone):
            instance.original_date = instance.date
    else:
        before = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        before.advance_lock(lock_version)
        instance.lock_version = before.lock_version
        for name in STEP_FIELDS.get(type(instance), ()):
            if getattr(instance, name) != getattr(before, name):
                raise WorkflowError(
                    _("“%(field)s” is changed by its own step, not by editing.")
                    % {"field": getattr(instance._meta.get_field(name), "verbose_name", name)}
                )
    if (
        isinstance(instance, Deliverable)
        and instance.status == Deliverable.Status.DELIVERED
        and not instance.delivered_on
    ):
        instance.delivered_on = timezone.localdate()
    instance.full_clean()
    set_reason(
        instance, f"portfolio.{instance._meta.model_name}.{'created' if created else 'changed'}"
    )
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(list(values))
    return instance


@transaction.atomic
def record_delete(*, actor: User, instance: models.Model) -> None:
    require(actor, "portfolio.manage")
    set_reason(instance, f"portfolio.{instance._meta.model_name}.deleted")
    instance.delete()


def _step(actor: User, record: R, lock_version: int, verb: str, change: Callable[[R], None]) -> R:
    """One named step on `record`: checked, locked, changed, validated, recorded as `verb`."""
    require(actor, "portfolio.manage")
    with transaction.atomic():
        locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
        locked.advance_lock(lock_version)
        change(locked)
        locked.full_clean()
        set_reason(locked, f"portfolio.{locked._meta.model_name}.{verb}")
        locked.save()
    return locked


def tranche_publish(*, actor: User, tranche: Tranche, lock_version: int) -> Tranche:
    """Make a tranche (with its deliverables) public."""
    return _step(actor, tranche, lock_version, "published", publication(True, "is_published"))


def tranche_unpublish(*, actor: User, tranche: Tranche, lock_version: int) -> Tranche:
    return _step(actor, tranche, lock_version, "unpublished", publication(False, "is_published"))


def pilot_publish(*, actor: User, pilot: Pilot, lock_version: int) -> Pilot:
    return _step(actor, pilot, lock_version, "published", publication(True, "is_published"))


def pilot_unpublish(*, actor: User, pilot: Pilot, lock_version: int) -> Pilot:
    return _step(actor, pilot, lock_version, "unpublished", publication(False, "is_published"))


def decision_publish(*, actor: User, decision: Decision, lock_version: int) -> Decision:
    return _step(actor, decision, lock_version, "published", publication(True, "is_published"))


def decision_unpublish(*, actor: User, decision: Decision, lock_version: int) -> Decision:
    return _step(actor, decision, lock_version, "unpublished", publication(False, "is_published"))


def milestone_publish(*, actor: User, milestone: Milestone, lock_version: int) -> Milestone:
    return _step(actor, milestone, lock_version, "published", publication(True, "is_public"))


def milestone_unpublish(*, actor: User, milestone: Milestone, lock_version: int) -> Milestone:
    return _step(actor, milestone, lock_version, "unpublished", publication(False, "is_public"))


def deliverable_reschedule(
    *, actor: User, deliverable: Deliverable, due: dt.date, lock_version: int
) -> Deliverable:
    """Move a deliverable's due date. The first date stays as the original; a date past it
    marks a deliverable still under way as slipped. Delivered or cancelled ones keep theirs."""

    def change(d: Deliverable) -> None:
        if d.status in (Deliverable.Status.DELIVERED, Deliverable.Status.CANCELLED):
            raise WorkflowError(_("A delivered or cancelled deliverable keeps its date."))
        if due == d.due:
            raise WorkflowError(_("This is the date it has already."))
        d.due = due
        if due > d.original_due and d.status in (
            Deliverable.Status.PLANNED,
            Deliverable.Status.IN_PROGRESS,
        ):
            d.status = Deliverable.Status.SLIPPED

    return _step(actor, deliverable, lock_version, "rescheduled", change)


def milestone_reschedule(
    *, actor: User, milestone: Milestone, date: dt.date, lock_version: int
) -> Milestone:
    """Move a milestone's date; the first date stays as the original. An achieved
    milestone keeps its date."""

    def change(m: Milestone) -> None:
        if m.status == Milestone.Status.ACHIEVED:
            raise WorkflowError(_("An achieved milestone keeps its date."))
        if date == m.date:
            raise WorkflowError(_("This is the date it has already."))
        m.date = date

    return _step(actor, milestone, lock_version, "rescheduled", change)
