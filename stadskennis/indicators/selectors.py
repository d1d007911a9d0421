"""Reads of Stad in cijfers, always through core.visibility."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from stadskennis.core.visibility import Visibility
from stadskennis.indicators.aggregation import figures_for_periods
from stadskennis.indicators.codes import is_confidential
from stadskennis.indicators.models import Area, Indicator
from stadskennis.indicators.series import periods_of


def indicators_visible(*, user):
    return (
        Indicator.objects.visible_to(user)
        .select_related("owner", "common_definition")
        .prefetch_related("themes")
        .order_by("name")
    )


def common_indicators():
    """The common catalogue: the centre's public indicators, which an own indicator may map to."""
    return Indicator.objects.filter(owner__isnull=True, visibility=Visibility.PUBLIC).order_by("name")


def own_versions_visible(indicator: Indicator, *, user):
    """The cities' own indicators that measure what `indicator` does, as far as `user` may see them."""
    return indicator.own_versions.visible_to(user).select_related("owner").order_by("owner__name", "name")


def own_indicators_managed(*, user):
    """The own indicators of `user`'s organisation (all of them for centre staff), to manage."""
    return (
        Indicator.objects.managed_by(user)
        .filter(owner__isnull=False)
        .select_related("owner", "common_definition")
        .order_by("name")
    )


def yearly_figures(indicator: Indicator, organisation) -> dict[int, Decimal]:
    """The figures of `organisation`'s municipality, by year, for a plan's indicator: only those
    anyone may see (a plan can be published), each period on its own boundaries, a ratio computed as
    the indicator page computes it; of a year with several periods, the last."""
    periods = periods_of(indicator)
    held = list(organisation.codes.all())  # once, not per period
    codes = {
        period: next(
            (
                c.code
                for c in held
                if c.valid_from <= start and (c.valid_until is None or start <= c.valid_until)
            ),
            None,
        )
        for period, start in periods
    }
    areas = {
        (area.code, area.valid_from, area.valid_until): area
        for area in Area.objects.filter(
            code__in={c for c in codes.values() if c}, level=Area.Level.MUNICIPALITY
        )
    }
    figures = figures_for_periods(indicator, periods, areas=[a.pk for a in areas.values()])
    found: dict[int, Decimal] = {}
    for period, start in periods:
        area = _area_on(areas.values(), codes[period], start)
        if area is None:
            continue
        result = figures[period].of(area)
        if result.shown and not result.confidential and not is_confidential(result.confidentiality or "F"):
            found[start.year] = result.value
    return found


def _area_on(areas, code: str | None, day: date):
    return next((area for area in areas if area.code == code and area.valid_on(day)), None)


def municipality_by_code(code: str, day: date):
    """The municipality with NIS code `code` on `day` (a code is reused after a merger), or None."""
    areas = Area.objects.filter(code=code, level=Area.Level.MUNICIPALITY)
    return _area_on(list(areas), code, day)
