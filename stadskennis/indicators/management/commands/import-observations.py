import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stadskennis.indicators.observation_import import observations_import


class Command(BaseCommand):
    help = (
        "Import figures from a long CSV file (or an Excel .xlsx workbook, long or wide) with the columns "
        "indicator, geo, period, value and optionally "
        "status (SDMX OBS_STATUS) and confidentiality (SDMX CONF_STATUS), or SDMX-CSV 2.0 as the API "
        "exports it (recognised by its header; ACTION D refused). Streamed; nothing is written "
        "when any row is invalid; a changed value is recorded as a revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source-version", default="", help="The source's version or release, kept per figure."
        )

    def handle(self, *args, file: Path, source_version: str, **options):
        if not file.is_file():
            raise CommandError(f"{file} bestaat niet.")

        def progress(rows: int) -> None:
            sys.stderr.write(f"\r{rows} rijen gecontroleerd")
            sys.stderr.flush()

        with file.open("rb") as handle:
            report = observations_import(
                handle=handle, source_version=source_version, progress=progress,
                file_format="xlsx" if file.suffix.lower() == ".xlsx" else "csv",
            )  # fmt: skip
        sys.stderr.write("\n" if report.rows >= 2000 else "")
        for error in report.errors:
            self.stderr.write(str(error))
        if report.more_errors:
            self.stderr.write(f"... en nog {report.more_errors} problemen")
        if not report.written:
            raise CommandError(
                f"{len(report.errors) + report.more_errors} probleem/problemen; er is niets geschreven."
            )
        counts = report.counts
        if report.skipped:
            self.stdout.write(f"{report.skipped} SDMX-rijen zonder eigen cijfer overgeslagen")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.rows} rijen: {counts.created} nieuw, {counts.revised} herzien, "
                f"{counts.unchanged} ongewijzigd"
            )
        )
