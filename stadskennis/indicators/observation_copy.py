"""The bulk half of `import-observations`: checked rows into the staging table, and the merge from it.

Staging: on PostgreSQL the checked rows go in with COPY (psycopg's `cursor.copy`), the fastest way in;
on SQLite as batched inserts of plain tuples. Either way a row is a tuple, never a model instance (one of
those costs more than checking the row). The merge is set-based: one query counts new, changed and
unchanged figures per indicator, then one INSERT … SELECT keeps the revisions (old and new value), one
UPDATE … FROM revises the changed figures, one INSERT … SELECT adds the new ones, and one DELETE empties
the run's staging rows. The database does the work in a few statements whatever the file's size, so
memory stays flat and two million rows take seconds, not minutes. Figures of a period their indicator
has none in yet (its kept periods say so, area_sums.py) are new for certain and are not compared with
the stored ones; should one exist after all, the insert's count tells, and the merge is done again
comparing everything. Decision 0012 has the design.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.indicators.area_sums import area_sums_refresh, current_ids
from stadskennis.indicators.models import (
    Indicator,
    IndicatorPeriod,
    Observation,
    ObservationRevision,
    StagedObservation,
)
from stadskennis.indicators.observations import MergeCounts
from stadskennis.indicators.tasks import figures_warm

COPY_BUFFER = 20_000  # rows per COPY write on PostgreSQL
NULL = "\\N"  # COPY's text format for no value


class StagedRow(NamedTuple):
    """A checked row of the file, as the staging table keeps it."""

    line: int
    indicator_id: int
    area_id: int
    period: str
    period_start: date
    value: Decimal | None
    status: str
    confidentiality: str


_COLUMNS = "run, line, indicator_id, area_id, period, period_start, value, status, confidentiality"


def _no_query_while_copying(execute, sql, params, many, context):
    """A query while the COPY holds the connection would wait for it forever: fail at once instead."""
    raise RuntimeError("a query during the import's COPY (observation_copy.Stager): read before, not while")


class Stager:
    """Writes one run's checked rows to the staging table: on PostgreSQL through one COPY kept open for
    the whole file, so the database stores rows while the next ones are read and checked (the
    connection is busy meanwhile: nothing may query between the first `add` and `flush`, which the
    caller runs in a `finally`); on SQLite in batches of `batch` rows."""

    def __init__(self, run: str, batch: int):
        self.run, self.rows, self.copy, self.copying_block = run, [], None, None
        # What was written, for the merge: rows per indicator, and each (indicator, period) once
        self.written: Counter[int] = Counter()
        self.periods: set[tuple[int, str]] = set()
        self.copying = connection.vendor == "postgresql"
        self.batch = max(batch, COPY_BUFFER) if self.copying else batch
        self.table = connection.ops.quote_name(StagedObservation._meta.db_table)

    def add(self, row: StagedRow) -> bool:
        """Keep `row`; True each time a batch was written (for a progress report)."""
        self.rows.append(row)
        if len(self.rows) < self.batch:
            return False
        self._write()
        return True

    def flush(self) -> None:
        """Write what is left and end the COPY: the connection is free again."""
        self._write()
        if self.copying_block is not None:
            block, self.copying_block, self.copy = self.copying_block, None, None
            try:
                block.__exit__(None, None, None)  # releases the connection's lock, even on an error
            finally:
                self.cursor.close()
                connection.execute_wrappers.remove(_no_query_while_copying)

    def _write(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        self.written.update(r.indicator_id for r in rows)
        self.periods.update((r.indicator_id, r.period) for r in rows)
        if not self.copying:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.table} ({_COLUMNS}) VALUES ({', '.join(['%s'] * 9)})",  # noqa: S608
                    [
                        (self.run, r.line, r.indicator_id, r.area_id, r.period, r.period_start.isoformat(),
                         None if r.value is None else str(r.value), r.status, r.confidentiality)
                        for r in rows
                    ],
                )  # fmt: skip
            return
        if self.copy is None:
            self.cursor = connection.cursor()
            self.copying_block = self.cursor.cursor.copy(f"COPY {self.table} ({_COLUMNS}) FROM STDIN")
            self.copy = self.copying_block.__enter__()
            connection.execute_wrappers.append(_no_query_while_copying)
        # COPY's text format: the period is a checked code (digits, "-" and "Q"), status and
        # confidentiality single letters and the value a number, so nothing needs escaping.
        run = self.run
        self.copy.write(
            "".join(
                f"{run}\t{r.line}\t{r.indicator_id}\t{r.area_id}\t{r.period}\t{r.period_start.isoformat()}\t"
                f"{NULL if r.value is None else r.value}\t{r.status}\t{r.confidentiality}\n"
                for r in rows
            )
        )


def _tables() -> dict[str, str]:
    """The tables' quoted names: the only text put into the SQL below, every value is a parameter."""
    quote = connection.ops.quote_name
    return {
        "staged": quote(StagedObservation._meta.db_table),
        "obs": quote(Observation._meta.db_table),
        "rev": quote(ObservationRevision._meta.db_table),
    }


_SAME_CELL = "o.indicator_id = s.indicator_id AND o.area_id = s.area_id AND o.period = s.period"


def _changed() -> str:
    """SQL: the staged figure differs from the stored one (value, status or confidentiality)."""
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return f"(o.value {distinct} s.value OR o.status <> s.status OR o.confidentiality <> s.confidentiality)"


class _NotNewAfterAll(Exception):
    """A cell taken for new already existed: figures were written outside a merge (caching.py)."""


def _certainly_new(stager: Stager) -> set[int]:
    """The indicators whose every staged row is a new cell, known without comparing them with the
    stored figures: those whose kept periods (area_sums.py, current) include none of the staged
    ones, as when a year's figures come in. Comparing two million rows costs seconds."""
    current = current_ids(list(stager.written))
    stored = set(
        IndicatorPeriod.objects.filter(indicator_id__in=current).values_list("indicator_id", "period")
    )
    return current - {
        indicator_id for indicator_id, period in stager.periods if (indicator_id, period) in stored
    }


def staged_merge(run: str, stager: Stager, *, actor=None, source_version: str = "") -> MergeCounts:
    """Write the run's staged rows (no cell twice: the caller checked) in a few statements: new figures
    inserted, changed ones revised with their history, equal ones left alone; one audit line per
    indicator with new or revised figures, as observations.observations_merge writes them."""
    new = _certainly_new(stager)
    try:
        with transaction.atomic():  # a savepoint: undone if a cell taken for new was not
            per_indicator = _merge(run, stager, new, actor=actor, source_version=source_version)
    except _NotNewAfterAll:
        per_indicator = _merge(run, stager, set(), actor=actor, source_version=source_version)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_tables()['staged']} WHERE run = %s", [run])  # noqa: S608
    total = MergeCounts()
    for created, revised, n in per_indicator.values():
        total.created, total.revised = total.created + created, total.revised + revised
        total.unchanged += n - created - revised
    written = {pk: c for pk, c in per_indicator.items() if c[0] or c[1]}
    if written:  # caching.py's key of their computed figures: one row read, not a count
        Indicator.objects.filter(pk__in=list(written)).update(figures_changed_at=timezone.now())
        area_sums_refresh(list(written))  # the regions' sums, in this same transaction
        # Once the figures are in, the worker computes their pages before anyone asks (a preview,
        # rolled back, commits nothing and asks nothing).
        transaction.on_commit(lambda: figures_warm.enqueue(sorted(written)))
    for indicator in Indicator.objects.filter(pk__in=list(written)):
        created, revised, _n = written[indicator.pk]
        audit_record(
            actor=actor,
            action=AuditEntry.Action.IMPORT,
            obj=indicator,
            changes={
                "observations_created": created,
                "observations_revised": revised,
                "source_version": source_version,
            },
        )
    return total


def _merge(run: str, stager: Stager, new: set[int], *, actor, source_version: str) -> dict:
    """indicator → (created, revised, staged) for the run, its figures written; the rows of the
    indicators `new` are inserted without looking for stored ones (_NotNewAfterAll if one was)."""
    t = _tables()
    changed = _changed()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user = actor.pk if actor is not None and actor.is_authenticated else None
    per_indicator = {pk: (stager.written[pk], 0, stager.written[pk]) for pk in new}
    compared = [pk for pk in stager.written if pk not in new]
    # the rows to compare with the stored figures: all of them, or those of the `compared` indicators
    only = "" if not new else f" AND s.indicator_id IN ({', '.join(['%s'] * len(compared))})"
    some = compared if new else []
    with connection.cursor() as cursor:
        if compared:
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {t['staged']}")  # fresh statistics: the joins pick good plans
            cursor.execute(
                f"SELECT s.indicator_id, SUM(CASE WHEN o.id IS NULL THEN 1 ELSE 0 END), "  # noqa: S608
                f"SUM(CASE WHEN o.id IS NOT NULL AND {changed} THEN 1 ELSE 0 END), COUNT(*) "
                f"FROM {t['staged']} s LEFT JOIN {t['obs']} o ON {_SAME_CELL} "
                f"WHERE s.run = %s{only} GROUP BY s.indicator_id",
                [run, *some],
            )
            per_indicator |= {pk: (int(c), int(r), int(n)) for pk, c, r, n in cursor.fetchall()}
        created = sum(c for c, _r, _n in per_indicator.values())
        if any(r for _c, r, _n in per_indicator.values()):
            cursor.execute(
                f"INSERT INTO {t['rev']} (observation_id, changed_at, changed_by_id, old_value, new_value, "  # noqa: S608
                "old_status, new_status, old_confidentiality, new_confidentiality, source_version) "
                "SELECT o.id, %s, %s, o.value, s.value, o.status, s.status, o.confidentiality, "
                f"s.confidentiality, %s FROM {t['staged']} s JOIN {t['obs']} o ON {_SAME_CELL} "
                f"WHERE s.run = %s{only} AND {changed}",
                [now, user, source_version, run, *some],
            )
            cursor.execute(
                f"UPDATE {t['obs']} AS o SET value = s.value, status = s.status, "  # noqa: S608
                "confidentiality = s.confidentiality, source_version = %s, updated_at = %s "
                f"FROM {t['staged']} s WHERE s.run = %s{only} AND {_SAME_CELL} AND {changed}",
                [source_version, now, run, *some],
            )
        if created:
            cursor.execute(
                f"INSERT INTO {t['obs']} (indicator_id, area_id, period, period_start, value, status, "  # noqa: S608
                "confidentiality, source_version, updated_at) "
                "SELECT s.indicator_id, s.area_id, s.period, s.period_start, s.value, s.status, "
                f"s.confidentiality, %s, %s FROM {t['staged']} s WHERE s.run = %s "
                "ON CONFLICT (indicator_id, area_id, period) DO NOTHING",
                [source_version, now, run],
            )
            if new and cursor.rowcount != created:
                raise _NotNewAfterAll
    return per_indicator
