"""Django's `migrate`, which on a plain run into an empty database first applies the
migrations of the third-party apps that know nothing of ours but the user model.

Each step of a migration re-renders, in Django's migration state, every model related to
the models it touches; the user model is related to nearly all of ours (and to every
history model). Applied in Django's order, django-oauth-toolkit's 22 migrations come
after ours and took 25 s of a fresh database's 90; applied first, while the state holds
little more than the user model, 3 s. The schema and the migrations recorded are the
same either way. A database that already holds migrations is migrated in Django's own
order, exactly as before; the first round sends `pre_migrate` with its plan as Django
does (contenttypes renames a model's content type there).
"""

from __future__ import annotations

from django.core.management.commands.migrate import Command as MigrateCommand
from django.core.management.sql import emit_pre_migrate_signal
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

FIRST = ("oauth2_provider", "otp_static", "otp_totp", "django_otp_webauthn", "axes", "admin")


class Command(MigrateCommand):
    def handle(self, *args, **options):
        plain = not any(
            options.get(name)
            for name in (
                "app_label",
                "plan",
                "check_unapplied",
                "prune",
                "fake",
                "fake_initial",
                "run_syncdb",
            )
        )
        if plain:
            self._migrate_first(options)
        return super().handle(*args, **options)

    def _migrate_first(self, options) -> None:
        self.verbosity = options["verbosity"]
        connection = connections[options["database"]]
        executor = MigrationExecutor(connection, self.migration_progress_callback)
        if executor.loader.applied_migrations or executor.loader.detect_conflicts():
            return  # not an empty database, or conflicts the full run reports
        targets = [key for key in executor.loader.graph.leaf_nodes() if key[0] in FIRST]
        plan = executor.migration_plan(targets)
        if plan:
            if self.verbosity >= 1:
                self.stdout.write(self.style.MIGRATE_HEADING("Running migrations first: "))
                self.stdout.write("  " + ", ".join(sorted({m.app_label for m, _ in plan})))
            state = executor._create_project_state(with_applied_migrations=True)
            emit_pre_migrate_signal(
                self.verbosity,
                options.get("interactive", False),
                connection.alias,
                stdout=self.stdout,
                apps=state.apps,
                plan=plan,
            )
            executor.migrate(targets, plan=plan)
