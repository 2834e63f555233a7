"""Demo: the ICT vendor follows the catalogue and the consultations, with two notices."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from portal.core.content import kinds_by_key
from portal.notifications.models import Notification
from portal.notifications.services import follow, notify

FOLLOWER = "leverancier@demo.gis-portaal.example.org"


def load(out: Callable[[str], None]) -> None:
    user = get_user_model().objects.filter(email=FOLLOWER).first()
    if user is None:
        return
    for section in ("agreements", "consultations"):
        follow(actor=user, section=section)
    if Notification.objects.filter(user=user).exists():
        return  # loaded before: keep what is there
    # The newest public release and consultation, as if they had just been published.
    kinds = kinds_by_key()
    for key, verb in (
        ("release", "agreements.release.published"),
        ("consultation", "consultations.consultation.opened"),
    ):
        newest = kinds[key].published().order_by("-pk").first() if key in kinds else None
        if newest is not None:
            notify(newest, verb=verb, change_type="~")
    out(f"  notifications: {Notification.objects.filter(user=user).count()} for {FOLLOWER}")
