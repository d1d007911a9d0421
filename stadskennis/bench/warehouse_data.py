"""The warehouse benchmark's data: a catalogue with a realistic mix of indicators and their figures for
the 300 Flemish municipalities (2019–2024 boundaries, from `load-reference`) over 25 years.

Every figure is a pure function of (indicator, municipality, year), so the rows written straight into the
warehouse, the CSV files imported through `import-observations` and the figures DuckDB aggregates are the
same data. Of every ten indicators five are `sum` (counts scaled from the municipality's real population of
2020), three `ratio` (a percentage or a rate per thousand of two of those sums) and two `none` (an index
measured per municipality). Rows come in the order an export gives them: indicator, municipality, year.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

YEARS = list(range(2000, 2025))  # 25 years, all on the 2019–2024 boundaries
SOURCE_VERSION = "bench"
# position in a block of ten → (aggregation, numerator position, denominator position, scale)
_KINDS = {
    0: ("sum", None, None, 1),
    1: ("sum", None, None, 1),
    2: ("sum", None, None, 1),
    3: ("sum", None, None, 1),
    4: ("sum", None, None, 1),
    5: ("ratio", 0, 1, 100),
    6: ("ratio", 2, 1, 1000),
    7: ("ratio", 3, 4, 100),
    8: ("none", None, None, 1),
    9: ("none", None, None, 1),
}


@dataclass(frozen=True)
class Spec:
    number: int  # 0-based
    code: str
    aggregation: str
    numerator: int | None  # number of the numerator indicator
    denominator: int | None
    scale: int

    @property
    def decimals(self) -> int:
        return {"sum": 0, "ratio": 2, "none": 1}[self.aggregation]


def catalogue(n_indicators: int) -> list[Spec]:
    """`n_indicators` (a multiple of ten), ratios referring to sums of their own block."""
    specs = []
    for number in range(n_indicators):
        base = number - number % 10
        aggregation, num, den, scale = _KINDS[number % 10]
        specs.append(
            Spec(
                number, f"wh-{number:04d}", aggregation,
                None if num is None else base + num, None if den is None else base + den, scale,
            )
        )  # fmt: skip
    return specs


def _sum_values(number: int, population: int) -> list[int]:
    weight = 0.002 + (number * 7919 % 1000) / 2000  # 0.2% to 50% of the population
    growth = 1 + ((number * 104729 % 41) - 20) / 1000  # -2% to +2% a year
    base = population * weight
    return [round(base * growth**k) + (number + k) % 7 for k in range(len(YEARS))]


def values(spec: Spec, population: int) -> list[str]:
    """The 25 yearly figures of `spec` for a municipality, as the text a file holds."""
    if spec.aggregation == "sum":
        return [str(v) for v in _sum_values(spec.number, population)]
    if spec.aggregation == "ratio":
        nums = _sum_values(spec.numerator, population)
        dens = _sum_values(spec.denominator, population)
        return [f"{n * spec.scale / d:.2f}" if d else "0.00" for n, d in zip(nums, dens, strict=True)]
    seed = spec.number * 31 + population % 997
    return [f"{50 + (seed * 13 + k * 17) % 500 / 10:.1f}" for k in range(len(YEARS))]


def ratio_of_sums(spec: Spec, populations: list[int], year: int) -> Decimal:
    """The region's figure, computed the obvious way: what ours and DuckDB's must both give."""
    k = YEARS.index(year)
    if spec.aggregation == "sum":
        return Decimal(sum(_sum_values(spec.number, p)[k] for p in populations))
    num = sum(_sum_values(spec.numerator, p)[k] for p in populations)
    den = sum(_sum_values(spec.denominator, p)[k] for p in populations)
    return Decimal(num) * spec.scale / Decimal(den)


def rows(specs: list[Spec], areas: list[tuple[int, str, int]], first: int, last: int) -> Iterator[tuple]:
    """(spec, area id, NIS code, year, value text) of rows first..last-1 of the whole warehouse, in
    the order indicator, municipality, year. `areas`: (id, NIS code, population) of each municipality."""
    per_indicator = len(areas) * len(YEARS)
    for spec in specs[first // per_indicator : -(-last // per_indicator)]:
        offset = spec.number * per_indicator
        for a, (area_id, code, population) in enumerate(areas):
            start = offset + a * len(YEARS)
            if start + len(YEARS) <= first or start >= last:
                continue
            for k, value in enumerate(values(spec, population)):
                if first <= start + k < last:
                    yield spec, area_id, code, YEARS[k], value


def write_csv(path, specs, areas, first: int, last: int) -> int:
    """The rows first..last-1 as a file for `import-observations`; returns the number of rows."""
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("indicator,geo,period,value\n")
        lines = []
        for spec, _area_id, code, year, value in rows(specs, areas, first, last):
            lines.append(f"{spec.code},{code},{year},{value}\n")
            if len(lines) >= 50_000:
                out.write("".join(lines))
                n += len(lines)
                lines = []
        out.write("".join(lines))
        n += len(lines)
    return n


def catalogue_create(specs: list[Spec]) -> dict[int, int]:
    """The indicators in the database (sums first, so ratios can point at them): number → pk."""
    from stadskennis.indicators.models import Indicator

    names = {"sum": "aantal", "ratio": "aandeel", "none": "index"}

    def indicator(spec: Spec, pks: dict[int, int]) -> Indicator:
        return Indicator(
            code=spec.code, name=f"Benchmark {names[spec.aggregation]} {spec.number:04d}",
            description="Gegenereerde benchmarkindicator.", unit="%" if spec.scale == 100 else "",
            aggregation=spec.aggregation, decimals=spec.decimals, scale=spec.scale,
            numerator_id=pks.get(spec.numerator), denominator_id=pks.get(spec.denominator),
            source="stadskennis bench", licence="CC0", is_demo=True,
        )  # fmt: skip

    pks: dict[int, int] = {}
    for wanted in (("sum", "none"), ("ratio",)):
        chosen = [s for s in specs if s.aggregation in wanted]
        made = Indicator.objects.bulk_create([indicator(s, pks) for s in chosen], batch_size=500)
        if not all(i.pk for i in made):  # backends without RETURNING
            by_code = dict(
                Indicator.objects.filter(code__in=[s.code for s in chosen]).values_list("code", "pk")
            )
            pks.update({s.number: by_code[s.code] for s in chosen})
        else:
            pks.update({s.number: i.pk for s, i in zip(chosen, made, strict=True)})
    return pks


def municipalities() -> list[tuple[int, str, int]]:
    """(id, NIS code, population 2020) of the 300 Flemish municipalities of 2019, by NIS code."""
    from stadskennis.indicators.models import Area, Observation
    from stadskennis.indicators.reference import FLEMISH_REGION, POPULATION

    population = dict(Observation.objects.filter(indicator__code=POPULATION).values_list("area_id", "value"))
    areas = Area.objects.filter(
        level=Area.Level.MUNICIPALITY, region__code=FLEMISH_REGION, valid_from__isnull=True
    ).order_by("code")
    return [(a.pk, a.code, int(population[a.pk])) for a in areas]


def warehouse_fill(specs, pks: dict[int, int], areas, first: int, last: int) -> int:
    """Rows first..last-1 written straight into the observations table, the fastest way each database
    has (PostgreSQL: COPY, foreign-key triggers off for the load; SQLite: one executemany). Only the
    bench does this: the product's own path is `import-observations`, which the bench times apart."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now().isoformat()
    columns = "indicator_id, area_id, period, period_start, value, status, confidentiality, " + (
        "source_version, updated_at"
    )
    n = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            with cursor.cursor.copy(f"COPY indicators_observation ({columns}) FROM STDIN") as copy:
                lines = []
                for spec, area_id, _code, year, value in rows(specs, areas, first, last):
                    lines.append(
                        f"{pks[spec.number]}\t{area_id}\t{year}\t{year}-01-01\t{value}\tA\tF\t{SOURCE_VERSION}\t{now}\n"
                    )
                    if len(lines) >= 50_000:
                        copy.write("".join(lines))
                        n += len(lines)
                        lines = []
                copy.write("".join(lines))
                n += len(lines)
        else:
            sql = f"INSERT INTO indicators_observation ({columns}) VALUES (?, ?, ?, ?, ?, 'A', 'F', ?, ?)"  # noqa: S608
            raw = cursor.cursor
            batch = []
            for spec, area_id, _code, year, value in rows(specs, areas, first, last):
                batch.append(
                    (pks[spec.number], area_id, str(year), f"{year}-01-01", value, SOURCE_VERSION, now)
                )
                if len(batch) >= 50_000:
                    raw.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            raw.executemany(sql, batch)
            n += len(batch)
    return n
