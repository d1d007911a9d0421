"""Computed figures kept between requests, under a key that changes whenever what they are computed
from changes.

A regional or group figure is a sum over hundreds of observations; computing a page's series and map
on every request costs more than the page may (issue 14: ≤ 100 ms). What is kept is viewer-independent
(aggregation.py's results: a figure over a confidential value is withheld for everyone), so one copy
serves every viewer, and display.py applies the viewer's rights after reading it. The key holds the
indicator's (and a ratio's numerator's and denominator's) last change and the number and last change
of their observations, so an import, a revision or a new definition shows on the next request. The
geography changes only with the reference data; the timeout bounds how long a change there takes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max

from stadskennis.indicators.models import Indicator, Observation

TIMEOUT = 15 * 60
T = TypeVar("T")


def figures_version(indicator: Indicator) -> str:
    """What the indicator's computed figures depend on, as a short string; read once per request (a
    page's series and map ask for it on the same instance)."""
    if not hasattr(indicator, "_figures_version"):
        indicator._figures_version = _version(indicator)
    return indicator._figures_version


def _version(indicator: Indicator) -> str:
    ids = [i for i in (indicator.pk, indicator.numerator_id, indicator.denominator_id) if i]
    changed = Indicator.objects.filter(pk__in=ids).aggregate(last=Max("updated_at"))["last"]
    observed = Observation.objects.filter(indicator_id__in=ids).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    last = observed["last"].isoformat() if observed["last"] else ""
    return f"{indicator.pk}|{changed.isoformat()}|{observed['n']}|{last}"


def remembered(key: str, version: str, compute: Callable[[], T]) -> T:
    """The value kept under `key` for `version`, or `compute()`'s, kept from now on."""
    full_key = f"cijfers:{key}:{version}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value
