"""Everything the register of commitments and motions contributes to the portal's shared
parts, in one place: content kind (search, follow, notifications, impact), the staff
to-do, the API collection and demo data. Called from `ParliamentConfig.ready()`."""

from __future__ import annotations


def register() -> None:
    from django.utils.translation import gettext_lazy

    from parliament import content
    from parliament.api import CommitmentViewSet, LegislationViewSet
    from portal.api.registry import router
    from portal.core.demo import register_loader
    from portal.core.todo import register_todo
    from portal.notifications.messages import register_verbs

    register_verbs(
        {
            "parliament.commitment.published": gettext_lazy("was published"),
            "parliament.commitment.started": gettext_lazy("is in progress"),
            "parliament.commitment.fulfilled": gettext_lazy("was fulfilled"),
            "parliament.commitment.reopened": gettext_lazy("was reopened"),
            "parliament.track.published": gettext_lazy("was published"),
            "parliament.track.planned": gettext_lazy("has a new planning of its procedure"),
            "parliament.step.recorded": gettext_lazy("took a step in its procedure"),
            "parliament.step.planned": gettext_lazy("has a new planned date in its procedure"),
        }
    )
    content.register()
    register_todo("parliament.selectors.staff_todo")
    register_loader("parliament", "parliament.demo.load", order=50)
    register_loader("legislation", "parliament.demo.load_tracks", order=55)
    router.register("commitments", CommitmentViewSet, basename="commitment")
    router.register("legislation", LegislationViewSet, basename="legislation")
