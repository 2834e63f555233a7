from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from portal.accounts.roles import sync_role_groups
        from portal.core.todo import register_todo

        register_todo("portal.accounts.selectors.staff_todo")

        # After every app's migrations: permissions of later apps exist only by then.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
