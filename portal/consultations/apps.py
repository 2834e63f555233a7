from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "portal.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from portal.consultations import content

        content.register()

        from portal.api.registry import router
        from portal.consultations.api import ConsultationViewSet

        router.register("consultations", ConsultationViewSet, basename="consultation")
