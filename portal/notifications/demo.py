"""Demo: the ICT vendor follows the catalogue and the consultations, with two notices."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from portal.notifications.models import Notification
from portal.notifications.services import follow, notify

FOLLOWER = "leverancier@demo.gis-portaal.example.org"


def load(out: Callable[[str], None]) -> None:
    from agreements.models import Release
    from portal.consultations.models import Consultation

    user = get_user_model().objects.filter(email=FOLLOWER).first()
    if user is None:
        return
    for section in ("agreements", "consultations"):
        follow(actor=user, section=section)
    if Notification.objects.filter(user=user).exists():
        return  # loaded before: keep what is there
    release = Release.objects.filter(status="published").order_by("-published_on").first()
    if release:
        notify(release, verb="agreements.release.published", change_type="~")
    consultation = Consultation.objects.exclude(status="draft").order_by("-opens_at").first()
    if consultation:
        notify(consultation, verb="consultations.consultation.opened", change_type="~")
    out(f"  notifications: {Notification.objects.filter(user=user).count()} for {FOLLOWER}")
