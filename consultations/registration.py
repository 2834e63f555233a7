"""Everything consultations contribute to the portal's shared parts, in one place.

Called from `ConsultationsConfig.ready()`: the content kind (search, follow,
notifications), impact groups, the public chart, the staff to-do, the API collection and
demo data.
"""

from __future__ import annotations


def register() -> None:
    from django.utils.translation import gettext_lazy

    from portal.notifications.messages import register_verbs

    register_verbs(
        {
            "consultations.consultation.scheduled": gettext_lazy("was scheduled"),
            "consultations.consultation.opened": gettext_lazy("is open for comments"),
            "consultations.version.published": gettext_lazy("has a new draft version"),
            "consultations.document.added": gettext_lazy("has a new document to download"),
            "consultations.session.created": gettext_lazy("has a new session with the field"),
            "consultations.session.changed": gettext_lazy("has a session with new details"),
            "consultations.report.published": gettext_lazy("has its report published"),
            "consultations.report.answered": gettext_lazy(
                "has its report published, with the answer to your comment"
            ),
        }
    )
    from consultations import charts, content, impact
    from portal.api.registry import register_collection
    from portal.core.demo import register_loader
    from portal.core.todo import register_todo
    from portal.integrations.registry import register_event

    register_event(
        "consultation.opened",
        verbs=["consultations.consultation.opened"],
        models=["consultations.consultation"],
        description="A consultation opened for comments.",
    )
    register_event(
        "consultation.report-published",
        verbs=["consultations.report.published"],
        models=["consultations.consultation"],
        description="The report of a consultation, with the answers to comments, was published.",
    )
    content.register()
    impact.register()
    charts.register()
    register_todo("consultations.selectors.staff_todo")
    from portal.core.personal_data import register_export

    register_export("consultations.selectors.personal_data")
    register_loader("consultations", "consultations.demo.load", order=50)
    register_collection(
        "consultations", "consultations.api.ConsultationViewSet", basename="consultation"
    )
