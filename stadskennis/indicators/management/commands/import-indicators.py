from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadskennis.indicators.catalogue_import import indicators_import


class Command(BaseCommand):
    help = (
        "Import the indicator catalogue from CSV or JSON Lines (fields: code, name, unit, aggregation, "
        "numerator, denominator, scale, direction, decimals, periodicity, themes, source, licence, "
        "description). Matched on 'code'. Nothing is written when any line is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file} bestaat niet.")
        json_lines = file.suffix.lower() in {".jsonl", ".ndjson", ".json"}
        with file.open("rb") as handle:
            report = indicators_import(handle=handle, json_lines=json_lines)
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.written:
            raise CommandError(f"{len(report.errors)} probleem/problemen; er is niets geschreven.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} nieuw, {report.updated} bijgewerkt, {report.unchanged} ongewijzigd"
            )
        )
