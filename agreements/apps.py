from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreement catalogue")

    def ready(self) -> None:
        from agreements import registration

        registration.register()
