"""Every write of adoption monitoring: figures recorded by programme managers or by a
reporting organisation (the NTV), corrected or removed by them, and targets set by
managers. Each is held to the `lock_version` its form was opened on and recorded under a
verb of its own; followers of the exchange or agreement hear of a new figure."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.services import known_fields, require, set_reason
from roadmap.models import AdoptionMeasurement, AdoptionTarget

if TYPE_CHECKING:
    from agreements.models import Agreement
    from portal.accounts.models import Organisation, User
    from roadmap.models import Exchange


class FigureFields(TypedDict, total=False):
    """What is recorded of a figure, and may be corrected."""

    indicator: str
    value: int
    measured_on: dt.date
    source: str
    note: str


class TargetFields(TypedDict, total=False):
    value: int
    target_date: dt.date
    note: str


FIGURE_FIELDS = tuple(FigureFields.__annotations__)
TARGET_FIELDS = tuple(TargetFields.__annotations__)


def reporting_organisation(actor: User) -> Organisation | None:
    """The organisation a reporter records for: their first one that reports figures."""
    membership = (
        actor.memberships.filter(organisation__reports_adoption=True)
        .select_related("organisation")
        .order_by("organisation__name")
        .first()
    )
    return membership.organisation if membership else None


def _check_date(measured_on: dt.date | None) -> None:
    if measured_on is not None and measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("A figure is measured on a day that has come.")})


def _subject(exchange: Exchange | None, agreement: Agreement | None) -> None:
    if (exchange is None) == (agreement is None):
        raise ValidationError(_("Choose an exchange or an agreement, not both."))


@transaction.atomic
def figure_record(
    *,
    actor: User,
    exchange: Exchange | None = None,
    agreement: Agreement | None = None,
    **fields: Unpack[FigureFields],
) -> AdoptionMeasurement:
    """Record a dated figure. A reporter's figure is in their organisation's name; a
    manager's carries no organisation unless it was reported by one."""
    require(actor, "adoption.record")
    _subject(exchange, agreement)
    values = known_fields(fields, FigureFields)
    _check_date(values.get("measured_on"))
    organisation = None if actor.has_perm("adoption.targets") else reporting_organisation(actor)
    figure = AdoptionMeasurement(
        exchange=exchange,
        agreement=agreement,
        organisation=organisation,
        recorded_by=actor,
        **values,
    )
    figure.full_clean()
    set_reason(figure, "adoption.figure.recorded")
    figure.save()
    return figure


def _locked_figure(actor: User, figure: AdoptionMeasurement, lock_version: int):
    locked = AdoptionMeasurement.objects.select_for_update().get(pk=figure.pk)
    require(actor, "adoption.change", locked)
    locked.advance_lock(lock_version)
    return locked


@transaction.atomic
def figure_update(
    *,
    actor: User,
    figure: AdoptionMeasurement,
    lock_version: int,
    **fields: Unpack[FigureFields],
) -> AdoptionMeasurement:
    locked = _locked_figure(actor, figure, lock_version)
    values = known_fields(fields, FigureFields)
    _check_date(values.get("measured_on"))
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean()
    set_reason(locked, "adoption.figure.corrected")
    locked.save()
    return locked


@transaction.atomic
def figure_remove(*, actor: User, figure: AdoptionMeasurement, lock_version: int) -> None:
    """Remove a figure recorded in error; its history keeps what it said."""
    locked = _locked_figure(actor, figure, lock_version)
    set_reason(locked, "adoption.figure.removed")
    locked.delete()


@transaction.atomic
def target_set(
    *,
    actor: User,
    indicator: str,
    exchange: Exchange | None = None,
    agreement: Agreement | None = None,
    **fields: Unpack[TargetFields],
) -> AdoptionTarget:
    require(actor, "adoption.targets")
    _subject(exchange, agreement)
    target = AdoptionTarget(
        exchange=exchange,
        agreement=agreement,
        indicator=indicator,
        **known_fields(fields, TargetFields),
    )
    target.full_clean()
    set_reason(target, "adoption.target.set")
    target.save()
    return target


@transaction.atomic
def target_update(
    *, actor: User, target: AdoptionTarget, lock_version: int, **fields: Unpack[TargetFields]
) -> AdoptionTarget:
    require(actor, "adoption.targets")
    locked = AdoptionTarget.objects.select_for_update().get(pk=target.pk)
    locked.advance_lock(lock_version)
    for name, value in known_fields(fields, TargetFields).items():
        setattr(locked, name, value)
    locked.full_clean()
    set_reason(locked, "adoption.target.changed")
    locked.save()
    return locked


def subject_kwargs(subject: Any) -> dict[str, Any]:
    """`{"exchange": obj}` or `{"agreement": obj}` for a subject object."""
    return {subject._meta.model_name: subject}
