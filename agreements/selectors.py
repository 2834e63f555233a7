"""Reads for the catalogue pages and API, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from agreements.models import (
    Agreement,
    AgreementVersion,
    Harmonisation,
    Release,
    ReleaseItem,
)
from portal.core.diff import DiffLine, line_diff


@dataclass
class AgreementView:
    agreement: Agreement
    shown_version: AgreementVersion | None
    versions: list[AgreementVersion]
    releases: list[ReleaseItem]
    harmonisations: list[Harmonisation]
    as_of: dt.date | None


def agreement_for(code: str, user: Any) -> Agreement | None:
    return (
        Agreement.objects.visible_to(user)
        .select_related("system")
        .prefetch_related("standards__maintainer")
        .filter(code=code)
        .first()
    )


def agreement_view(agreement: Agreement, user: Any, as_of: dt.date | None) -> AgreementView:
    versions = list(agreement.versions.visible_to(user).order_by("-number"))
    if as_of:
        shown = next(
            (
                v
                for v in versions
                if v.effective_from
                and v.effective_from <= as_of
                and (v.effective_until is None or v.effective_until > as_of)
            ),
            None,
        )
    else:
        shown = next((v for v in versions if v.is_current), None)
        if shown is None and versions and versions[0].effective_from is None:
            # Staff (the only ones who see unreleased versions) read the draft wording of
            # an agreement that has none in force yet.
            shown = versions[0]
    releases = list(
        ReleaseItem.objects.filter(version__agreement=agreement)
        .filter(release__in=Release.objects.visible_to(user))
        .select_related("release", "version")
        .order_by("-release__published_on", "-release__number")
    )
    harmonisations = list(
        agreement.harmonisations.select_related("system").order_by("system__name")
    )
    return AgreementView(agreement, shown, versions, releases, harmonisations, as_of)


def release_for(number: str, user: Any) -> Release | None:
    items = ReleaseItem.objects.select_related("version__agreement").order_by(
        "version__agreement__code"
    )
    return (
        Release.objects.visible_to(user)
        .prefetch_related(Prefetch("items", queryset=items), "reviews__reviewer")
        .filter(number=number)
        .first()
    )


def grouped_items(release: Release) -> dict[str, list[ReleaseItem]]:
    groups: dict[str, list[ReleaseItem]] = {t: [] for t in ReleaseItem.ChangeType.values}
    prefetched = "items" in getattr(release, "_prefetched_objects_cache", {})
    items = (
        release.items.all() if prefetched else release.items.select_related("version__agreement")
    )
    for item in sorted(items, key=lambda i: i.version.agreement.code):
        groups[item.change_type].append(item)
    return groups


@dataclass
class ReviewItem:
    """What the board reads of one item: the text it brings, and how it differs from the
    version in force now."""

    item: ReleaseItem
    in_force: AgreementVersion | None
    diff: list[DiffLine]


def review_items(release: Release) -> list[ReviewItem]:
    """The release's items with their text and the change against the version in force
    (three queries, whatever the number of items)."""
    items = list(
        release.items.select_related("version__agreement").order_by(
            "change_type", "version__agreement__code"
        )
    )
    in_force = {
        v.agreement_id: v
        for v in AgreementVersion.objects.filter(
            agreement__in=[i.version.agreement_id for i in items], is_current=True
        )
    }
    rows = []
    for item in items:
        current = in_force.get(item.version.agreement_id)
        if current is not None and current.pk == item.version_id:
            current = None  # withdrawing the version in force: nothing to compare
        rows.append(
            ReviewItem(item, current, line_diff(current.text, item.version.text) if current else [])
        )
    return rows


@dataclass
class CatalogueDiff:
    added: list[AgreementVersion]
    removed: list[AgreementVersion]
    changed: list[tuple[AgreementVersion, AgreementVersion]]


def catalogue_on(day: dt.date) -> dict[int, AgreementVersion]:
    return {
        v.agreement_id: v
        for v in AgreementVersion.objects.in_force_on(day).select_related("agreement")
    }


def compare_releases(a: Release, b: Release) -> CatalogueDiff:
    """What changed in the catalogue between the publication of two releases."""
    if a.published_on is None or b.published_on is None:
        raise ValueError("only published releases can be compared")
    first, second = sorted([(a.published_on, a), (b.published_on, b)], key=lambda p: p[0])
    before, after = catalogue_on(first[0]), catalogue_on(second[0])
    added = [v for k, v in after.items() if k not in before]
    removed = [v for k, v in before.items() if k not in after]
    changed = [(before[k], v) for k, v in after.items() if k in before and before[k].pk != v.pk]
    key = lambda v: v.agreement.code  # noqa: E731
    return CatalogueDiff(
        sorted(added, key=key), sorted(removed, key=key), sorted(changed, key=lambda p: key(p[1]))
    )


def releasable_versions(release: Release | None = None) -> dict[str, Any]:
    """Versions `release` may carry, per kind of change: not those another release that is
    not published yet carries already (a version is in one open release at most)."""
    taken = set(
        ReleaseItem.objects.filter(is_open=True)
        .exclude(release=release)
        .values_list("version_id", flat=True)
    )
    latest_unreleased = (
        AgreementVersion.objects.filter(effective_from__isnull=True)
        .select_related("agreement")
        .order_by("agreement__code", "-number")
    )
    added, changed, seen = [], [], set()
    for version in latest_unreleased:
        if version.agreement_id in seen:
            continue
        seen.add(version.agreement_id)
        if version.pk in taken:
            continue
        if version.agreement.status == Agreement.Status.DRAFT:
            added.append(version)
        elif version.agreement.status == Agreement.Status.ADOPTED:
            changed.append(version)
    withdrawable = (
        AgreementVersion.objects.filter(is_current=True, agreement__status=Agreement.Status.ADOPTED)
        .exclude(pk__in=taken)
        .select_related("agreement")
        .order_by("agreement__code")
    )
    return {"added": added, "changed": changed, "withdrawn": list(withdrawable)}


def staff_todo(user: Any, today: dt.date) -> dict[str, Any]:
    """What needs this person's attention in the catalogue."""
    todo: dict[str, Any] = {}
    if user.has_perm("agreements.manage"):
        todo["reassessments"] = list(
            Agreement.objects.filter(
                is_temporary=True, reassessment_date__lte=today + dt.timedelta(days=60)
            )
            .exclude(status=Agreement.Status.WITHDRAWN)
            .order_by("reassessment_date")[:20]
        )
        todo["approved_releases"] = list(Release.objects.filter(status=Release.Status.APPROVED))
        todo["returned_releases"] = list(Release.objects.filter(status=Release.Status.RETURNED))
    if user.has_perm("agreements.review_release"):
        todo["releases_to_review"] = list(Release.objects.filter(status=Release.Status.IN_REVIEW))
    return todo
