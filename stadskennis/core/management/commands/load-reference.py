from django.core.management.base import BaseCommand

from stadskennis.core.reference import reference_load


class Command(BaseCommand):
    help = "Load or update the reference data: organisations with NIS codes, themes, periods (idempotent)."

    def handle(self, *args, **options):
        counts = reference_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Reference data loaded: " + ", ".join(f"{n} {name}" for name, n in counts.items())
            )
        )
