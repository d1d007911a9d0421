"""What a merge keeps about its indicators' figures: the municipalities' figures summed per region,
province and arrondissement (`AreaSum`), and the periods each indicator has figures in
(`IndicatorPeriod`).

A region's figure is a sum over hundreds of municipalities per period; summing them while a page waits
cost the compare builder most of its time at the warehouse's scale (decision 0012, fourth step). So the
sums are written where the figures are: in the transaction of every merge, for the indicators it wrote
(observation_copy.staged_merge), and for every indicator when the geography is loaded again
(reference.py). `Indicator.sums_of` records which figures they were summed from; a reader whose
indicator's figures changed some other way sums them (or finds its periods) in the database while it
reads, as before. Whatever writes figures another way must call `area_sums_refresh` (the command
`stadskennis refresh-area-sums`) or set `figures_changed_at`: a stamp left as it was reads as current.
Kept and live sums group and filter the same observations (`_valid_municipalities`); on SQLite, whose
sums of fractional values are floating point, they may differ in the last decimal kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from stadskennis.indicators.codes import FREE
from stadskennis.indicators.models import Area, AreaSum, Indicator, IndicatorPeriod, Observation

LEVELS = (Area.Level.REGION, Area.Level.PROVINCE, Area.Level.ARRONDISSEMENT)


class Total(NamedTuple):
    """What the municipalities of a region that have a figure of one indicator in a period add up to."""

    present: int  # municipalities with a value
    value: Decimal  # the sum of their values
    secret: int  # municipalities whose observation is confidential (with or without a value)


def _valid_municipalities(ids: list[int] | None):
    """The observations of municipalities valid at their period's start, of `ids` (None: all)."""
    valid = (Q(area__valid_from__isnull=True) | Q(area__valid_from__lte=F("period_start"))) & (
        Q(area__valid_until__isnull=True) | Q(area__valid_until__gte=F("period_start"))
    )
    observations = Observation.objects.filter(valid, area__level=Area.Level.MUNICIPALITY)
    return observations if ids is None else observations.filter(indicator_id__in=ids)


_COUNTED = {
    "present": Count("value"),
    "total": Sum("value"),
    "secret": Count("indicator", filter=~Q(confidentiality=FREE)),
}


def _summed(level: str, ids: list[int] | None):
    """Per area of `level`, indicator and period: how many municipalities valid at the period's start
    have a value, their sum, how many are confidential (GROUP BY). `ids` None: every indicator."""
    return (
        _valid_municipalities(ids)
        .filter(**{f"area__{level}__isnull": False})
        .order_by()
        .values("indicator_id", f"area__{level}", "period", "period_start")
        .annotate(**_COUNTED)
    )


def _summed_per_arrondissement(ids: list[int] | None):
    """As `_summed`, per arrondissement with its province and region: every level's sums add these up,
    so the observations are read once for the three levels (as GROUPING SETS would, which SQLite has
    not)."""
    return (
        _valid_municipalities(ids)
        .order_by()
        .values(
            "indicator_id", "period", "period_start",
            arrondissement=F("area__arrondissement"), province=F("area__province"), region=F("area__region"),
        )
        .annotate(**_COUNTED)
    )  # fmt: skip


def _periods(ids):
    """(indicator, period, start) of every period in which the indicators `ids` (None: all) have an
    observation."""
    observations = (
        Observation.objects.all() if ids is None else Observation.objects.filter(indicator_id__in=ids)
    )
    return observations.order_by().values_list("indicator_id", "period", "period_start").distinct()


def area_sums_refresh(ids: list[int] | None = None) -> int:
    """Sum again the figures of the indicators `ids` (None: all) at every level and record that they
    are current; returns the number of sums written. Called inside the transaction that changed the
    figures, so no reader sees new figures beside old sums."""
    table = connection.ops.quote_name(AreaSum._meta.db_table)
    columns = "indicator_id, area_id, period, period_start, present, value, secret"
    with transaction.atomic(), connection.cursor() as cursor:
        for derived in (AreaSum, IndicatorPeriod):
            (derived.objects.all() if ids is None else derived.objects.filter(indicator_id__in=ids)).delete()
        sql, params = _periods(ids).query.sql_with_params()
        periods_table = connection.ops.quote_name(IndicatorPeriod._meta.db_table)
        cursor.execute(f"INSERT INTO {periods_table} (indicator_id, period, period_start) {sql}", params)  # noqa: S608
        sql, params = _summed_per_arrondissement(ids).query.sql_with_params()
        levels = " UNION ALL ".join(
            f"SELECT indicator_id, {level}, period, period_start, SUM(present), SUM(total), SUM(secret) "  # noqa: S608
            f"FROM base WHERE {level} IS NOT NULL GROUP BY indicator_id, {level}, period, period_start"
            for level in LEVELS
        )
        cursor.execute(f"WITH base AS MATERIALIZED ({sql}) INSERT INTO {table} ({columns}) {levels}", params)  # noqa: S608
        written = cursor.rowcount  # SQLite does not count the rows of an INSERT behind a WITH
        if written < 0:
            written = (
                AreaSum.objects.all() if ids is None else AreaSum.objects.filter(indicator_id__in=ids)
            ).count()
        indicators = Indicator.objects.all() if ids is None else Indicator.objects.filter(pk__in=ids)
        # figures from before `figures_changed_at` existed: stamped now, so their sums count as current
        indicators.filter(figures_changed_at__isnull=True).update(figures_changed_at=timezone.now())
        indicators.update(sums_of=F("figures_changed_at"))
    return written


def is_current(figures_changed_at, sums_of) -> bool:
    """The rule for an indicator's kept sums and periods: current when made from its figures as they
    are now (its figures' stamp is the one they were summed from). Every reader asks here."""
    return bool(figures_changed_at) and figures_changed_at == sums_of


def current_ids(ids: list[int]) -> set[int]:
    """Those of `ids` whose kept sums and periods are current."""
    stamps = Indicator.objects.filter(pk__in=ids).values_list("pk", "figures_changed_at", "sums_of")
    return {pk for pk, changed, of in stamps if is_current(changed, of)}


def kept_periods() -> dict[int, set[str]]:
    """Indicator → the periods it has figures in, for every indicator whose kept periods are current:
    a few dozen per indicator (the import reads them before it reads its file)."""
    stamps = Indicator.objects.values_list("pk", "figures_changed_at", "sums_of")
    kept: dict[int, set[str]] = {pk: set() for pk, changed, of in stamps if is_current(changed, of)}
    for indicator_id, period in IndicatorPeriod.objects.filter(indicator_id__in=list(kept)).values_list(
        "indicator_id", "period"
    ):
        kept[indicator_id].add(period)
    return kept


def sums_current(ids: list[int]) -> bool:
    """Whether the kept sums of all of `ids` were summed from their figures as they are now."""
    return current_ids(ids) == set(ids)


def periods_with_figures(ids: list[int]) -> dict[int, list[tuple[str, date]]]:
    """Each of the indicators `ids` → the (period, start) it has observations in, unordered: kept rows
    for the current ones (a few dozen), the others found among their observations."""
    current = current_ids(ids)
    rows = list(IndicatorPeriod.objects.filter(indicator_id__in=current).values_list(
        "indicator_id", "period", "period_start"
    )) if current else []  # fmt: skip
    if len(current) < len(set(ids)):
        rows += list(_periods([i for i in ids if i not in current]))
    found: dict[int, list[tuple[str, date]]] = {pk: [] for pk in ids}
    for indicator_id, period, start in rows:
        found[indicator_id].append((period, start))
    return found


def area_sums(
    ids: list[int], periods: list[tuple[str, date]], regions: list[Area], *, current: bool | None = None
) -> dict[tuple, dict]:
    """(region, period) → indicator → `Total` for regions of one level: the kept sums when all of
    `ids` are `current` (asked when not told: caching.figures_versions tells), otherwise summed now by
    the database. One query either way."""
    level = regions[0].level
    starts = [start for _period, start in periods] or [date.min]
    within = {"period_start__gte": min(starts), "period_start__lte": max(starts)}
    if current if current is not None else sums_current(ids):
        rows = AreaSum.objects.filter(indicator_id__in=ids, area__in=regions, **within).values_list(
            "area_id", "period", "indicator_id", "present", "value", "secret"
        )
    else:
        rows = (
            _summed(level, ids)
            .filter(**{f"area__{level}__in": regions}, **within)
            .values_list(f"area__{level}", "period", "indicator_id", "present", "total", "secret")
        )
    found: dict[tuple, dict[int, Total]] = {}
    for region_id, period, indicator_id, present, total, secret in rows:
        found.setdefault((region_id, period), {})[indicator_id] = Total(present, total or Decimal(0), secret)
    return found
