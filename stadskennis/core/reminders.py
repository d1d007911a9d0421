"""Reminders that fall due, from every module, sent by one hourly task (`stadskennis send-reminders`).

Each module registers a source: it takes the time, sends what has come due, and returns how many it
sent. The homework of the Netwerk, the Vraagbaak's survey rounds and the plans' releases do.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import transaction

REMINDER_SOURCES: list[Callable[[datetime], int]] = []


def register_reminder_source(source: Callable[[datetime], int]) -> None:
    REMINDER_SOURCES.append(source)


def mark_and_queue(due, *, mark: str, task, now: datetime, batch: int = 500) -> int:
    """Claim up to `batch` rows of the queryset `due`, set `mark` to `now` on them, and queue `task`
    with each row's id once that commits: marked before queued, so nobody is mailed twice, and rows
    another worker is claiming are skipped (SKIP LOCKED on PostgreSQL; SQLite lets one writer in at a
    time). Returns how many were queued."""
    with transaction.atomic():
        ids = list(due.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[:batch])
        if ids:
            due.model.objects.filter(pk__in=ids).update(**{mark: now})
            for pk in ids:
                transaction.on_commit(lambda pk=pk: task.enqueue(pk))
    return len(ids)
