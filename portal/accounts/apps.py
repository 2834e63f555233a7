from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from portal.accounts.roles import sync_role_groups

        # After this app's migrations (auth's come first); permissions exist by then.
        post_migrate.connect(
            sync_role_groups, sender=self, dispatch_uid="accounts.sync_role_groups"
        )
