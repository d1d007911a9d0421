"""Heartbeats of the background processes: a lease on the worker's tasks and a signal for monitoring.

A process beats from a thread of its own every HEARTBEAT_SECONDS, but only while its main loop
shows life: it finished a round recently, or it is busy with one piece of work (a long import, a
rebuild of the search index). A loop that keeps failing on a locked or lost database stops beating,
so /healthz/worker reports it and another worker may take over its tasks.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connections
from django.utils import timezone

from stadskennis.core.models import ProcessHeartbeat

log = logging.getLogger(__name__)

WORKER = "worker"
SEARCH_INDEXER = "search-indexer"
# What a database that is locked (SQLite) or gone (PostgreSQL restarted) raises.
DATABASE_ERRORS = (DatabaseError, InterfaceError)


def this_host() -> str:
    return socket.gethostname()[:255]


def this_pid_namespace() -> str:
    """Which process ids this process sees (Linux: the pid namespace and boot); "" elsewhere."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        return f"{os.stat('/proc/self/ns/pid').st_ino}:{boot}"[:64]
    except OSError:
        return ""


def stale_after() -> timedelta:
    return timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS)


def heartbeat_beat(*, key: str, name: str, started_at: datetime) -> None:
    """Record that the process `key` lives (a worker restarted with the same --worker-id takes over
    its row)."""
    fields = {
        "name": name,
        "host": this_host(),
        "pid": os.getpid(),
        "pid_namespace": this_pid_namespace(),
        "started_at": started_at,
    }
    now = timezone.now()
    if not ProcessHeartbeat.objects.filter(key=key).update(beat_at=now, **fields):
        ProcessHeartbeat.objects.create(key=key, beat_at=now, **fields)


def heartbeat_prune(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Rows of processes long gone: a restart policy leaves one per start."""
    deleted, _ = ProcessHeartbeat.objects.filter(beat_at__lt=timezone.now() - older_than).delete()
    return deleted


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def is_alive(beat: ProcessHeartbeat | None) -> bool:
    """Beating recently; a process on this host (and in this pid namespace) is also asked directly,
    so a killed one is known at once instead of after HEARTBEAT_STALE_SECONDS."""
    if beat is None or beat.beat_at < timezone.now() - stale_after():
        return False
    if beat.host != this_host() or beat.pid_namespace != this_pid_namespace():
        return True
    return _pid_alive(beat.pid)


@dataclass(frozen=True)
class Status:
    last_heartbeat: datetime | None
    age_seconds: float | None
    host: str | None
    stale: bool

    def as_json(self) -> dict:
        return {
            "last_heartbeat": self.last_heartbeat.isoformat() if self.last_heartbeat else None,
            "age_seconds": self.age_seconds,
            "host": self.host,
            "stale": self.stale,
        }


def heartbeat_status(*, name: str) -> Status:
    """The latest beat of the worker (whichever host runs it), or of this host's search indexer (each
    app host keeps its own index; another host's indexer says nothing about this host's searches)."""
    beats = ProcessHeartbeat.objects.filter(name=name).order_by("-beat_at")
    if name == SEARCH_INDEXER and beats.filter(host=this_host()).exists():
        beats = beats.filter(host=this_host())
    beat = beats.first()
    if beat is None:
        return Status(last_heartbeat=None, age_seconds=None, host=None, stale=True)
    age = (timezone.now() - beat.beat_at).total_seconds()
    return Status(
        last_heartbeat=beat.beat_at,
        age_seconds=round(max(age, 0.0), 1),
        host=beat.host,
        stale=age > settings.HEARTBEAT_STALE_SECONDS,
    )


class Heartbeat:
    """`with Heartbeat(name=..., key=...) as beat:` beats from a thread while the loop shows life:
    call `beat.progress()` after each round that went well, and wrap long work in `beat.busy()`."""

    def __init__(self, *, name: str, key: str | None = None) -> None:
        self.name = name
        self.key = (key or f"{name}:{this_host()}:{os.getpid()}")[:64]
        self.started_at = timezone.now()
        self._last_progress = time.monotonic()
        self._busy = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{name}", daemon=True)

    def progress(self) -> None:
        self._last_progress = time.monotonic()

    @contextmanager
    def busy(self) -> Iterator[None]:
        self._busy += 1
        try:
            yield
        finally:
            self._busy -= 1
            self.progress()

    def showing_life(self) -> bool:
        return bool(self._busy) or time.monotonic() - self._last_progress < settings.HEARTBEAT_STALE_SECONDS

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def __enter__(self) -> Heartbeat:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _run(self) -> None:
        while True:
            if self.showing_life():
                try:
                    heartbeat_beat(key=self.key, name=self.name, started_at=self.started_at)
                except DATABASE_ERRORS as error:  # locked or gone: the next beat tries again
                    log.warning("%s heartbeat: %s", self.name, error)
                    connections["default"].close()
            if self._stop.wait(settings.HEARTBEAT_SECONDS):
                break
        connections.close_all()  # this thread's own connections
