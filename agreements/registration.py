"""Everything the catalogue contributes to the portal's shared parts, in one place.

Called from `AgreementsConfig.ready()`: content kinds (search, follow, notifications),
impact subjects and groups, public charts, the staff to-do, API collections and demo data.
"""

from __future__ import annotations


def register() -> None:
    from agreements import charts, content, impact
    from agreements.api.views import AgreementViewSet, ReleaseViewSet, StandardViewSet
    from portal.api.registry import router
    from portal.core.demo import register_loader
    from portal.core.todo import register_todo

    content.register()
    impact.register()
    charts.register()
    register_todo("agreements.selectors.staff_todo")
    register_loader("agreements", "agreements.demo.load", order=10)
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("releases", ReleaseViewSet, basename="release")
    router.register("standards", StandardViewSet, basename="standard")
