from pathlib import Path

from django.core.management.base import BaseCommand

from stadskennis.knowledge.importer import items_export


class Command(BaseCommand):
    help = "Export every knowledge item as JSON Lines, the format import-items reads."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?", help="Output file (default: standard output).")

    def handle(self, *args, file: Path | None, **options):
        if file is None:
            for line in items_export():
                self.stdout.write(line)
            return
        count = 0
        with file.open("w", encoding="utf-8") as out:
            for line in items_export():
                out.write(line + "\n")
                count += 1
        self.stdout.write(self.style.SUCCESS(f"Exported {count} items to {file}."))
