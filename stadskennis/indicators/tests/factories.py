"""Factories for Stad in cijfers. Indicators are made by `indicator_save` (audited, with their first
definition); figures by `observations_merge`, as an import writes them."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from stadskennis.indicators.models import Area, Indicator
from stadskennis.indicators.observations import Figure, observations_merge
from stadskennis.indicators.periods import period_start
from stadskennis.indicators.services import indicator_save

# The NIS codes of the 13 centre cities on the 2019 boundaries, Aalst … Turnhout in the order of their names.
CENTRE_CITY_CODES = [
    "41002", "11002", "31005", "71016", "44021", "71022", "34022", "24062", "12025", "35013", "36015",
    "46021", "13040",
]  # fmt: skip


class IndicatorFactory(DjangoModelFactory):
    """A yearly additive count unless told otherwise; `numerator=`/`denominator=` make a ratio."""

    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.LazyAttribute(lambda o: f"Indicator {o.code}")
    aggregation = Indicator.Aggregation.SUM
    periodicity = Indicator.Periodicity.YEAR

    @classmethod
    def _create(cls, model_class, *args, code, themes=None, actor=None, **fields):
        indicator, _outcome = indicator_save(code=code, fields=fields, themes=themes, actor=actor)
        return indicator


def observe(indicator: Indicator, period: str, values: dict[str, object], **flags) -> None:
    """Store figures of `indicator` for `period`, keyed by NIS code (the area valid in that period)."""
    start = period_start(period, indicator.periodicity)
    figures = []
    for code, value in values.items():
        area = next(a for a in Area.objects.filter(code=code) if a.valid_on(start))
        figures.append(
            Figure(
                indicator.pk, area.pk, period, start, None if value is None else Decimal(str(value)), **flags
            )
        )
    observations_merge(batches=[figures])


def area(code: str, *, year: int = 2020) -> Area:
    from datetime import date

    return next(a for a in Area.objects.filter(code=code) if a.valid_on(date(year, 1, 1)))
