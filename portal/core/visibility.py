"""Who may see which rows: the one rule per model, kept on its queryset.

A model with non-public states gives its manager a `VisibleQuerySet` subclass that says
two things: `public_q(prefix)`, the rows everyone may see (written once, composable
across relations so that a part can say "public when its whole is"), and `see_all_perm`,
the permission that shows the rest. Everything else is derived here:

- `Model.objects.published()`: what anonymous visitors, feeds, the API, exports,
  dashboards and search facets show;
- `Model.objects.visible_to(user)`: what one person sees on pages (the published rows,
  or all of them for those holding `see_all_perm`; a subclass may widen it, e.g. a
  region's coordinators see its drafts);
- `is_public(obj)`: the same rule for one loaded object (one query), for search
  indexing and notifications.

Pages, API viewsets, feeds, exports, search, dashboards, impact and notifications read
through these and never spell a status or flag themselves.
"""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.db.models import Q


def prefixed(prefix: str, **lookups: Any) -> Q:
    """`Q(**lookups)` with each lookup reached through the relation path `prefix`."""
    return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})


def holds(user: Any, perm: str) -> bool:
    return bool(perm and user is not None and user.is_authenticated and user.has_perm(perm))


class VisibleQuerySet(models.QuerySet):
    """Base of every queryset whose model has rows not everyone may see."""

    see_all_perm: str = ""

    @classmethod
    def public_q(cls, prefix: str = "") -> Q:
        """The rows everyone may see, with lookups reached through `prefix`."""
        return Q()

    @classmethod
    def has_private_rows(cls) -> bool:
        return cls.public_q() != Q()

    def published(self) -> Self:
        return self.filter(self.public_q())

    def sees_all(self, user: Any) -> bool:
        return not self.has_private_rows() or holds(user, self.see_all_perm)

    def visible_to(self, user: Any) -> Self:
        return self if self.sees_all(user) else self.published()


def rule_of(model: type[models.Model]) -> type[VisibleQuerySet] | None:
    """The visibility queryset class of `model`, or None when every row is public."""
    qs_class = type(model._default_manager.get_queryset())
    return qs_class if issubclass(qs_class, VisibleQuerySet) else None


def _rows_of(obj: models.Model) -> VisibleQuerySet | None:
    qs = type(obj)._default_manager.all()
    return qs if isinstance(qs, VisibleQuerySet) else None


def is_public(obj: models.Model) -> bool:
    """Whether everyone may see `obj`, by its model's one rule."""
    rows = _rows_of(obj)
    if rows is None or not rows.has_private_rows():
        return True
    if obj.pk is None:
        return False
    return rows.published().filter(pk=obj.pk).exists()


def may_see(user: Any, obj: models.Model) -> bool:
    """Whether `user` may see `obj`, by its model's one rule."""
    rows = _rows_of(obj)
    if rows is None or rows.sees_all(user):
        return True
    return rows.visible_to(user).filter(pk=obj.pk).exists()
