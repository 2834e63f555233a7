"""Everything the roadmap contributes to the portal's shared parts, in one place.

Called from `RoadmapConfig.ready()`: content kinds (search, follow, notifications),
impact subjects and groups, public charts, the staff to-do, API collections and demo data.
"""

from __future__ import annotations


def register() -> None:
    from django.utils.translation import gettext_lazy

    from portal.notifications.messages import register_verbs

    register_verbs(
        {
            "wegiz.phase.moved": gettext_lazy("moved to another phase"),
            "wegiz.phase.recorded": gettext_lazy("moved to another phase"),
            "wegiz.phase.planned": gettext_lazy("has a new planned phase"),
            "wegiz.phase.corrected": gettext_lazy("had its phase history corrected"),
            "wegiz.study.added": gettext_lazy("has a new study"),
            "regions.report.submitted": gettext_lazy("has a new progress report"),
            "regions.review.recorded": gettext_lazy("has a new CDS alignment review"),
            "regions.review.responded": gettext_lazy("has a response to its CDS alignment review"),
            "regions.report.due": gettext_lazy("has a progress report due within a week"),
            "regions.report.overdue": gettext_lazy("has a progress report that is overdue"),
            "funding.application.submitted": gettext_lazy("was submitted and awaits assessment"),
            "funding.application.granted": gettext_lazy("was granted"),
            "funding.application.conditional": gettext_lazy("was granted with conditions"),
            "funding.application.refused": gettext_lazy("was refused"),
            "wegiz.proposal.accepted": gettext_lazy("was accepted onto the Wegiz agenda"),
            "wegiz.proposal.declined": gettext_lazy("was declined"),
            "portfolio.tranche.published": gettext_lazy("was published"),
            "portfolio.tranche.unpublished": gettext_lazy("is no longer public"),
            "portfolio.pilot.published": gettext_lazy("was published"),
            "portfolio.decision.published": gettext_lazy("was published"),
            "portfolio.milestone.published": gettext_lazy("was published"),
            "portfolio.deliverable.rescheduled": gettext_lazy("has a new due date"),
            "portfolio.milestone.rescheduled": gettext_lazy("moved to a new date"),
            "blocks.block.published": gettext_lazy("was published"),
            "blocks.block.status": gettext_lazy("has a new status"),
            "funding.scheme.budget_changed": gettext_lazy("has a new budget ceiling"),
            "funding.call.created": gettext_lazy("has a new call for applications"),
            "funding.call.changed": gettext_lazy("has a call for applications with new dates"),
            "adoption.figure.recorded": gettext_lazy("has a new adoption figure"),
            "adoption.figure.corrected": gettext_lazy("had an adoption figure corrected"),
            "adoption.target.set": gettext_lazy("has a new adoption target"),
            "adoption.target.changed": gettext_lazy("has a changed adoption target"),
        }
    )
    from portal.api.registry import register_collection
    from portal.core.demo import register_loader
    from portal.core.panels import register_panel
    from portal.core.todo import register_todo
    from portal.integrations.registry import (
        Binding,
        register_binding,
        register_event,
        register_scope,
    )
    from roadmap import charts, content, impact
    from roadmap.models import Region
    from roadmap.regions.services import bind_regions, bound_regions

    register_scope(
        "regions:write",
        gettext_lazy("Write the progress reports and facts of its region's initiatives"),
    )
    register_scope("adoption:write", gettext_lazy("Record and correct adoption figures"))
    register_binding(
        Binding(
            name="regions",
            label=gettext_lazy("regions"),
            choices=lambda: Region.objects.order_by("name"),
            read=bound_regions,
            write=bind_regions,
        )
    )
    for name, verbs, model, description in [
        (
            "exchange.phase-changed",
            ["wegiz.phase.moved"],
            "roadmap.exchange",
            "A Wegiz data exchange moved to another phase.",
        ),
        (
            "tranche.published",
            ["portfolio.tranche.published"],
            "roadmap.tranche",
            "A tranche was published.",
        ),
        (
            "pilot.published",
            ["portfolio.pilot.published"],
            "roadmap.pilot",
            "A pilot was published.",
        ),
        (
            "decision.published",
            ["portfolio.decision.published"],
            "roadmap.decision",
            "A portfolio decision was published.",
        ),
        (
            "building-block.published",
            ["blocks.block.published"],
            "roadmap.buildingblock",
            "A national building block was published.",
        ),
        (
            "funding.decided",
            [
                "funding.application.granted",
                "funding.application.conditional",
                "funding.application.refused",
            ],
            "roadmap.fundingapplication",
            "A funding application was decided (granted, granted with conditions or refused).",
        ),
    ]:
        register_event(name, verbs=verbs, models=[model], description=description)
    content.register()
    impact.register()
    charts.register()
    register_todo("roadmap.regions.selectors.staff_todo")
    register_todo("roadmap.portfolio.selectors.staff_todo")
    register_todo("roadmap.wegiz.selectors.staff_todo")
    from portal.core.personal_data import register_export

    register_export("roadmap.wegiz.selectors.personal_data")
    register_loader("provinces", "roadmap.regions.demo.load_provinces", order=5)
    register_loader("wegiz", "roadmap.wegiz.demo.load", order=20)
    register_loader("portfolio", "roadmap.portfolio.demo.load", order=30)
    register_loader("regions", "roadmap.regions.demo.load", order=40)
    register_loader("building blocks", "roadmap.blocks.demo.load", order=35)
    register_loader("adoption", "roadmap.adoption.demo.load", order=45)
    register_collection("exchanges", "roadmap.wegiz.api.ExchangeViewSet", basename="exchange")
    register_collection(
        "programmes", "roadmap.portfolio.api.ProgrammeViewSet", basename="programme"
    )
    register_collection("tranches", "roadmap.portfolio.api.TrancheViewSet", basename="tranche")
    register_collection(
        "milestones", "roadmap.portfolio.api.MilestoneViewSet", basename="milestone"
    )
    register_collection("pilots", "roadmap.portfolio.api.PilotViewSet", basename="pilot")
    register_collection("decisions", "roadmap.portfolio.api.DecisionViewSet", basename="decision")
    register_collection("regions", "roadmap.regions.api.RegionViewSet", basename="region")
    register_collection(
        "initiatives", "roadmap.regions.api.InitiativeViewSet", basename="initiative"
    )
    register_collection(
        "progress-reports", "roadmap.regions.api.ProgressReportViewSet", basename="progress-report"
    )
    register_collection(
        "building-blocks", "roadmap.blocks.api.BuildingBlockViewSet", basename="building-block"
    )
    register_collection(
        "funding-schemes", "roadmap.regions.api.FundingSchemeViewSet", basename="funding-scheme"
    )
    register_collection(
        "funding-decisions",
        "roadmap.regions.api.FundingDecisionViewSet",
        basename="funding-decision",
    )
    register_collection(
        "adoption-figures", "roadmap.adoption.api.AdoptionFigureViewSet", basename="adoption-figure"
    )
    register_collection(
        "adoption-targets", "roadmap.adoption.api.AdoptionTargetViewSet", basename="adoption-target"
    )
    register_panel("roadmap.exchange", "roadmap.adoption.panels.exchange_panel")
    register_panel("agreements.agreement", "roadmap.adoption.panels.agreement_panel")
