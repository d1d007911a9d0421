"""The physical reference of the warehouse benchmark: the Flemish Region's figures (a sum, a ratio of
sums) computed by DuckDB over the same observations, beside ours (`aggregation.Figures`).

The observations table is exported once (PostgreSQL: COPY … TO STDOUT; SQLite: a plain read) to a CSV
file that DuckDB loads; its time is given apart. DuckDB then computes the region's figure of every
indicator in every year in one GROUP BY, a column store's best case, and the same few indicators as ours.
DuckDB is only in the bench's extras (pyproject `bench`), never a dependency of the product.
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path


def _export(path: Path) -> int:
    from django.db import connection

    with connection.cursor() as cursor, path.open("w", encoding="utf-8") as out:
        if connection.vendor == "postgresql":
            sql = "COPY (SELECT indicator_id, area_id, period, value FROM indicators_observation) TO STDOUT"
            with cursor.cursor.copy(sql) as copy:
                for block in copy:
                    out.write(bytes(block).decode("utf-8"))
        else:
            cursor.execute("SELECT indicator_id, area_id, period, value FROM indicators_observation")
            while chunk := cursor.fetchmany(50_000):
                out.write("".join(f"{i}\t{a}\t{p}\t{'' if v is None else v}\n" for i, a, p, v in chunk))
        cursor.execute("SELECT COUNT(*) FROM indicators_observation")
        return cursor.fetchone()[0]


def _ours(indicators, flanders) -> tuple[dict, list[float]]:
    from stadskennis.indicators.aggregation import figures_for_periods
    from stadskennis.indicators.series import periods_of

    values, times = {}, []
    for indicator in indicators:
        started = time.perf_counter()
        periods = periods_of(indicator)
        # as the pages compute it: the region summed by the database (aggregation.region_totals)
        figures = figures_for_periods(indicator, periods, areas=[flanders.pk], summed=[flanders])
        for period, _start in periods:
            values[(indicator.code, period)] = figures[period].of(flanders).value
        times.append((time.perf_counter() - started) * 1000)
    return values, times


def run(folder: Path, codes: list[str]) -> dict:
    """DuckDB's and our figures of the Flemish Region for `codes`, every year, and their times."""
    import duckdb

    from stadskennis.indicators.models import Area, Indicator
    from stadskennis.indicators.reference import FLEMISH_REGION

    path = folder / "observations.tsv"
    started = time.perf_counter()
    rows = _export(path)
    export_s = time.perf_counter() - started
    flanders = Area.objects.get(code=FLEMISH_REGION)
    members = list(
        Area.objects.filter(
            level=Area.Level.MUNICIPALITY, region=flanders, valid_from__isnull=True
        ).values_list("pk", flat=True)
    )
    catalogue = list(
        Indicator.objects.values_list("pk", "code", "aggregation", "numerator_id", "denominator_id", "scale")
    )
    db = duckdb.connect()
    db.execute("SET threads = 2")
    started = time.perf_counter()
    quoted = str(path).replace("'", "''")
    db.execute(
        f"CREATE TABLE obs AS SELECT * FROM read_csv('{quoted}', delim = '\t', header = false, "  # noqa: S608
        "nullstr = '\\N', columns = {'indicator_id': 'BIGINT', 'area_id': 'BIGINT', 'period': 'VARCHAR', "
        "'value': 'DECIMAL(24,6)'})"
    )
    load_s = time.perf_counter() - started
    db.execute("CREATE TABLE member (id BIGINT)")
    db.executemany("INSERT INTO member VALUES (?)", [(m,) for m in members])
    db.execute(
        "CREATE TABLE ind (id BIGINT, code VARCHAR, aggregation VARCHAR, num BIGINT, den BIGINT, "
        "scale DECIMAL(12,4))"
    )
    db.executemany("INSERT INTO ind VALUES (?, ?, ?, ?, ?, ?)", catalogue)
    cube_sql = """
        WITH sums AS (
            SELECT o.indicator_id, o.period, SUM(o.value) AS total
            FROM obs o JOIN member m ON m.id = o.area_id GROUP BY ALL
        )
        SELECT i.code, s.period,
               CASE WHEN i.aggregation = 'sum' THEN s.total
                    ELSE CAST(n.total AS DOUBLE) / CAST(d.total AS DOUBLE) * CAST(i.scale AS DOUBLE) END
        FROM ind i
        JOIN sums s ON s.indicator_id = (CASE WHEN i.aggregation = 'sum' THEN i.id ELSE i.num END)
        LEFT JOIN sums n ON i.aggregation = 'ratio' AND n.indicator_id = i.num AND n.period = s.period
        LEFT JOIN sums d ON i.aggregation = 'ratio' AND d.indicator_id = i.den AND d.period = s.period
        WHERE i.aggregation IN ('sum', 'ratio') {only}
    """
    started = time.perf_counter()
    cube = db.execute(cube_sql.format(only="")).fetchall()
    cube_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    chosen = db.execute(cube_sql.format(only="AND i.code IN (SELECT unnest(?))"), [codes]).fetchall()
    chosen_ms = (time.perf_counter() - started) * 1000
    theirs = {(code, period): value for code, period, value in chosen}
    ours, our_ms = _ours(list(Indicator.objects.filter(code__in=codes).order_by("code")), flanders)
    worst = Decimal(0)
    for key, value in theirs.items():
        mine = ours.get(key)
        if mine is None or value is None:
            worst = Decimal("Infinity")
            continue
        worst = max(worst, abs(Decimal(str(value)) - mine) / max(abs(mine), Decimal(1)))
    sample = [
        (code, period, str(theirs[(code, period)]), str(ours.get((code, period))))
        for code in codes
        for period in ("2000", "2012", "2024")
        if (code, period) in theirs
    ]
    path.unlink()
    return {
        "rows": rows,
        "export_s": export_s,
        "duckdb_load_s": load_s,
        "duckdb_cube_ms": cube_ms,
        "duckdb_cube_cells": len(cube),
        "duckdb_chosen_ms": chosen_ms,
        "ours_ms_per_indicator": our_ms,
        "cells_compared": len(theirs),
        "max_relative_difference": str(worst),
        "sample": sample,
    }
