from django.core.management.base import BaseCommand

from stadskennis.core.maintenance import refresh_planner_statistics
from stadskennis.demo.cast import DEMO_LOGINS, DEMO_PASSWORD
from stadskennis.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the reference data and the demo content into the configured database (idempotent)."

    def handle(self, *args, **options):
        counts = demo_load()
        refresh_planner_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo content loaded: " + ", ".join(f"{n} {name}" for name, n in counts.items())
            )
        )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(
                f"  {login.role:<14} {login.email:<36} {login.full_name} ({login.organisation})"
            )
