from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "portal.integrations"
    label = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from portal.integrations import rules  # noqa: F401
        from portal.integrations.events import record_history_event

        post_create_historical_record.connect(
            record_history_event, dispatch_uid="integrations.history"
        )
