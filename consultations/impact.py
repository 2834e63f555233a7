"""What consultations contribute to the impact view."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation
from portal.dashboards.impact import GroupSpec, items, register_group


def register() -> None:
    register_group(
        GroupSpec(
            "agreement",
            "consultations",
            _("Consultations"),
            _("Consultations held on it."),
            lambda agreement, user: items(
                Consultation.objects.filter(agreement=agreement)
                .visible_to(user)
                .order_by("-opens_at")
            ),
            order=60,
        )
    )
