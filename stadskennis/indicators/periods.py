"""Periods as the imports and the API write them: 2020 (year), 2020-Q1, 2020-01 (month), 2020-01-01."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from stadskennis.indicators.models import Indicator
from stadskennis.indicators.numbers import clip

_FORMS = {
    Indicator.Periodicity.YEAR: (re.compile(r"(\d{4})", re.ASCII), "2020"),
    Indicator.Periodicity.QUARTER: (re.compile(r"(\d{4})-Q([1-4])", re.ASCII), "2020-Q1"),
    Indicator.Periodicity.MONTH: (re.compile(r"(\d{4})-(0[1-9]|1[0-2])", re.ASCII), "2020-01"),
    Indicator.Periodicity.DATE: (re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII), "2020-01-01"),
}
PERIODICITY_NL = {"year": "jaar", "quarter": "kwartaal", "month": "maand", "date": "datum"}


class PeriodError(ValueError):
    pass


@lru_cache(maxsize=4096)  # an import asks for the same few periods millions of times
def period_start(period: str, periodicity: str) -> date:
    """The first day of `period`, which must be written as `periodicity` wants; PeriodError otherwise."""
    pattern, example = _FORMS[periodicity]
    match = pattern.fullmatch(period.strip())
    if match:
        year = int(match.group(1))
        try:
            if periodicity == Indicator.Periodicity.YEAR:
                return date(year, 1, 1)
            if periodicity == Indicator.Periodicity.QUARTER:
                return date(year, 3 * int(match.group(2)) - 2, 1)
            if periodicity == Indicator.Periodicity.MONTH:
                return date(year, int(match.group(2)), 1)
            return date(year, int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise PeriodError(
        f"periode '{clip(period)}' past niet bij de periodiciteit {PERIODICITY_NL[periodicity]} "
        f"van de indicator (schrijf bv. {example})"
    )
