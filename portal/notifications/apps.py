from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from portal.core.demo import register_loader
        from portal.notifications import rules  # noqa: F401
        from portal.notifications.services import record_history_change

        post_create_historical_record.connect(
            record_history_change, dispatch_uid="notifications.history"
        )
        register_loader("follows", "portal.notifications.demo.load", order=90)
        from portal.core.personal_data import register_export, register_forget

        register_export("portal.notifications.selectors.personal_data")
        register_forget("portal.notifications.services.forget")
