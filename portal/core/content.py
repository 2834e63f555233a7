"""The kinds of content people find, follow and link to, registered by the domains.

Each domain app declares its kinds in its own `content` module, called from its
`AppConfig.ready()` (`register_kind(Kind(...))`), the way django-simple-history's
registration lets `portal.audit.registry` discover audited models. The portal's wing
(search, follow and notifications, impact, dashboards) iterates this registry and names
no domain model.

Who may see which object is not written here: it is the model's own rule on its
queryset (`published()`, `visible_to(user)`; see `portal.core.visibility`), read through
the helpers below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.core import visibility


@dataclass(frozen=True)
class Document:
    """What the search index holds of one object: a title and plain-text body."""

    title: str
    body: str


@dataclass(frozen=True)
class Kind:
    key: str  # stable name in URLs and facets: "agreement"
    model_label: str  # "agreements.agreement"
    section: str  # the followable section it belongs to (a key of SECTIONS)
    title: Promise  # plural, for facets and headings
    # Search: the document of one object, and the queryset the rebuild reads (joins).
    search: Callable[[Any], Document] | None = None
    search_queryset: Callable[[models.QuerySet], models.QuerySet] = lambda qs: qs

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def manager(self) -> models.Manager:
        return self.model._default_manager

    def visible(self, user: Any) -> models.QuerySet:
        """The objects of this kind `user` may see: the model's own rule."""
        qs = self.manager.all()
        return qs.visible_to(user) if hasattr(qs, "visible_to") else qs

    def published(self) -> models.QuerySet:
        qs = self.manager.all()
        return qs.published() if hasattr(qs, "published") else qs

    def may_see_all(self, user: Any) -> bool:
        qs = self.manager.all()
        return qs.sees_all(user) if hasattr(qs, "sees_all") else True

    def has_private_rows(self) -> bool:
        rule = visibility.rule_of(self.model)
        return bool(rule and rule.has_private_rows())

    def is_public(self, obj: Any) -> bool:
        return visibility.is_public(obj)

    def is_visible(self, user: Any, obj: Any) -> bool:
        return visibility.may_see(user, obj)


@dataclass(frozen=True)
class Part:
    """A record whose change is a change of a followed or findable whole: a new version of
    an agreement, a phase change of an exchange. `paths` lead from the part to its wholes.
    `notifies` says whether a change of the part is news to followers at all; a part that
    is not public (an unreleased version) only reaches those who may see it."""

    model_label: str
    paths: tuple[str, ...]
    notifies: Callable[[Any], bool] = lambda part: True
    reindexes: bool = False  # its text is part of the whole's search document


# The sections a person can follow as a whole, in navigation order. Field choices of the
# notifications' subscriptions, hence fixed here rather than registered.
SECTIONS: dict[str, Promise] = {
    "agreements": _("Agreements"),
    "wegiz": _("Wegiz agenda"),
    "portfolio": _("Portfolio"),
    "pilots": _("Pilots"),
    "regions": _("Regions"),
    "consultations": _("Consultations"),
    "parliament": _("Parliament and law"),
}


@dataclass
class _Registry:
    kinds: dict[str, Kind] = field(default_factory=dict)
    by_label: dict[str, Kind] = field(default_factory=dict)
    parts: dict[str, Part] = field(default_factory=dict)


_registry = _Registry()


def register_kind(kind: Kind) -> Kind:
    if kind.section not in SECTIONS:
        raise ValueError(f"Kind {kind.key}: unknown section {kind.section!r}")
    existing = _registry.kinds.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Kind {kind.key} is registered twice")
    _registry.kinds[kind.key] = kind
    _registry.by_label[kind.model_label] = kind
    return kind


def register_part(part: Part) -> Part:
    _registry.parts[part.model_label] = part
    return part


def registered_kinds() -> Iterator[Kind]:
    """Every kind, in the order of SECTIONS, then of registration."""
    order = list(SECTIONS)
    yield from sorted(_registry.kinds.values(), key=lambda k: order.index(k.section))


def kinds_by_key() -> dict[str, Kind]:
    return {kind.key: kind for kind in registered_kinds()}


def kinds_by_label() -> dict[str, Kind]:
    return dict(_registry.by_label)


def kind_of(obj: Any) -> Kind | None:
    return _registry.by_label.get(obj._meta.label_lower)


def part_of(obj: Any) -> Part | None:
    return _registry.parts.get(obj._meta.label_lower)


def registered_parts() -> list[Part]:
    return list(_registry.parts.values())
