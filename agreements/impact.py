"""What the catalogue contributes to the impact view: its subjects and its groups."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Release, Standard
from portal.dashboards.impact import GroupSpec, Subject, items, register_group, register_subject


def _releases_of(agreement: Agreement, user: Any):
    return items(
        Release.objects.filter(items__version__agreement=agreement)
        .distinct()
        .visible_to(user)
        .order_by("-number")
    )


def agreements_citing(standard: Standard, user: Any):
    """The agreements `user` may see that refer to `standard` (a queryset)."""
    return Agreement.objects.filter(standards=standard).visible_to(user)


def register() -> None:
    register_subject(
        Subject(
            "agreement",
            find=lambda user, code: Agreement.objects.visible_to(user).filter(code=code).first(),
            label=lambda a: f"{a.code} {a.title}",
            url=lambda a: a.get_absolute_url(),
        )
    )
    register_subject(
        Subject(
            "standard",
            find=lambda user, code: (
                Standard.objects.select_related("maintainer").filter(code=code).first()
            ),
            label=lambda s: s.name,
            url=lambda s: reverse("dashboards:impact-standard", args=[s.code]),
            maintainer=lambda s: str(s.maintainer) if s.maintainer else "",
            external_url=lambda s: s.url or "",
        )
    )
    register_group(
        GroupSpec(
            "agreement",
            "releases",
            _("Releases"),
            _("Releases of the agreement system that contain a version of it."),
            _releases_of,
            order=70,
        )
    )
    register_group(
        GroupSpec(
            "standard",
            "agreements",
            _("Agreements that refer to it"),
            _("A new version of the standard may mean a new version of these."),
            lambda standard, user: items(agreements_citing(standard, user).order_by("code")),
            order=10,
        )
    )
