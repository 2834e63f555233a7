"""Everything the register of commitments and motions, the legislative tracks and the
advisory reports contribute to the portal's shared parts, in one place: content kinds
(search, follow, notifications, impact), the staff to-do, the portfolio meeting pack, the
API collections and demo data. Called from `ParliamentConfig.ready()`."""

from __future__ import annotations


def register() -> None:
    from django.utils.translation import gettext_lazy

    from parliament import content
    from portal.api.registry import register_collection
    from portal.core.demo import register_loader
    from portal.core.panels import register_panel
    from portal.core.todo import register_todo
    from portal.notifications.messages import register_verbs
    from roadmap.extensions import register_meeting_section

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
            "parliament.advice.published": gettext_lazy("was published"),
            "parliament.adviceitem.created": gettext_lazy("has a new conclusion or recommendation"),
            "parliament.adviceitem.disposed": gettext_lazy("has a new disposition by the ministry"),
            "parliament.adviceitem.started": gettext_lazy("has follow-up in progress"),
            "parliament.adviceitem.completed": gettext_lazy("has follow-up done"),
            "parliament.adviceitem.reopened": gettext_lazy("has follow-up reopened"),
        }
    )
    content.register()
    register_todo("parliament.selectors.staff_todo")
    register_loader("parliament", "parliament.demo.load", order=50)
    register_loader("legislation", "parliament.demo.load_tracks", order=55)
    register_loader("advice", "parliament.demo.load_advice", order=56)
    register_meeting_section("parliament.selectors.meeting_commitments")
    register_meeting_section("parliament.selectors.meeting_follow_ups")
    register_panel("roadmap.exchange", "parliament.selectors.exchange_orders")
    register_panel("consultations.consultation", "parliament.selectors.consultation_tracks")
    register_collection("commitments", "parliament.api.CommitmentViewSet", basename="commitment")
    register_collection("legislation", "parliament.api.LegislationViewSet", basename="legislation")
    register_collection(
        "advisory-reports", "parliament.api.AdvisoryReportViewSet", basename="advisory-report"
    )
    register_collection(
        "recommendations", "parliament.api.RecommendationViewSet", basename="recommendation"
    )
