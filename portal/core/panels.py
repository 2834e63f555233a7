"""Sections a domain adds to another domain's page without either importing the other:
the order in council that designates an exchange (on the exchange's page), the legislative
track a consultation is about (on the consultation's page).

A domain registers `f(obj, user) -> Panel | None` for a model label in its registration
module; the page shows `{% object_panels obj as panels %}` (portal_tags) after its own
sections. Each function reads through the visibility rules, as every other page does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass
class Panel:
    key: str  # the id of its heading
    title: str
    template: str  # rendered with `rows`
    rows: list[Any]


PANELS: dict[str, list[str]] = {}


def register_panel(model_label: str, path: str) -> None:
    paths = PANELS.setdefault(model_label.lower(), [])
    if path not in paths:
        paths.append(path)


def panels_for(obj: Any, user: Any) -> list[Panel]:
    paths = PANELS.get(obj._meta.label_lower, [])
    panels = (import_string(path)(obj, user) for path in paths)
    return [panel for panel in panels if panel is not None]
