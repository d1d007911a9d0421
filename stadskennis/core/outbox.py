"""The outbox: the one door through which a write tells derived stores what changed.

Every service that changes what a searchable object says, or who may see it, calls `record_change`
inside its own transaction; the search indexer (its own process) reads the entries in id order and
brings the index in step. core imports no consumer: an entry names a model and an object id, and
the consumers decide what that means for them (a renamed theme reaches every document carrying it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import models, transaction
from django.utils import timezone

from stadskennis.core.bulk import insert_rows
from stadskennis.core.models import OutboxEntry, OutboxState

REBUILD = "*"


def model_label(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def record_change(obj: models.Model) -> None:
    """`obj` was created, changed, deleted, restored or erased: derived stores must follow."""
    OutboxEntry.objects.create(model=model_label(obj), object_id=str(obj.pk))


def record_changes(model: type[models.Model], pks: Iterable) -> int:
    """Many objects of one model changed (an import): one entry each, written in one go."""
    label, now = model_label(model), timezone.now()
    rows = ((now, label, str(pk)) for pk in pks)
    return insert_rows(OutboxEntry, ("created_at", "model", "object_id"), rows)


def record_rebuild() -> None:
    """Everything may have changed (a restore): consumers rebuild from the database."""
    OutboxEntry.objects.create(model=REBUILD)


def last_id() -> int:
    """The highest outbox id handed out as far as consumers can tell: pruning every entry does not
    take the sequence back to 0."""
    last = OutboxEntry.objects.aggregate(last=models.Max("id"))["last"] or 0
    return max(last, pruned_through())


def handed_out_through() -> int:
    """The highest id handed out, committed or not: PostgreSQL's sequence does not roll back with a
    transaction, so ids that will never commit lie below it; never below `last_id()`, in one query.
    SQLite's ids roll back with their rows: the last id is the answer there."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return last_id()
    entries, state = OutboxEntry._meta.db_table, OutboxState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT GREATEST(pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')),"  # noqa: S608
            f" (SELECT MAX(id) FROM {entries}), (SELECT MAX(pruned_through) FROM {state}), 0)",
            [entries],
        )
        return cursor.fetchone()[0]


def pruned_through() -> int:
    state = OutboxState.objects.filter(pk=1).first()
    return state.pruned_through if state else 0


@transaction.atomic
def prune(*, older_than: timedelta) -> int:
    """Remove entries older than `older_than`; remember the highest id removed, so a consumer that
    had not reached it knows to rebuild instead of silently missing changes."""
    cutoff = timezone.now() - older_than
    old = OutboxEntry.objects.filter(created_at__lt=cutoff)
    highest = old.aggregate(last=models.Max("id"))["last"]
    if highest is None:
        return 0
    deleted, _ = OutboxEntry.objects.filter(id__lte=highest).delete()
    state, _ = OutboxState.objects.select_for_update().get_or_create(pk=1)
    state.pruned_through = max(state.pruned_through, highest)
    state.save(update_fields=["pruned_through"])
    return deleted
