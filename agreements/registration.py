"""Everything the catalogue contributes to the portal's shared parts, in one place.

Called from `AgreementsConfig.ready()`: content kinds (search, follow, notifications),
impact subjects and groups, public charts, the staff to-do, API collections and demo data.
"""

from __future__ import annotations


def register() -> None:
    from django.utils.translation import gettext_lazy

    from portal.notifications.messages import register_verbs

    register_verbs(
        {
            "agreements.agreement.withdrawn": gettext_lazy("was withdrawn"),
            "agreements.agreement.version_added": gettext_lazy("has a new version"),
            "agreements.agreement.released": gettext_lazy("was taken up in a release"),
            "agreements.release.submitted": gettext_lazy("was submitted for review"),
            "agreements.release.approved": gettext_lazy("was approved by the architecture board"),
            "agreements.release.returned": gettext_lazy("was sent back by the architecture board"),
            "agreements.release.published": gettext_lazy("was published"),
            "agreements.release.took_effect": gettext_lazy("came into force"),
            "agreements.agreement.reassessed": gettext_lazy("was re-assessed"),
            "agreements.review.recorded": gettext_lazy("was reviewed by the architecture board"),
        }
    )
    from agreements import charts, content, impact
    from portal.api.registry import register_collection
    from portal.core.demo import register_loader
    from portal.core.todo import register_todo
    from portal.integrations.registry import register_event, register_scope

    register_scope("compliance:write", gettext_lazy("Record and correct validation results (NTV)"))
    register_event(
        "release.published",
        verbs=["agreements.release.published"],
        models=["agreements.release"],
        description="A release of the agreement system was published.",
    )
    register_event(
        "release.took-effect",
        verbs=["agreements.release.took_effect"],
        models=["agreements.release"],
        description="A published release came into force.",
    )
    register_event(
        "agreement-version.in-force",
        verbs=["agreements.version.took_effect"],
        models=["agreements.agreementversion"],
        description="A new version of an agreement is in force (subject: the agreement).",
    )
    register_event(
        "agreement.withdrawn",
        verbs=["agreements.agreement.withdrawn"],
        models=["agreements.agreement"],
        description="An agreement was withdrawn.",
    )
    content.register()
    impact.register()
    charts.register()
    register_todo("agreements.selectors.staff_todo")
    register_loader("agreements", "agreements.demo.load", order=10)
    register_collection("agreements", "agreements.api.views.AgreementViewSet", basename="agreement")
    register_collection("releases", "agreements.api.views.ReleaseViewSet", basename="release")
    register_collection("standards", "agreements.api.views.StandardViewSet", basename="standard")
    register_collection(
        "compliance-records",
        "agreements.api.records.ComplianceRecordViewSet",
        basename="compliance-record",
    )
    register_collection(
        "harmonisations", "agreements.api.records.HarmonisationViewSet", basename="harmonisation"
    )
