from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from portal.accounts.roles import sync_role_groups
        from portal.core.todo import register_todo

        register_todo("portal.accounts.selectors.staff_todo")
        from portal.core.personal_data import register_export

        register_export("portal.accounts.selectors.personal_data")
        from portal.notifications.messages import register_verbs

        register_verbs(
            {"accounts.access_request.asked": gettext_lazy("asks to act for your organisation")}
        )

        # After every app's migrations: permissions of later apps exist only by then.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
