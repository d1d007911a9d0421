from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadskennis.indicators.geometry_build import GEOMETRY_FILE, geometry_build


class Command(BaseCommand):
    help = (
        "Rebuild the map's geometry (indicators/reference/municipalities-2019.json) from a TopoJSON of "
        "Belgium's municipalities on the 2019 boundaries (bmesuere/belgium-topojson, CC0). A developer's "
        "tool: the platform reads only the file it writes."
    )

    def add_arguments(self, parser):
        parser.add_argument("topojson", type=Path)

    def handle(self, *args, topojson: Path, **options):
        if not topojson.is_file():
            raise CommandError(f"{topojson} bestaat niet.")
        try:
            counts = geometry_build(topojson=topojson)
        except (ValueError, KeyError) as error:
            raise CommandError(f"{topojson} is geen bruikbare TopoJSON van de gemeenten: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{GEOMETRY_FILE.name}: {counts['municipalities']} gemeenten, {counts['arcs']} bogen, "
                f"{counts['points']} punten"
            )
        )
