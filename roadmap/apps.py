from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self) -> None:
        from roadmap import content

        content.register()

        from portal.api.registry import router
        from roadmap.portfolio.api import (
            MilestoneViewSet,
            PilotViewSet,
            ProgrammeViewSet,
            TrancheViewSet,
        )
        from roadmap.regions.api import InitiativeViewSet, RegionViewSet
        from roadmap.wegiz.api import ExchangeViewSet

        router.register("exchanges", ExchangeViewSet, basename="exchange")
        router.register("programmes", ProgrammeViewSet, basename="programme")
        router.register("tranches", TrancheViewSet, basename="tranche")
        router.register("milestones", MilestoneViewSet, basename="milestone")
        router.register("pilots", PilotViewSet, basename="pilot")
        router.register("regions", RegionViewSet, basename="region")
        router.register("initiatives", InitiativeViewSet, basename="initiative")
