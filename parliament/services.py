"""Every write to commitments and motions: created and edited by programme managers,
moved through their states (started, fulfilled by a named document, reopened) and
published or withdrawn from the public register as steps of their own, each recorded
under its own verb and held to the `lock_version` its form was opened on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parliament.models import Commitment
from portal.core.exceptions import WorkflowError
from portal.core.services import known_fields, require, set_reason

if TYPE_CHECKING:
    from portal.accounts.models import User

MANAGE = "parliament.manage"


class CommitmentFields(TypedDict, total=False):
    """What a manager edits of a commitment or motion."""

    kind: str
    title: str
    summary: str
    source: str
    source_title: str
    kamerstuk: str
    source_date: dt.date
    submitters: str
    owner: str
    due: dt.date | None


COMMITMENT_FIELDS = tuple(CommitmentFields.__annotations__)
LINKS = ("programmes", "exchanges", "agreements", "milestones")


def _set_links(commitment: Commitment, links: dict[str, Iterable[Any] | None]) -> None:
    for name, values in links.items():
        if values is not None:
            getattr(commitment, name).set(list(values))


@transaction.atomic
def commitment_create(
    *,
    actor: User,
    programmes: Iterable[Any] = (),
    exchanges: Iterable[Any] = (),
    agreements: Iterable[Any] = (),
    milestones: Iterable[Any] = (),
    **fields: Unpack[CommitmentFields],
) -> Commitment:
    """Record a commitment or motion; it stays off the public register until published."""
    require(actor, MANAGE)
    commitment = Commitment(**known_fields(fields, CommitmentFields))
    commitment.full_clean()
    set_reason(commitment, "parliament.commitment.created")
    commitment.save()
    _set_links(
        commitment,
        {
            "programmes": programmes,
            "exchanges": exchanges,
            "agreements": agreements,
            "milestones": milestones,
        },
    )
    return commitment


def _locked(commitment: Commitment, lock_version: int) -> Commitment:
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    locked.advance_lock(lock_version)
    return locked


@transaction.atomic
def commitment_update(
    *,
    actor: User,
    commitment: Commitment,
    lock_version: int,
    programmes: Iterable[Any] | None = None,
    exchanges: Iterable[Any] | None = None,
    agreements: Iterable[Any] | None = None,
    milestones: Iterable[Any] | None = None,
    **fields: Unpack[CommitmentFields],
) -> Commitment:
    """Change the text, source, owner, due date or links; not the state (steps do that)."""
    require(actor, MANAGE)
    locked = _locked(commitment, lock_version)
    for name, value in known_fields(fields, CommitmentFields).items():
        setattr(locked, name, value)
    locked.full_clean()
    set_reason(locked, "parliament.commitment.changed")
    locked.save()
    _set_links(
        locked,
        {
            "programmes": programmes,
            "exchanges": exchanges,
            "agreements": agreements,
            "milestones": milestones,
        },
    )
    return locked


def _step(
    actor: User,
    commitment: Commitment,
    lock_version: int,
    verb: str,
    change: Callable[[Commitment], None],
) -> Commitment:
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _locked(commitment, lock_version)
        change(locked)
        locked.full_clean()
        set_reason(locked, f"parliament.commitment.{verb}")
        locked.save()
    return locked


def commitment_start(*, actor: User, commitment: Commitment, lock_version: int) -> Commitment:
    """Work on it has begun."""
    return _step(actor, commitment, lock_version, "started", lambda c: c.start())


def commitment_fulfil(
    *,
    actor: User,
    commitment: Commitment,
    lock_version: int,
    on: dt.date,
    by: str,
    url: str = "",
) -> Commitment:
    """Fulfilled by the letter or document `by`, sent or published `on`."""
    if not by.strip():
        raise ValidationError({"by": _("Name the letter or document that fulfils it.")})
    if on < commitment.source_date:
        raise ValidationError({"on": _("It cannot be fulfilled before the date of its source.")})
    return _step(
        actor,
        commitment,
        lock_version,
        "fulfilled",
        lambda c: c.fulfil(on=on, by=by.strip(), url=url),
    )


def commitment_reopen(*, actor: User, commitment: Commitment, lock_version: int) -> Commitment:
    """The document did not fulfil it after all: back to in progress."""
    return _step(actor, commitment, lock_version, "reopened", lambda c: c.reopen())


def _publication(value: bool) -> Callable[[Commitment], None]:
    def change(commitment: Commitment) -> None:
        if commitment.is_published == value:
            raise WorkflowError(
                _("This item is public already.") if value else _("This item is not public.")
            )
        commitment.is_published = value

    return change


def commitment_publish(*, actor: User, commitment: Commitment, lock_version: int) -> Commitment:
    """Show it in the public register, the API, search and the report to parliament."""
    return _step(actor, commitment, lock_version, "published", _publication(True))


def commitment_unpublish(*, actor: User, commitment: Commitment, lock_version: int) -> Commitment:
    return _step(actor, commitment, lock_version, "unpublished", _publication(False))
