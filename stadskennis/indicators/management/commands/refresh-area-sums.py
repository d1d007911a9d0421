from django.core.management.base import BaseCommand

from stadskennis.indicators.area_sums import area_sums_refresh


class Command(BaseCommand):
    help = (
        "Sum every indicator's figures per region, province and arrondissement again and note its periods "
        "(area_sums.py). Every import does this for its own indicators; run it once after upgrading to "
        "the release that brought these sums, and after changing figures in the database by hand."
    )

    def handle(self, *args, **options):
        written = area_sums_refresh()
        self.stdout.write(self.style.SUCCESS(f"{written} sommen per gewest, provincie en arrondissement"))
