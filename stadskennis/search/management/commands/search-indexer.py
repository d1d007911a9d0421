import logging
import signal
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from stadskennis.core import outbox
from stadskennis.core.heartbeat import DATABASE_ERRORS, SEARCH_INDEXER, Heartbeat
from stadskennis.search.indexer import in_process

log = logging.getLogger("stadskennis.search")
PRUNE_EVERY = 3600  # seconds


class Command(BaseCommand):
    help = (
        "Keep the search index in step with the outbox: the index's only writer. `make run` starts "
        "it beside the worker; in production it runs as its own service on every app host."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.2, help="seconds between polls when idle")
        parser.add_argument("--once", action="store_true", help="catch up, then stop")

    def handle(self, *args, interval: float, once: bool, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        indexer = in_process()
        last_prune = 0.0
        beat = Heartbeat(name=SEARCH_INDEXER)  # seen by /healthz while the loop lives
        beat.start()
        while not stopping:
            try:
                with beat.busy():  # a rebuild takes minutes and is a sign of life
                    applied = indexer.apply_pending()
                if time.monotonic() - last_prune > PRUNE_EVERY:
                    outbox.prune(older_than=timedelta(days=settings.SEARCH_OUTBOX_KEEP_DAYS))
                    last_prune = time.monotonic()
                beat.progress()
            except DATABASE_ERRORS as error:  # locked, or restarted: wait, reconnect, go on
                log.warning("search indexer: %s", error)
                close_old_connections()
                applied = 0
                time.sleep(2)
            except (OSError, ValueError, RuntimeError) as error:  # disk full, folder gone: try again
                # nothing is lost: the position moves only after a commit
                log.error("search indexer: %s", error)
                indexer.close()
                applied = 0
                time.sleep(2)
            if once and not applied:
                break
            if not applied:
                time.sleep(interval)
        indexer.close()
        beat.stop()
