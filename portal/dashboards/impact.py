"""What depends on an object across the site: "if this slips or changes, what is affected?".

The wing knows no domain. A domain registers the *subjects* whose impact can be asked
(`register_subject`: the agreement, the exchange…) and any domain adds *groups* of what
depends on a subject (`register_group`: the exchanges that build on an agreement, the
consultations held on it…), each from its `AppConfig.ready()`. Every group is one query
and reads through the model's own visibility rule (`visible_to(user)`), so drafts,
unpublished tranches and pilots and internal milestones stay hidden from those who may
not see them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass
class Item:
    label: str
    url: str
    note: str = ""


@dataclass
class Group:
    key: str
    title: Promise
    explanation: Promise
    items: list[Item] = field(default_factory=list)


@dataclass
class Impact:
    subject: Any
    subject_label: str
    subject_url: str
    groups: list[Group]
    maintainer: str = ""  # for subjects kept elsewhere (a standard): who keeps it
    external_url: str = ""  # …and where

    @property
    def total(self) -> int:
        return sum(len(g.items) for g in self.groups)


@dataclass(frozen=True)
class Subject:
    key: str  # "agreement"
    find: Callable[[Any, str], Any]  # (user, value from the URL) → the visible object or None
    label: Callable[[Any], str]
    url: Callable[[Any], str]
    maintainer: Callable[[Any], str] = lambda obj: ""
    external_url: Callable[[Any], str] = lambda obj: ""


@dataclass(frozen=True)
class GroupSpec:
    subject: str
    key: str
    title: Promise
    explanation: Promise
    items: Callable[[Any, Any], list[Item]]  # (subject object, user) → items
    order: int = 100


_SUBJECTS: dict[str, Subject] = {}
_GROUPS: dict[tuple[str, str], GroupSpec] = {}


def register_subject(subject: Subject) -> None:
    _SUBJECTS[subject.key] = subject


def register_group(spec: GroupSpec) -> None:
    _GROUPS[(spec.subject, spec.key)] = spec


def subject(key: str) -> Subject | None:
    return _SUBJECTS.get(key)


def groups_of(key: str) -> list[GroupSpec]:
    return sorted((g for (s, _k), g in _GROUPS.items() if s == key), key=lambda g: (g.order, g.key))


def build(key: str, obj: Any, user: Any) -> Impact:
    spec = _SUBJECTS[key]
    return Impact(
        obj,
        spec.label(obj),
        spec.url(obj),
        [Group(g.key, g.title, g.explanation, g.items(obj, user)) for g in groups_of(key)],
        maintainer=spec.maintainer(obj),
        external_url=spec.external_url(obj),
    )


def items(qs: QuerySet | list, note: Callable[[Any], str] | None = None) -> list[Item]:
    """One item per object, linking its page; `note` adds a short remark."""
    return [Item(str(o), o.get_absolute_url(), note(o) if note else "") for o in qs]
