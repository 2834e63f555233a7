"""What every service shares: the permission check that opens each one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from portal.core.exceptions import WorkflowError

if TYPE_CHECKING:
    from portal.accounts.models import User


def require(actor: User, perm: str, obj: Any = None) -> None:
    """Refuse unless `actor` holds `perm` (on `obj`, for object rules). The first line of
    every service, so that pages, API, admin actions and commands are checked alike."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def set_reason(obj: Any, verb: str) -> None:
    """Name the change that the next save (or delete) of `obj` records in its history: a
    dotted verb such as `agreements.release.published`, shown in the activity and history
    pages and used for notifications. django-simple-history reads `_change_reason`."""
    obj._change_reason = verb


def known_fields(fields: Mapping[str, Any], spec: type) -> dict[str, Any]:
    """The editable fields a service was given, checked against their TypedDict `spec`.

    Services take their editable fields as `**fields: Unpack[Spec]`, so mypy checks the
    names and types at every typed call site; this refuses, at run time, a name the spec
    does not have (a misspelt keyword used to be dropped without a word)."""
    unknown = set(fields) - set(spec.__annotations__)
    if unknown:
        raise TypeError(f"unknown fields for {spec.__name__}: {', '.join(sorted(unknown))}")
    return dict(fields)


def publication(value: bool, flag: str = "is_published") -> Callable[[Any], None]:
    """The change of a publication step: publish (`value` True) or withdraw a record,
    refused when it is public already, or not public. Services run it on the row they
    locked, under their own verb (`….published`, `….unpublished`)."""

    def change(record: Any) -> None:
        if getattr(record, flag) == value:
            raise WorkflowError(
                _("This item is public already.") if value else _("This item is not public.")
            )
        setattr(record, flag, value)

    return change
