"""What the portal holds about a person, across the domains: for the person's own
download and for closing their account.

Each domain registers, from its registration module, a function `(user) -> dict` with its
part of the person's data (`register_export`) and, where it keeps personal records that go
when an account closes, a function `(user) -> None` (`register_forget`). Published
contributions (comments, proposals) are not forgotten: they stay under the organisation
they were written for, or as a private person's. This module names no domain.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string

_EXPORTS: list[str] = []
_FORGETS: list[str] = []


def register_export(dotted_path: str) -> None:
    if dotted_path not in _EXPORTS:
        _EXPORTS.append(dotted_path)


def register_forget(dotted_path: str) -> None:
    if dotted_path not in _FORGETS:
        _FORGETS.append(dotted_path)


def export(user: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path in _EXPORTS:
        data.update(import_string(path)(user))
    return data


def forget(user: Any) -> None:
    for path in _FORGETS:
        import_string(path)(user)
