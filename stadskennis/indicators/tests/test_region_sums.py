"""A region's figure from the sums the database keeps is the figure worked out member by member.

The indicator page and the compare builder read only their rows' own areas and take the regions' sums
from `AreaSum` (written by every merge, area_sums.py), or, when an indicator's figures changed some
other way, from the database summing while it reads; whenever the sums cannot settle a figure (a
municipality missing, a confidential value) the whole period is read and the figure worked out as
before, with the missing members named. Each case compares the ways on the real population of 2020.
"""

import io
from datetime import date
from decimal import Decimal

import pytest

from stadskennis.indicators.aggregation import Figures, figures_for_periods
from stadskennis.indicators.area_sums import (
    LEVELS,
    _summed,
    area_sums,
    area_sums_refresh,
    periods_with_figures,
    sums_current,
)
from stadskennis.indicators.models import Area, AreaSum, Indicator, IndicatorPeriod, Observation
from stadskennis.indicators.reference import geography_load
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


def kept_sums() -> set[tuple]:
    return set(AreaSum.objects.values_list("indicator_id", "area_id", "period", "present", "value", "secret"))


def live_sums() -> set[tuple]:
    return {
        (
            row["indicator_id"],
            row[f"area__{level}"],
            row["period"],
            row["present"],
            row["total"],
            row["secret"],
        )
        for level in LEVELS
        for row in _summed(level, None)
    }


def test_every_merge_keeps_the_sums_of_every_region_province_and_arrondissement(per_thousand):
    observe(per_thousand.numerator, PERIOD[0], {"44021": 12}, confidentiality="C")  # Gent, confidential
    kept = kept_sums()
    assert kept == live_sums()
    population = Indicator.objects.get(code="bevolking")
    by_area = {(i, Area.objects.get(pk=a).code): (n, v, c) for i, a, _p, n, v, c in kept}
    assert by_area[(population.pk, FLANDERS)][0] == 300 and by_area[(population.pk, FLANDERS)][1] > 6_600_000
    assert by_area[(population.pk, "40000")][0] == 60  # the province of East Flanders (2019–2024)
    assert by_area[(per_thousand.numerator_id, FLANDERS)] == (300, Decimal(3002), 1)  # Gent's 12, secret
    assert by_area[(per_thousand.numerator_id, "44000")][2] == 1  # and in its arrondissement
    assert sums_current([population.pk, per_thousand.numerator_id])


def test_figures_written_outside_a_merge_are_summed_while_reading_not_taken_from_stale_sums(per_thousand):
    """Rows written straight into the table (as the bench and a hand repair do) leave the indicator's
    sums marked as not current; the database then sums while it reads, and the figure is right."""
    gent = Area.objects.get(code="44021", valid_from__isnull=True)
    Observation.objects.filter(indicator=per_thousand.numerator, area=gent).update(value=1010)
    Indicator.objects.filter(pk=per_thousand.numerator_id).update(figures_changed_at="2030-01-01T00:00Z")
    assert not sums_current([per_thousand.numerator_id])
    flanders = Area.objects.get(code=FLANDERS)
    totals = area_sums([per_thousand.numerator_id], [PERIOD], [flanders])
    assert totals[(flanders.pk, PERIOD[0])][per_thousand.numerator_id].value == 3000 - 10 + 1010
    fast, slow, _read_all = both_ways(per_thousand, FLANDERS)
    assert fast == slow and fast.value is not None
    written = area_sums_refresh([per_thousand.numerator_id])  # what the next merge does
    assert written == AreaSum.objects.filter(indicator_id=per_thousand.numerator_id).count() == 1 + 5 + 22
    # (counted only in Flanders: the region, its 5 provinces and 22 arrondissements, in one period)
    assert sums_current([per_thousand.numerator_id]) and kept_sums() == live_sums()


def test_loading_the_geography_again_sums_every_indicator_again(per_thousand):
    AreaSum.objects.all().delete()
    geography_load()
    assert kept_sums() == live_sums() and len(kept_sums()) > 0


def test_an_indicator_s_periods_are_kept_by_its_merges_and_found_without_them(per_thousand):
    counted = per_thousand.numerator
    observe(counted, "2021-01-01", {"02000": 5})  # a published Flemish figure only, in another period
    kept = set(IndicatorPeriod.objects.filter(indicator=counted).values_list("period", "period_start"))
    assert kept == {PERIOD, ("2021-01-01", date(2021, 1, 1))}
    assert sorted(periods_with_figures([counted.pk])[counted.pk]) == sorted(kept)
    # written outside a merge: not current any more, so found among the observations
    gent = Area.objects.get(code="44021", valid_from__isnull=True)
    Observation.objects.create(
        indicator=counted, area=gent, period="2022-01-01", period_start=date(2022, 1, 1), value=1
    )
    Indicator.objects.filter(pk=counted.pk).update(figures_changed_at="2030-01-01T00:00Z")
    assert ("2022-01-01", date(2022, 1, 1)) in periods_with_figures([counted.pk])[counted.pk]


def test_the_upgrade_command_sums_every_indicator_even_one_never_stamped(per_thousand):
    """After an upgrade the sums are empty and older figures have no stamp; the command fills both."""
    from django.core.management import call_command

    AreaSum.objects.all().delete()
    IndicatorPeriod.objects.all().delete()
    Indicator.objects.update(figures_changed_at=None, sums_of=None)
    call_command("refresh-area-sums", stdout=io.StringIO())
    assert kept_sums() == live_sums() and len(kept_sums()) > 0
    ids = list(Indicator.objects.values_list("pk", flat=True))
    assert sums_current(ids)
    assert periods_with_figures([per_thousand.numerator_id])[per_thousand.numerator_id] == [PERIOD]
