from __future__ import annotations

import os

from django.core.management.base import BaseCommand

from portal.core.demo import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (organisations, regions, one user per role and the content of "
        "each section). Idempotent. Demo users get the password in DEMO_PASSWORD, or a "
        "generated one that is printed once."
    )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "")
        generated = load_demo(password=password or None, out=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write("Demo logins:")
        for spec in DEMO_USERS:
            roles = ", ".join(str(r.label) for r in spec.roles)
            self.stdout.write(f"  {spec.email:<48} {roles}")
        if generated:
            self.stdout.write(
                f"  password: {generated}   (generated for users created now; "
                "set DEMO_PASSWORD to choose one and reset all demo users to it)"
            )
        elif password:
            self.stdout.write("  password: the value of DEMO_PASSWORD")
        else:
            self.stdout.write("  password: unchanged (as printed when the users were created)")
