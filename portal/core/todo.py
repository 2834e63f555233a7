"""The staff home: what waits for this person, across the portal (one query per list).

Each domain registers a function `(user, today) -> dict` of its own lists (keys the home
template knows) from its `AppConfig.ready()`; this module merges them and names no domain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.module_loading import import_string

LIMIT = 20
REPORTS_SHOWN = 5

_SOURCES: list[str] = []


def register_todo(dotted_path: str) -> None:
    if dotted_path not in _SOURCES:
        _SOURCES.append(dotted_path)


def todo_for(user: Any, today: dt.date) -> dict[str, Any]:
    todo: dict[str, Any] = {}
    for path in _SOURCES:
        todo.update(import_string(path)(user, today))
    return {k: v for k, v in todo.items() if v is not None}
