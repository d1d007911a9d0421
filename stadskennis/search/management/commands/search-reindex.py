import sys
import time

from django.core.management.base import BaseCommand

from stadskennis.search.indexer import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database into a new folder and swap it in; searches use "
        "the old index until then. Needed only after damage: the indexer heals a missing index itself."
    )

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            width = 30
            filled = int(width * done / total) if total else width
            rate = done / max(time.monotonic() - started, 1e-6)
            sys.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:,.0f}/s ")
            sys.stdout.flush()

        count = rebuild(progress=progress)
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"\nIndexed {count} documents in {seconds:.1f} s."))
