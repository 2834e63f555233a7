from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParliamentConfig(AppConfig):
    name = "parliament"
    verbose_name = _("Parliament and law")

    def ready(self) -> None:
        from parliament import registration

        registration.register()
