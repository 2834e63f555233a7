"""The kinds of content people find, follow and link to, and who may see which.

One place says, per kind, which objects are public and which permission shows the
rest. Search, follow and notifications, the impact view and the dashboards read it,
so a rule is written once and none of them can drift from the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str  # stable name in URLs and facets: "agreement"
    model_label: str  # "agreements.agreement"
    section: str  # the followable section it belongs to
    title: Promise  # plural, for facets and headings
    public_q: Q | None = None  # what everyone may see; None: everything
    public: Callable[[Any], bool] = lambda obj: True  # the same rule, for one loaded object
    staff_perm: str = ""  # the permission that shows the rest

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def visible_q(self, user: Any) -> Q:
        """The objects of this kind `user` may see, as a filter."""
        if self.public_q is None or self.may_see_all(user):
            return Q()
        return self.public_q

    def may_see_all(self, user: Any) -> bool:
        if self.public_q is None:
            return True
        return bool(user and user.is_authenticated and user.has_perm(self.staff_perm))

    def is_visible(self, user: Any, obj: Any) -> bool:
        return self.public(obj) or self.may_see_all(user)


def _status_is_not(value: str) -> Callable[[Any], bool]:
    return lambda obj: obj.status != value


KINDS: tuple[Kind, ...] = (
    Kind(
        "agreement",
        "agreements.agreement",
        "agreements",
        _("Agreements"),
        public_q=~Q(status="draft"),
        public=_status_is_not("draft"),
        staff_perm="agreements.view_drafts",
    ),
    Kind(
        "release",
        "agreements.release",
        "agreements",
        _("Releases"),
        public_q=Q(status="published"),
        public=lambda obj: obj.status == "published",
        staff_perm="agreements.view_drafts",
    ),
    Kind("exchange", "roadmap.exchange", "wegiz", _("Exchanges")),
    Kind("programme", "roadmap.programme", "portfolio", _("Programmes")),
    Kind(
        "tranche",
        "roadmap.tranche",
        "portfolio",
        _("Tranches"),
        public_q=Q(is_published=True),
        public=lambda obj: obj.is_published,
        staff_perm="portfolio.view_internal",
    ),
    Kind(
        "milestone",
        "roadmap.milestone",
        "portfolio",
        _("Milestones"),
        public_q=Q(is_public=True),
        public=lambda obj: obj.is_public,
        staff_perm="portfolio.view_internal",
    ),
    Kind(
        "pilot",
        "roadmap.pilot",
        "pilots",
        _("Pilots"),
        public_q=Q(is_published=True),
        public=lambda obj: obj.is_published,
        staff_perm="portfolio.view_internal",
    ),
    Kind("initiative", "roadmap.initiative", "regions", _("Regional initiatives")),
    Kind(
        "consultation",
        "consultations.consultation",
        "consultations",
        _("Consultations"),
        public_q=~Q(status="draft"),
        public=_status_is_not("draft"),
        staff_perm="consultations.view_all",
    ),
)

# The sections a person can follow as a whole, in navigation order.
SECTIONS: dict[str, Promise] = {
    "agreements": _("Agreements"),
    "wegiz": _("Wegiz agenda"),
    "portfolio": _("Portfolio"),
    "pilots": _("Pilots"),
    "regions": _("Regions"),
    "consultations": _("Consultations"),
}


@cache
def kinds_by_key() -> dict[str, Kind]:
    return {kind.key: kind for kind in KINDS}


@cache
def kinds_by_label() -> dict[str, Kind]:
    return {kind.model_label: kind for kind in KINDS}


def kind_of(obj: Any) -> Kind | None:
    return kinds_by_label().get(obj._meta.label_lower)
