"""Reads of the building blocks register."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from roadmap.blocks.forms import SORTS
from roadmap.models import BuildingBlock


def register(
    user: Any, *, q: str = "", status: str = "", function: str = "", sort: str = "name"
) -> QuerySet[BuildingBlock]:
    """The register as `user` may see it, filtered and sorted, with how many regional
    initiatives (all public) reuse each block."""
    qs = BuildingBlock.objects.visible_to(user)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(summary__icontains=q) | Q(owner__icontains=q))
    if status in BuildingBlock.Status.values:
        qs = qs.filter(status=status)
    if function:
        qs = qs.filter(generic_function=function)
    return qs.annotate(n_initiatives=Count("initiatives", distinct=True)).order_by(
        *SORTS.get(sort, SORTS["name"])
    )
