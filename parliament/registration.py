"""Everything the register of commitments and motions contributes to the portal's shared
parts, in one place: content kind (search, follow, notifications, impact), the staff
to-do, the API collection and demo data. Called from `ParliamentConfig.ready()`."""

from __future__ import annotations


def register() -> None:
    from django.utils.translation import gettext_lazy

    from parliament import content
    from parliament.api import CommitmentViewSet
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
        }
    )
    content.register()
    register_todo("parliament.selectors.staff_todo")
    register_loader("parliament", "parliament.demo.load", order=50)
    router.register("commitments", CommitmentViewSet, basename="commitment")
