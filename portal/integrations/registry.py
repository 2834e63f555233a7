"""What the domains contribute to integrations: the scopes a client may hold, how a
client is bound (an organisation is the kernel's; a region is the roadmap's), and the
event types a subscriber may receive. Each domain registers its own from its
`registration` module; the kernel discovers them here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

StrOrPromise = str | Promise


@dataclass(frozen=True)
class Scope:
    name: str
    description: StrOrPromise


@dataclass(frozen=True)
class Binding:
    """A kind of thing a client's account is bound to besides its organisation (a region):
    `choices()` the queryset to choose from, `read(account)` what it is bound to now and
    `write(account, objects)` binds it to exactly these."""

    name: str
    label: StrOrPromise
    choices: Callable[[], Any]
    read: Callable[[Any], Iterable[Any]]
    write: Callable[[Any, list[Any]], None]


@dataclass(frozen=True)
class EventType:
    """A CloudEvents type (`nl.gis-portaal.<name>`): the audited verbs that raise it, on
    the models (`app.model`) whose change it is (one change saves several records under
    one verb; the event is raised once, by its own record)."""

    name: str
    verbs: tuple[str, ...]
    models: tuple[str, ...]
    description: str


SCOPES: dict[str, Scope] = {}
BINDINGS: dict[str, Binding] = {}
EVENT_TYPES: dict[str, EventType] = {}

EVENT_TYPE_PREFIX = "nl.gis-portaal."


def register_scope(name: str, description: StrOrPromise) -> None:
    SCOPES[name] = Scope(name, description)


def register_binding(binding: Binding) -> None:
    BINDINGS[binding.name] = binding


def register_event(
    name: str, *, verbs: Iterable[str], models: Iterable[str], description: str
) -> None:
    EVENT_TYPES[name] = EventType(name, tuple(verbs), tuple(models), description)


def event_for(verb: str, model_label: str) -> EventType | None:
    for event in EVENT_TYPES.values():
        if verb in event.verbs and model_label in event.models:
            return event
    return None


def scope_choices() -> list[tuple[str, StrOrPromise]]:
    return [(scope.name, scope.description) for scope in SCOPES.values()]


def event_choices() -> list[tuple[str, str]]:
    return [(name, f"{EVENT_TYPE_PREFIX}{name}") for name in EVENT_TYPES]
