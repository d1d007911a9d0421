import sys

from django.core.management.base import BaseCommand

from stadskennis.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every module from the data (after an upgrade of the analyser)."

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            width = 30
            filled = int(width * done / total) if total else width
            sys.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            sys.stdout.flush()

        count = rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"\nIndexed {count} documents."))
