"""Computed figures kept between requests, under a key that changes whenever what they are computed
from changes.

A regional or group figure is a sum over hundreds of observations; computing a page's series and map
on every request costs more than the page may (issue 14: ≤ 100 ms). What is kept is viewer-independent
(aggregation.py's results: a figure over a confidential value is withheld for everyone), so one copy
serves every viewer, and display.py applies the viewer's rights after reading it. The key holds the
indicator's (and a ratio's numerator's and denominator's) last change and the moment their figures
last changed (`Indicator.figures_changed_at`, set by every merge in its transaction), so an import, a
revision or a new definition shows on the next request, for one small query.

Two places keep them. Each process keeps what it computed in Django's cache (memory, or Redis when
configured); the geography changes only with the reference data, and the timeout bounds how long a
change there takes. After an import the worker computes the imported indicators' pages and keeps them
in the database (`KeptFigures`, `keep`), where every web process reads them: the first reader after an
import computes nothing. A page never writes there (a read must not wait for an import's write lock).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from stadskennis.indicators.area_sums import is_current
from stadskennis.indicators.models import Indicator, KeptFigures

TIMEOUT = 15 * 60
T = TypeVar("T")


def figures_version(indicator: Indicator) -> str:
    """What the indicator's computed figures depend on, as a short string; read once per request (a
    page's series and map ask for it on the same instance)."""
    if not hasattr(indicator, "_figures_version"):
        figures_versions([indicator])
    return indicator._figures_version


def figures_versions(indicators: list[Indicator]) -> None:
    """Read the figures version of every one of `indicators` in one query (the compare builder's ten)."""
    ids = {i for ind in indicators for i in (ind.pk, ind.numerator_id, ind.denominator_id) if i}
    rows = Indicator.objects.filter(pk__in=ids).values_list(
        "pk", "updated_at", "figures_changed_at", "sums_of"
    )
    stamps = {
        pk: (changed.isoformat(), figures.isoformat() if figures else "", is_current(figures, sums))
        for pk, changed, figures, sums in rows
    }
    for indicator in indicators:
        parts = [
            stamps.get(i, ("", "", False))
            for i in (indicator.pk, indicator.numerator_id, indicator.denominator_id)
            if i
        ]
        indicator._figures_version = f"{indicator.pk}|{max(p[0] for p in parts)}|{max(p[1] for p in parts)}"
        indicator._sums_current = all(p[2] for p in parts)  # area_sums.py: its regions' sums are kept


def remembered(key: str, version: str, compute: Callable[[], T], *, kept: bool = False) -> T:
    """The value kept under `key` for `version` in this process (or, with `kept`, by the worker in the
    database), or `compute()`'s, kept in this process from now on. Kept per language: the reasons a
    figure is empty are written in the viewer's language when it is computed."""
    language = get_language()
    full_key = f"cijfers:{key}:{language}:{version}"
    value = cache.get(full_key)
    if value is None:
        value = _kept(key, language, version) if kept else None
        if value is None:
            value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def keep(key: str, version: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value, kept in the database for every process (the worker's warm-up, tasks.py):
    it replaces what was kept for this indicator, kind and language before."""
    value = compute()
    KeptFigures.objects.bulk_create(
        [
            KeptFigures(
                indicator_id=_indicator_id(version),
                kind=key,
                language=get_language(),
                version=version,
                value=pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL),
            )
        ],
        update_conflicts=True,
        unique_fields=["indicator", "kind", "language"],
        update_fields=["version", "value", "computed_at"],
    )
    cache.set(f"cijfers:{key}:{get_language()}:{version}", value, TIMEOUT)
    return value


def forget_kept() -> None:
    """Drop every kept figure (the geography was loaded again: they were computed on the old one)."""
    KeptFigures.objects.all().delete()


def _indicator_id(version: str) -> int:
    return int(version.split("|", 1)[0])


def _kept(key: str, language: str, version: str):
    row = (
        KeptFigures.objects.filter(
            indicator_id=_indicator_id(version), kind=key, language=language, version=version
        )
        .values_list("value", flat=True)
        .first()
    )
    return None if row is None else pickle.loads(row)  # noqa: S301 (written only by our own worker)
