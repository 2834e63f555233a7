"""What every service shares: the permission check that opens each one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

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
