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

import psycopg
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.indicators.area_sums import area_sums_refresh, current_ids, kept_periods
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
_DIRECT_COLUMNS = (
    "indicator_id, area_id, period, period_start, value, status, confidentiality, source_version, updated_at"
)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class CellTaken(Exception):
    """A row copied straight into the observations (Stager, `direct`) named a cell that was there: a
    repeat in the file, or a figure written outside a merge; or another import was writing the same
    new cells. The caller rolls the transaction back and reads the file again without `direct`, so
    the merge compares or names the rows."""


# What the database answers when a COPY straight into the observations meets a cell that is there, or
# another transaction writing it (a deadlock, a lock it may not wait for): see CellTaken
_REFUSED = (psycopg.errors.UniqueViolation, psycopg.errors.DeadlockDetected, psycopg.errors.LockNotAvailable)


def _no_query_while_copying(execute, sql, params, many, context):
    """A query while the COPY holds the connection would wait for it forever: fail at once instead."""
    raise RuntimeError("a query during the import's COPY (observation_copy.Stager): read before, not while")


class Stager:
    """Writes one run's checked rows for the merge. On SQLite in batches of `batch` rows into the
    staging table. On PostgreSQL through a COPY kept open while the file is read, so the database
    stores rows while the next ones are read and checked (the connection is busy meanwhile: nothing
    may query between the first `add` and `flush`, or `abort` when the reading failed).

    With `direct` (PostgreSQL), the rows of a period their indicator has no figures in yet, by its
    current kept periods, are new for certain: they are copied straight into the observations, in
    parallel with the reading, and need no merge. The others go into the staging table for the merge.
    A file of new figures, or of revisions, is one COPY; a batch with both ends one COPY and starts
    the other (the database then finishes the first before the reading goes on). The unique index of
    the cells is the check: a repeat raises CellTaken when its COPY ends (decision 0012, "Straight
    in")."""

    def __init__(self, run: str, batch: int, *, direct: bool = False, source_version: str = ""):
        self.run, self.rows = run, []
        self.copy = self.copying_block = self.into = None  # the open COPY and the table it fills
        # What was staged, for the merge: rows per indicator, and each (indicator, period) once
        self.written: Counter[int] = Counter()
        self.periods: set[tuple[int, str]] = set()
        self.direct: Counter[int] = Counter()  # rows copied straight into the observations
        self.copying = connection.vendor == "postgresql"
        self.batch = max(batch, COPY_BUFFER) if self.copying else batch
        self.table = connection.ops.quote_name(StagedObservation._meta.db_table)
        self.kept = kept_periods() if direct and self.copying else None
        self.stamp = f"\t{source_version.translate(_COPY_ESCAPES)}\t{timezone.now().isoformat()}\n"

    def add(self, row: StagedRow) -> bool:
        """Keep `row`; True each time a batch was written (for a progress report)."""
        self.rows.append(row)
        if len(self.rows) < self.batch:
            return False
        self._write()
        return True

    def flush(self) -> None:
        """Write what is left and end the COPY: the connection is free again. CellTaken if a row
        copied straight into the observations named a cell that was there."""
        try:
            self._write()
        except BaseException as error:
            self.abort(error)
            raise
        self._end_copy()

    def abort(self, error: BaseException) -> None:
        """End the COPY without writing more, `error` having stopped the reading: the database drops
        what it was sent, and the transaction, rolled back by the caller, keeps nothing."""
        self.rows = []
        self._end_copy(error)

    def _end_copy(self, error: BaseException | None = None) -> None:
        if self.copying_block is None:
            return
        block, self.copying_block, self.copy, self.into = self.copying_block, None, None, None
        connection.execute_wrappers.remove(_no_query_while_copying)
        try:
            block.__exit__(type(error) if error else None, error, None)  # psycopg cancels on an error
        except _REFUSED as refused:
            raise CellTaken from refused
        finally:
            self.cursor.close()

    def _copy(self, into: str, text: str) -> None:
        """Send `text` to the COPY into `into` ("staged" or "observations"), ending another one first."""
        if self.into != into:
            self._end_copy()
            table, columns = (
                (connection.ops.quote_name(Observation._meta.db_table), _DIRECT_COLUMNS)
                if into == "observations"
                else (self.table, _COLUMNS)
            )
            self.cursor = connection.cursor()
            block = self.cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")
            self.copy = block.__enter__()
            self.copying_block, self.into = block, into
            connection.execute_wrappers.append(_no_query_while_copying)
        self.copy.write(text)

    def _write(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        if not self.copying:
            self._staged(rows)
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
        direct, staged = [], rows
        if self.kept is not None:
            kept, staged = self.kept, []
            for r in rows:
                periods = kept.get(r.indicator_id)
                (direct if periods is not None and r.period not in periods else staged).append(r)
        # COPY's text format: the period is a checked code (digits, "-" and "Q"), status and
        # confidentiality single letters and the value a number, so nothing needs escaping but the
        # source version (`stamp`). The COPY already open goes first: a switch waits for the database.
        parts = [("observations", direct), ("staged", staged)]
        for into, part in sorted(parts, key=lambda p: p[0] != self.into):
            if not part:
                continue
            if into == "staged":
                self._staged(part)
                self._copy(into, self._as_staged(part))
            else:
                self.direct.update(r.indicator_id for r in part)
                stamp = self.stamp
                self._copy(
                    into,
                    "".join(
                        f"{r.indicator_id}\t{r.area_id}\t{r.period}\t{r.period_start.isoformat()}\t"
                        f"{NULL if r.value is None else r.value}\t{r.status}\t{r.confidentiality}{stamp}"
                        for r in part
                    ),
                )

    def _staged(self, rows: list[StagedRow]) -> None:
        self.written.update(r.indicator_id for r in rows)
        self.periods.update((r.indicator_id, r.period) for r in rows)

    def _as_staged(self, rows: list[StagedRow]) -> str:
        run = self.run
        return "".join(
            f"{run}\t{r.line}\t{r.indicator_id}\t{r.area_id}\t{r.period}\t{r.period_start.isoformat()}\t"
            f"{NULL if r.value is None else r.value}\t{r.status}\t{r.confidentiality}\n"
            for r in rows
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


class RepeatedCells(Exception):
    """Two staged rows of the run name one cell (indicator, area, period). Nothing was written: the
    caller names their lines (observation_import._duplicates), or checked beforehand that none do."""


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


def _repeats(run: str, ids: set[int]) -> bool:
    """Whether two staged rows of the run and the indicators `ids` name one cell."""
    listed = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {_tables()['staged']} WHERE run = %s AND indicator_id IN ({listed}) "  # noqa: S608
            "GROUP BY indicator_id, area_id, period HAVING COUNT(*) > 1 LIMIT 1",
            [run, *ids],
        )
        return cursor.fetchone() is not None


def staged_merge(run: str, stager: Stager, *, actor=None, source_version: str = "") -> MergeCounts:
    """Write the run's staged rows in a few statements: new figures inserted, changed ones revised with
    their history, equal ones left alone; one audit line per indicator with new or revised figures, as
    observations.observations_merge writes them. RepeatedCells, with nothing written, if two rows
    name one cell.

    The rows of certainly-new indicators (_certainly_new) go in with a plain INSERT that nothing was
    compared for: the unique index of the cells is the check. Should it refuse one (a repeat in the
    file, or a figure written outside a merge), the savepoint undoes that insert and the merge is
    done again, the repeats looked for and every row compared. So a large file of new figures pays
    for neither a search for repeats nor a comparison (decision 0012, "Lighter imports")."""
    per_indicator = _staged_merge(run, stager, actor=actor, source_version=source_version)
    for pk, n in stager.direct.items():  # copied straight in (Stager, `direct`): all new
        created, revised, staged = per_indicator.get(pk, (0, 0, 0))
        per_indicator[pk] = (created + n, revised, staged + n)
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


def _staged_merge(run: str, stager: Stager, *, actor, source_version: str) -> dict:
    """The merge of the rows in the staging table (see staged_merge); the table emptied of them."""
    if not stager.written:
        return {}
    new = _certainly_new(stager)
    compared = set(stager.written) - new
    if compared and _repeats(run, compared):  # the comparison would match such a cell twice
        raise RepeatedCells
    try:
        with transaction.atomic():  # a savepoint: undone if the unique index refused a row
            per_indicator = _merge(run, stager, new, actor=actor, source_version=source_version)
    except IntegrityError:
        if new and _repeats(run, new):
            raise RepeatedCells from None
        per_indicator = _merge(run, stager, set(), actor=actor, source_version=source_version)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_tables()['staged']} WHERE run = %s", [run])  # noqa: S608
    return per_indicator


def _merge(run: str, stager: Stager, new: set[int], *, actor, source_version: str) -> dict:
    """indicator → (created, revised, staged) for the run, its figures written; the rows of the
    indicators `new` are inserted as they are, without looking for stored ones (IntegrityError if one
    was there)."""
    t = _tables()
    changed = _changed()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user = actor.pk if actor is not None and actor.is_authenticated else None
    per_indicator = {pk: (stager.written[pk], 0, stager.written[pk]) for pk in new}
    compared = [pk for pk in stager.written if pk not in new]
    # the rows to compare with the stored figures: all of them, or those of the `compared` indicators
    listed = ", ".join(["%s"] * len(compared))
    only, some = (f" AND s.indicator_id IN ({listed})", compared) if new else ("", [])
    insert = (
        f"INSERT INTO {t['obs']} (indicator_id, area_id, period, period_start, value, status, "  # noqa: S608
        "confidentiality, source_version, updated_at) "
        "SELECT s.indicator_id, s.area_id, s.period, s.period_start, s.value, s.status, "
        f"s.confidentiality, %s, %s FROM {t['staged']} s WHERE s.run = %s"
    )
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
        if any(per_indicator[pk][1] for pk in compared):
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
        if new:  # nothing compared: the unique index refuses a cell that is there (IntegrityError)
            others = f" AND s.indicator_id NOT IN ({listed})" if compared else ""
            cursor.execute(f"{insert}{others}", [source_version, now, run, *compared])
        if any(per_indicator[pk][0] for pk in compared):  # the new cells among the compared rows
            cursor.execute(
                f"{insert}{only} ON CONFLICT (indicator_id, area_id, period) DO NOTHING",
                [source_version, now, run, *some],
            )
    return per_indicator
