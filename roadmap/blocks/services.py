"""Every write to the building blocks register: recorded and edited by programme managers,
published or withdrawn as a step of its own, each under its own verb and held to the
`lock_version` its form was opened on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.core.services import known_fields, publication, require, set_reason
from roadmap.models import BuildingBlock

if TYPE_CHECKING:
    from portal.accounts.models import User

MANAGE = "blocks.manage"
RESERVED_SLUGS = frozenset({"nieuw", "export"})


class BlockFields(TypedDict, total=False):
    """What a manager edits of a building block."""

    name: str
    summary: str
    owner: str
    generic_function: str
    status: str
    url: str


BLOCK_FIELDS = tuple(BlockFields.__annotations__)
BLOCK_LINKS = ("agreements", "pilots")


@transaction.atomic
def block_create(
    *,
    actor: User,
    slug: str,
    agreements: Iterable[Any] = (),
    pilots: Iterable[Any] = (),
    **fields: Unpack[BlockFields],
) -> BuildingBlock:
    """Record a building block; it stays off the public register until published."""
    require(actor, MANAGE)
    if slug in RESERVED_SLUGS or BuildingBlock.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This short name is taken.")})
    block = BuildingBlock(slug=slug, **known_fields(fields, BlockFields))
    block.full_clean()
    set_reason(block, "blocks.block.created")
    block.save()
    block.agreements.set(list(agreements))
    block.pilots.set(list(pilots))
    return block


def _locked(block: BuildingBlock, lock_version: int) -> BuildingBlock:
    locked = BuildingBlock.objects.select_for_update().get(pk=block.pk)
    locked.advance_lock(lock_version)
    return locked


@transaction.atomic
def block_update(
    *,
    actor: User,
    block: BuildingBlock,
    lock_version: int,
    agreements: Iterable[Any] | None = None,
    pilots: Iterable[Any] | None = None,
    **fields: Unpack[BlockFields],
) -> BuildingBlock:
    """Change its description, owner, state or links; a change of state is recorded under
    a verb of its own (followers hear that it became available, or is being phased out)."""
    require(actor, MANAGE)
    locked = _locked(block, lock_version)
    before = locked.status
    for name, value in known_fields(fields, BlockFields).items():
        setattr(locked, name, value)
    locked.full_clean()
    set_reason(locked, "blocks.block.status" if locked.status != before else "blocks.block.changed")
    locked.save()
    if agreements is not None:
        locked.agreements.set(list(agreements))
    if pilots is not None:
        locked.pilots.set(list(pilots))
    return locked


def _step(actor: User, block: BuildingBlock, lock_version: int, verb: str, change: Callable):
    require(actor, MANAGE)
    with transaction.atomic():
        locked = _locked(block, lock_version)
        change(locked)
        locked.full_clean()
        set_reason(locked, f"blocks.block.{verb}")
        locked.save()
    return locked


def block_publish(*, actor: User, block: BuildingBlock, lock_version: int) -> BuildingBlock:
    """Show it in the public register, the API, search and the pickers of initiatives."""
    return _step(actor, block, lock_version, "published", publication(True))


def block_unpublish(*, actor: User, block: BuildingBlock, lock_version: int) -> BuildingBlock:
    return _step(actor, block, lock_version, "unpublished", publication(False))
