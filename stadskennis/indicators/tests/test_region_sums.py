"""A region's figure summed by the database (GROUP BY) is the figure worked out member by member.

The indicator page and the compare builder read only their rows' own areas and let the database sum
the regions (aggregation.region_totals); whenever the sums cannot settle a figure (a municipality
missing, a confidential value) the whole period is read and the figure worked out as before, with the
missing members named. Each case compares the two ways on the real population of 2020.
"""

from datetime import date
from decimal import Decimal

import pytest

from stadskennis.indicators.aggregation import Figures, figures_for_periods
from stadskennis.indicators.models import Area, Indicator, Observation
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

PERIOD = ("2020-01-01", date(2020, 1, 1))
FLANDERS, BRUSSELS = "02000", "04000"


@pytest.fixture
def per_thousand(geography):
    """Ten of something in every Flemish municipality in 2020, per 1,000 inhabitants."""
    population = Indicator.objects.get(code="bevolking")
    counted = IndicatorFactory(code="teller", periodicity="date")
    flemish = Area.objects.filter(level="municipality", region__code=FLANDERS, valid_from__isnull=True)
    observe(counted, PERIOD[0], dict.fromkeys(flemish.values_list("code", flat=True), 10))
    return IndicatorFactory(
        code="per-1000", aggregation="ratio", numerator=counted, denominator=population, scale=1000,
        periodicity="date",
    )  # fmt: skip


def both_ways(indicator, code, *, boundaries=None):
    """(summed by the database, worked out member by member, whether the summed one read the whole
    period after all)."""
    region = Area.objects.get(code=code)
    summed = figures_for_periods(
        indicator, [PERIOD], boundaries=boundaries, areas=[region.pk], summed=[region]
    )
    fast = summed[PERIOD[0]]
    result = fast.of(region)
    slow = Figures(indicator, *PERIOD, boundaries=boundaries).of(region)
    return result, slow, fast._scope is None


def test_flanders_population_is_summed_by_the_database_without_reading_each_municipality(geography):
    population = Indicator.objects.get(code="bevolking")
    fast, slow, read_all = both_ways(population, FLANDERS)
    assert fast == slow
    assert fast.value == sum(
        Observation.objects.filter(
            indicator=population, period=PERIOD[0], area__region__code=FLANDERS, area__level="municipality"
        ).values_list("value", flat=True)
    )
    assert fast.value > 6_600_000 and fast.coverage == 1 and fast.missing == []
    assert not read_all


def test_a_ratio_of_sums_summed_by_the_database_is_the_same_figure(per_thousand):
    fast, slow, read_all = both_ways(per_thousand, FLANDERS)
    assert fast == slow
    assert round(fast.value, 4) == round(Decimal(3000) / slow_population() * 1000, 4)
    assert not read_all


def slow_population() -> Decimal:
    return sum(
        Observation.objects.filter(
            indicator__code="bevolking",
            period=PERIOD[0],
            area__region__code=FLANDERS,
            area__level="municipality",
        ).values_list("value", flat=True)
    )


def test_on_the_2025_boundaries_flanders_is_still_the_sum_of_every_municipality_of_2020(per_thousand):
    fast, slow, read_all = both_ways(per_thousand, FLANDERS, boundaries="2025")
    assert fast == slow and fast.value is not None
    assert not read_all


def test_a_missing_municipality_is_named_as_before(per_thousand, settings):
    observe(per_thousand.numerator, PERIOD[0], {"44021": None}, status="M")
    settings.INDICATOR_COVERAGE_PERCENT = 99
    fast, slow, read_all = both_ways(per_thousand, FLANDERS)
    assert fast == slow
    assert fast.value is None and fast.missing == ["Gent"]
    assert read_all  # the names come from the members' own figures


def test_a_confidential_municipality_withholds_the_region_as_before(per_thousand):
    observe(per_thousand.numerator, PERIOD[0], {"44021": 10}, confidentiality="C")
    fast, slow, read_all = both_ways(per_thousand, FLANDERS)
    assert fast == slow
    assert fast.value is None and fast.confidential and "Gent" in fast.reason


def test_a_region_without_any_figure_says_so_without_reading_each_municipality(per_thousand):
    fast, slow, read_all = both_ways(per_thousand.numerator, BRUSSELS)  # counted only in Flanders
    assert fast == slow
    assert fast.value is None and len(fast.missing) == 19
    assert not read_all


def test_a_published_regional_total_is_shown_as_published(geography):
    population = Indicator.objects.get(code="bevolking")
    observe(population, PERIOD[0], {FLANDERS: 6_629_143})
    fast, slow, _read_all = both_ways(population, FLANDERS)
    assert fast == slow
    assert fast.value == 6_629_143 and fast.published and not fast.computed
