"""The one writer of the search index: applies the outbox in batches and heals the index.

It runs as its own loop (`stadskennis search-indexer`), never behind imports or mail in the task
queue. Its position is the highest outbox id it applied; ids below it that were not there yet (on
PostgreSQL a transaction may take its id before a later one and commit after it) are kept as gaps
and read again until they appear or expire. Applying an entry reads the object's current state
from the database, so applying it twice, or after a crash, does no harm: a crash loses nothing.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q

from stadskennis.core import outbox
from stadskennis.core.models import OutboxEntry
from stadskennis.search import index
from stadskennis.search.analysis import analyse_fields
from stadskennis.search.registry import SearchProvider, providers

log = logging.getLogger(__name__)

BATCH = 5_000  # outbox entries per commit at most: a bulk import's backlog in few, large segments
CHUNK = 500  # objects read and analysed together
GAP_SECONDS = 600  # a missing id older than this was a rolled-back transaction
WRITER_HEAP = 64_000_000
REBUILD_HEAP = 512_000_000
Progress = Callable[[int, int], None]


@contextmanager
def _rebuild_lock() -> Iterator[None]:
    index.index_dir().mkdir(parents=True, exist_ok=True)
    with open(index.index_dir() / "rebuild.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# Analysis is the costly part of indexing and pure Python: past this many documents at once it runs
# in worker processes, one per core, while this process reads the next batch from the database.
PARALLEL_FROM = 200
_pool = None


def _analysis_pool():
    global _pool
    if _pool is None:
        # spawn, not fork: the index writer has threads of its own
        _pool = multiprocessing.get_context("spawn").Pool(max(1, min(2, os.cpu_count() or 1)))
        atexit.register(close_pool)
    return _pool


def close_pool() -> None:
    global _pool
    if _pool is not None:
        _pool.terminate()
        _pool = None


class _Analysing:
    """Documents of one batch on their way to the writer: analysed here or by the pool."""

    def __init__(self, provider: SearchProvider, objects) -> None:
        self.provider = provider
        many = getattr(provider, "documents", None)  # a provider may read a batch's relations at once
        documents = many(list(objects)) if many else (provider.document(o) for o in objects)
        self.documents = [d for d in documents if d is not None]
        self.result = None
        if len(self.documents) >= PARALLEL_FROM:
            sources = [index.text_sources(d) for d in self.documents]
            self.result = _analysis_pool().map_async(analyse_fields, sources, chunksize=20)

    def documents_for_the_engine(self) -> list[tantivy.Document]:
        analysed = self.result.get() if self.result is not None else [None] * len(self.documents)
        return [
            index.tantivy_document(self.provider, d, a) for d, a in zip(self.documents, analysed, strict=True)
        ]


def rebuild(*, progress: Progress | None = None, batch_size: int = 1000) -> int:
    """Build a new index from the database in a new folder and swap it in; searches keep using the
    old index meanwhile. Returns the number of documents."""
    with _rebuild_lock():
        position = outbox.last_id()  # read before the data: any later change is replayed
        recent = set(
            OutboxEntry.objects.filter(id__gt=max(0, position - 1000), id__lte=position).values_list(
                "id", flat=True
            )
        )
        now = time.time()
        gaps = {str(i): now for i in range(max(1, position - 999), position + 1) if i not in recent}
        folder = index.new_folder()
        engine = tantivy.Index(index.SCHEMA, path=str(folder))
        writer = engine.writer(heap_size=REBUILD_HEAP, num_threads=2)  # few, large segments
        total = sum(p.indexable().count() for p in providers())
        done, waiting = 0, None
        for provider in providers():
            queryset = provider.indexable().order_by("pk")
            last_pk = None
            while True:
                page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
                batch = list(page[:batch_size])
                if not batch:
                    break
                analysing = _Analysing(provider, batch)  # analysed while the next batch is read
                if waiting is not None:
                    for doc in waiting.documents_for_the_engine():
                        writer.add_document(doc)
                waiting = analysing
                done += len(batch)
                last_pk = batch[-1].pk
                if progress:
                    progress(done, total)
        if waiting is not None:
            for doc in waiting.documents_for_the_engine():
                writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        index.Meta(position=position, gaps=gaps, built_at=time.strftime("%Y-%m-%dT%H:%M:%S")).write(folder)
        index.swap_in(folder)
        index.refresh()
        return done


class Indexer:
    """Holds the writer of the index in use and brings it in step with the outbox."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.engine: tantivy.Index | None = None
        self.writer: tantivy.IndexWriter | None = None
        self.meta = index.Meta()

    # -- opening and healing --

    def close(self) -> None:
        if self.writer is not None:
            try:
                self.writer.rollback()
                self.writer.wait_merging_threads()
            except (ValueError, RuntimeError, OSError):
                pass
        self.folder, self.engine, self.writer = None, None, None

    def ensure_open(self, *, progress: Progress | None = None) -> None:
        """Open the index in use; a missing, incompatible or damaged one is rebuilt first."""
        folder = index.current_folder()
        if folder is not None and folder == self.folder and self.writer is not None:
            return
        self.close()
        problem = index.check(folder)
        if problem:
            log.warning("search index %s: rebuilding", problem)
            rebuild(progress=progress)
            folder = index.current_folder()
        self.folder = folder
        self.engine = tantivy.Index.open(str(folder))
        self.writer = self.engine.writer(heap_size=WRITER_HEAP, num_threads=1)
        self.meta = index.Meta.read(folder) or index.Meta()

    def empty(self, *, in_step: bool = True) -> None:
        """An empty index in step with the outbox as it stands (each test starts from here): at the id
        the outbox last handed out, with the entries already written (a fixture's) still to apply. At
        position 0, every id that earlier tests took and rolled back on PostgreSQL became a gap to look
        for, 600 seconds long: tens of thousands of ids in every catch-up, late in a run."""
        if self.writer is None or self.folder != index.current_folder():
            self.close()
            folder = index.new_folder()
            tantivy.Index(index.SCHEMA, path=str(folder))
            index.Meta().write(folder)
            index.swap_in(folder)
            self.ensure_open()
        self.writer.delete_all_documents()
        self.writer.commit()
        if in_step:
            position = outbox.handed_out_through()
            written = OutboxEntry.objects.filter(id__lte=position).values_list("id", flat=True)
            self.meta = index.Meta(position=position, gaps={str(i): time.time() for i in written})
        else:  # a test without the database
            self.meta = index.Meta()
        self.meta.write(self.folder)
        index.refresh()

    def rebuild_now(self, *, progress: Progress | None = None) -> None:
        self.close()
        rebuild(progress=progress)
        self.ensure_open()

    # -- applying the outbox --

    def pending(self) -> list[OutboxEntry]:
        gap_ids = [int(i) for i in self.meta.gaps]
        return list(
            OutboxEntry.objects.filter(Q(id__gt=self.meta.position) | Q(id__in=gap_ids)).order_by("id")[
                :BATCH
            ]
        )

    def apply_pending(self) -> int:
        """Apply one batch of outbox entries; returns how many were applied (0: in step)."""
        self.ensure_open()
        if self.meta.position < outbox.pruned_through():
            log.warning("search index fell behind the pruned outbox: rebuilding")
            self.rebuild_now()
        elif self.meta.position > outbox.handed_out_through():
            log.warning("search index is ahead of the outbox (a restored database): rebuilding")
            self.rebuild_now()
        entries = self.pending()
        if not entries:
            return 0
        if any(e.model == outbox.REBUILD for e in entries):
            self.rebuild_now()
            entries = [e for e in self.pending() if e.model != outbox.REBUILD]
            if not entries:
                return 1
        try:
            self._apply(entries)
            self.writer.commit()
        except BaseException:
            self.close()  # a writer that failed (disk full) is not trusted again: reopened next time
            raise
        self._advance([e.id for e in entries])
        self.meta.write(self.folder)
        return len(entries)

    def catch_up(self) -> int:
        applied = 0
        while n := self.apply_pending():
            applied += n
        return applied

    def _advance(self, ids: list[int]) -> None:
        now, seen = time.time(), set(ids)
        gaps = {k: v for k, v in self.meta.gaps.items() if int(k) not in seen and now - v < GAP_SECONDS}
        highest = max(ids)
        if highest > self.meta.position:
            gaps.update(
                {str(i): now for i in range(self.meta.position + 1, highest) if i not in seen}
                if highest - self.meta.position < 100_000
                else {}
            )
            self.meta.position = highest
        self.meta.gaps = gaps

    def _apply(self, entries: list[OutboxEntry]) -> None:
        changed: dict[str, set[str]] = defaultdict(set)
        for entry in entries:
            changed[entry.model].add(entry.object_id)
        waiting = None  # the chunk being analysed by the pool while the next one is read, as rebuild does
        for provider, pks in self._affected(changed).items():
            pks = sorted(pks)
            for start in range(0, len(pks), CHUNK):
                chunk = pks[start : start + CHUNK]
                for pk in chunk:
                    self.writer.delete_documents_by_term("key", f"{provider.key}:{pk}")
                analysing = self._described(
                    provider, chunk, lambda p=provider, c=chunk: _Analysing(p, p.indexable().filter(pk__in=c))
                )
                self._add(waiting)
                waiting = analysing
        self._add(waiting)

    def _add(self, analysing: _Analysing | None) -> None:
        if analysing is not None:
            documents = self._described(analysing.provider, [], analysing.documents_for_the_engine)
            for doc in documents or []:
                self.writer.add_document(doc)

    @staticmethod
    def _described(provider: SearchProvider, chunk: list[str], describe):
        """`describe()`, or None, logged, when the provider cannot describe these objects (they stay
        out of the index: fail closed). The database or the disk failing: the batch is tried again."""
        try:
            return describe()
        except (DatabaseError, OSError):
            raise
        except Exception:
            log.exception("search: %s %s left out of the index", provider.key, chunk[:10])
            return None

    @staticmethod
    def _affected(changed: dict[str, set[str]]) -> dict[SearchProvider, set[str]]:
        """Which documents to rewrite: the changed objects themselves, and the documents that carry a
        changed theme's or organisation's name (`carries` of each provider)."""
        affected: dict[SearchProvider, set[str]] = defaultdict(set)
        for provider in providers():
            own = outbox.model_label(provider.model)
            affected[provider] |= changed.get(own, set())
            for label, path in getattr(provider, "carries", {}).items():
                if changed.get(label):
                    ids = provider.model._base_manager.filter(**{f"{path}__in": list(changed[label])})
                    affected[provider] |= {str(pk) for pk in ids.values_list("pk", flat=True)}
        return {p: pks for p, pks in affected.items() if pks}


_in_process: Indexer | None = None


def in_process() -> Indexer:
    """The indexer of this process, for the command and for tests that apply the outbox themselves."""
    global _in_process
    if _in_process is None:
        _in_process = Indexer()
    return _in_process


def catch_up_if_synchronous() -> None:
    """With SEARCH_INDEX_SYNC (tests, and `make bench` loading data), reads follow writes at once."""
    if getattr(settings, "SEARCH_INDEX_SYNC", False) and in_process().catch_up():
        index.refresh()
