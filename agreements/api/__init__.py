from agreements.api.views import AgreementViewSet, ReleaseViewSet, StandardViewSet
from portal.api.registry import router

router.register("agreements", AgreementViewSet, basename="agreement")
router.register("releases", ReleaseViewSet, basename="release")
router.register("standards", StandardViewSet, basename="standard")
