"""`stadskennis import-observations FILE` and the editors' upload: `indicator, geo, period, value` [status,
confidentiality] as CSV, or as an Excel workbook (long or wide, xlsxfile.py).

The file is streamed: each row is checked against the catalogue and the geography (a code must name a
municipality that exists in the row's period: 71072 only from 2025, 71022 only until 2024), and the
checked rows go in batches to a staging table inside one transaction. The database then finds duplicate
rows, so memory stays flat for millions of rows. One problem anywhere and the transaction is rolled back:
nothing is written, and the report names each problem's line and column in Dutch. A preview
(`commit=False`) runs the very same checks and the same merge, counts new, changed and unchanged
figures, and then rolls back, so the command and the upload page share one code path.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from django.db import connection, transaction
from django.db.models import Count, Min, Q

from stadskennis.indicators.codes import CONF_STATUS, FREE, MISSING_STATUS, OBS_STATUS
from stadskennis.indicators.csvfile import FileProblem, read_rows
from stadskennis.indicators.models import Area, Indicator, StagedObservation
from stadskennis.indicators.numbers import NumberError, bounded, clip, parse_number
from stadskennis.indicators.observation_copy import (
    CellTaken,
    RepeatedCells,
    StagedRow,
    Stager,
    staged_merge,
)
from stadskennis.indicators.observations import MergeCounts
from stadskennis.indicators.periods import PeriodError, period_start
from stadskennis.indicators.sdmxfile import IMPLIED_KEY, is_sdmx, read_sdmx_rows
from stadskennis.indicators.xlsxfile import COLUMNS_KEY, read_xlsx_rows

REQUIRED = ["indicator", "geo", "period", "value"]
OPTIONAL = ["status", "confidentiality"]
BATCH = 2000
MAX_ERRORS = 200
FORMATS = ("csv", "xlsx", "sdmx")  # SDMX-CSV is also recognised in a .csv file by its header


@dataclass
class ObservationReport:
    rows: int = 0
    counts: MergeCounts = field(default_factory=MergeCounts)
    errors: list[FileProblem] = field(default_factory=list)
    more_errors: int = 0
    written: bool = False
    skipped: int = 0  # SDMX-CSV rows without a figure of their own to import (sdmxfile.py)


class _Rollback(Exception):
    pass


SKIP = object()  # a row the platform's own SDMX export computed: not a figure to import


def _day(value: date | None) -> str:
    return f"{value:%d-%m-%Y}"


MAX_KEPT_AREAS = 100_000  # (code, period) answers kept by _Checker.area


class _Checker:
    """The catalogue and the geography, loaded once: a few thousand rows at most."""

    def __init__(self, actor=None):
        # A person uploading writes only the indicators core.visibility lets them manage (a member: their
        # organisation's own); the command line (no actor) writes any. A code they may see but not write
        # is refused as such; one they may not see reads as unknown, so its existence is not revealed.
        indicators = Indicator.objects.all() if actor is None else Indicator.objects.managed_by(actor)
        # (pk, periodicity, retired_on): a retired indicator takes no new figures (services.py)
        self.indicators = {code: (pk, periodicity, retired) for pk, code, periodicity, retired in
                           indicators.values_list("pk", "code", "periodicity", "retired_on")}  # fmt: skip
        self.ratios = set(
            indicators.filter(aggregation=Indicator.Aggregation.RATIO).values_list("code", flat=True)
        )
        visible = Indicator.objects.none() if actor is None else Indicator.objects.visible_to(actor)
        self.readonly = set(visible.values_list("code", flat=True)) - set(self.indicators)
        self.areas: dict[str, list[Area]] = {}
        self._found: dict[tuple, int | str] = {}  # the area's id, or why none
        # (indicator code, period) → (indicator id, period's start) of an indicator that takes figures
        self._periods: dict[tuple[str, str], tuple[int, date]] = {}
        for area in Area.objects.only("pk", "code", "level", "valid_from", "valid_until"):
            self.areas.setdefault(area.code, []).append(area)

    def area(self, code: str, start: date, period: str) -> int:
        """The id of the area `code` names on `start`, or ValueError saying why none. Answers are kept:
        a file names a few hundred codes in a few dozen periods, over millions of rows."""
        key = (code, start, period)
        found = self._found.get(key)
        if found is None:
            try:
                found = self._area(code, start, period)
            except ValueError as error:
                found = str(error)  # the text, not the error: no traceback kept alive
            if len(self._found) < MAX_KEPT_AREAS:  # memory stays flat whatever the file names
                self._found[key] = found
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def _area(self, code: str, start: date, period: str) -> int:
        areas = self.areas.get(code)
        if not areas:
            raise ValueError(f"onbekende NIS-code '{clip(code)}'")
        for area in areas:
            if area.valid_on(start):
                return area.pk
        first = min((a.valid_from for a in areas if a.valid_from), default=None)
        if first and start < first:
            raise ValueError(f"NIS-code {code} bestaat pas vanaf {_day(first)}, niet in periode {period}")
        last = max((a.valid_until for a in areas if a.valid_until), default=None)
        raise ValueError(f"NIS-code {code} bestaat niet meer na {_day(last)}, niet in periode {period}")

    def computed(self, row: dict) -> bool:
        """An SDMX row without OBS_STATUS that the platform's export computed (sdmxfile.py): a ratio's
        figure, or one of an area above the municipality."""
        areas = self.areas.get(row["geo"], [])
        above = bool(areas) and all(a.level != Area.Level.MUNICIPALITY for a in areas)
        return row["indicator"] in self.ratios or above

    def row(self, number: int, row: dict[str, str], problem: Callable[[str, str], None]):
        """The row as staged; None after telling `problem` (column, message) what is wrong with it; or
        SKIP; checked step by step (`usual` first answers the rows like those found good before)."""
        if row.pop(IMPLIED_KEY, False) and self.computed(row):
            return SKIP
        return self._checked(number, row, problem)

    def usual(self, number: int, row: dict[str, str]) -> StagedRow | None:
        """The row as staged, when its indicator, period and area were found good before and its value
        is a number with a known status (upper case); None for `row` to check it step by step.
        Millions of rows come through here: this is most of them, answered from what was kept."""
        if IMPLIED_KEY in row:
            return None
        period = row["period"]
        known = self._periods.get((row["indicator"], period))
        if known is None:
            return None
        area_id = self._found.get((row["geo"], known[1], period))
        status = row.get("status") or "A"
        confidentiality = row.get("confidentiality") or FREE
        raw = row["value"]
        if (
            area_id.__class__ is not int
            or status not in OBS_STATUS
            or status in MISSING_STATUS
            or confidentiality not in CONF_STATUS
            or raw == ""
        ):
            return None
        try:
            value = bounded(raw) if isinstance(raw, Decimal) else parse_number(raw)
        except NumberError:
            return None
        return StagedRow(number, known[0], area_id, period.strip(), known[1], value, status, confidentiality)

    def _checked(self, number: int, row: dict[str, str], problem: Callable[[str, str], None]):
        ok = True

        def fail(column: str, message: str) -> None:
            nonlocal ok
            ok = False
            problem(column, message)

        indicator = self.indicators.get(row["indicator"])
        if indicator is None and row["indicator"] in self.readonly:
            fail(
                "indicator",
                f"je mag geen cijfers opladen voor indicator '{clip(row['indicator'])}': enkel voor de eigen "
                "indicatoren van je organisatie",
            )
        elif indicator is None:
            fail("indicator", f"onbekende indicator '{clip(row['indicator'])}'")
        elif indicator[2] is not None:
            fail(
                "indicator",
                f"indicator '{clip(row['indicator'])}' is stopgezet op {_day(indicator[2])}: er komen geen "
                "nieuwe cijfers meer bij",
            )
        start = None
        if indicator is not None:
            try:
                start = period_start(row["period"], indicator[1])
            except PeriodError as error:
                fail("period", str(error))
        if ok and start is not None and len(self._periods) < MAX_KEPT_AREAS:
            self._periods[(row["indicator"], row["period"])] = (indicator[0], start)
        area_id = None
        if start is not None:
            try:
                area_id = self.area(row["geo"], start, row["period"])
            except ValueError as error:
                fail("geo", str(error))
        elif row["geo"] not in self.areas:
            fail("geo", f"onbekende NIS-code '{clip(row['geo'])}'")
        status = (row.get("status") or "A").upper()
        if status not in OBS_STATUS:
            fail(
                "status",
                f"onbekende status '{clip(row['status'])}': kies {', '.join(OBS_STATUS)} (SDMX OBS_STATUS)",
            )
        confidentiality = (row.get("confidentiality") or FREE).upper()
        if confidentiality not in CONF_STATUS:
            fail(
                "confidentiality",
                f"onbekende vertrouwelijkheid '{clip(row['confidentiality'])}': "
                f"kies {', '.join(CONF_STATUS)} (SDMX CONF_STATUS)",
            )
        value = None
        if status in MISSING_STATUS:
            if row["value"] != "":
                fail("value", f"een ontbrekende waarde (status {status}) heeft geen getal: laat 'value' leeg")
        elif row["value"] == "":
            fail("value", "verplicht (of geef een status voor een ontbrekende waarde, bv. M of Q)")
        else:
            try:  # a number cell of a workbook or an SDMX OBS_VALUE is already a number
                raw = row["value"]
                value = bounded(raw) if isinstance(raw, Decimal) else parse_number(raw)
            except NumberError as error:
                fail("value", str(error))
        if not ok:
            return None
        return StagedRow(
            number, indicator[0], area_id, row["period"].strip(), start, value, status, confidentiality
        )


def _duplicates(run: str, report: ObservationReport, problem) -> None:
    """Name each row that repeats an earlier one's cell, once the merge found that some do: one GROUP
    BY to find the cells, and one read of the staged rows for the lines of all of them (the staging
    table has no index to look them up one by one)."""
    keys = list(
        StagedObservation.objects.filter(run=run)
        .values("indicator_id", "area_id", "period")
        .annotate(n=Count("id"), first=Min("line"))
        .filter(n__gt=1)
        .order_by("first")[: MAX_ERRORS + 1]
    )
    if not keys:
        return
    first = {(k["indicator_id"], k["area_id"], k["period"]): k["first"] for k in keys}
    cells = Q()
    for k in keys:
        cells |= Q(indicator_id=k["indicator_id"], area_id=k["area_id"], period=k["period"])
    rows = StagedObservation.objects.filter(cells, run=run).values_list(
        "indicator_id", "area_id", "period", "line"
    )
    for indicator_id, area_id, period, line in sorted(rows, key=lambda r: r[3]):
        earlier = first[(indicator_id, area_id, period)]
        if line != earlier:
            problem(line, "period", f"dubbele rij: indicator, geo en periode staan al op regel {earlier}")


def read_figure_rows(handle: BinaryIO, file_format: str = "csv"):
    """(header, stream of (line, row)) of a CSV file or an Excel workbook; FileProblem when unreadable."""
    if file_format == "xlsx":
        return read_xlsx_rows(handle, required=REQUIRED, optional=OPTIONAL)
    if file_format == "sdmx" or is_sdmx(handle):
        return read_sdmx_rows(handle)
    return read_rows(handle, required=REQUIRED, optional=OPTIONAL)


def observations_import(
    *,
    handle: BinaryIO,
    actor=None,
    source_version: str = "",
    progress: Callable[[int], None] | None = None,
    file_format: str = "csv",
    commit: bool = True,
) -> ObservationReport:
    """Check every row and write them all, or nothing. With commit=False only count what would change.

    On PostgreSQL the figures of periods their indicator has none in yet go straight into the
    observations (observation_copy.Stager, `direct`); should one of them name a cell that is there
    (a repeated row), the file is read again with every row merged, which names the repeat."""
    direct = connection.vendor == "postgresql" and handle.seekable()
    while True:
        try:
            return _import(handle, actor, source_version, progress, file_format, commit, direct=direct)
        except CellTaken:
            handle.seek(0)
            direct = False


def _import(handle, actor, source_version, progress, file_format, commit, *, direct) -> ObservationReport:
    report = ObservationReport()
    run = uuid.uuid4().hex

    def problem(line: int, column: str | None, message: str) -> None:
        if len(report.errors) < MAX_ERRORS:
            report.errors.append(FileProblem(line, column, message))
        else:
            report.more_errors += 1

    try:
        with transaction.atomic():
            checker = _Checker(actor)
            # observation_copy.py: COPY on PostgreSQL, batches on SQLite
            stager = Stager(run, BATCH, direct=direct, source_version=source_version)
            try:
                _header, rows = read_figure_rows(handle, file_format)
                computed = 0
                for number, row in rows:
                    staged = checker.usual(number, row)
                    if staged is None:
                        names = row.pop(COLUMNS_KEY, {})
                        staged = checker.row(
                            number,
                            row,
                            lambda column, message, n=number, names=names: problem(
                                n, names.get(column, column), message
                            ),
                        )
                        if staged is SKIP:
                            computed += 1
                            continue
                    report.rows += 1
                    if staged is not None and not report.errors:
                        stager.add(staged)
                    if progress and report.rows % BATCH == 0:  # whatever the database's batches
                        progress(report.rows)
                report.skipped = getattr(rows, "skipped", 0) + computed  # SDMX-CSV: no figure to import
            except FileProblem as error:
                report.errors.append(error)
            except BaseException as error:  # the COPY ends, sent nothing more: the connection is free
                stager.abort(error)
                raise
            stager.flush()  # ends PostgreSQL's COPY: CellTaken if a row copied straight in was refused
            if report.errors:
                raise _Rollback
            try:  # set-based; it finds rows that repeat a cell, which _duplicates then names
                report.counts = staged_merge(run, stager, actor=actor, source_version=source_version)
            except RepeatedCells:
                _duplicates(run, report, problem)
                raise _Rollback from None
            if not commit:
                raise _Rollback  # a preview: the counts are known, nothing stays written
    except _Rollback:
        return report
    report.written = True
    return report
