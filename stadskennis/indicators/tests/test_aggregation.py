"""Aggregates that are right: ratio of sums, the coverage rule, suppression, `none` never combined."""

from datetime import date
from decimal import Decimal

import pytest

from stadskennis.indicators.aggregation import Figures
from stadskennis.indicators.models import Area, AreaGroup, Indicator
from stadskennis.indicators.tests.factories import IndicatorFactory, area, observe

CITIES = ["41002", "11002", "31005", "71016", "44021", "71022", "34022", "24062", "12025", "35013", "36015",
          "46021", "13040"]  # fmt: skip
CENTRE_POPULATION = 1_669_564


@pytest.fixture
def per_thousand(geography):
    """1,000 of something in every centre city in 2020, per 1,000 inhabitants (real population)."""
    population = Indicator.objects.get(code="bevolking")
    counted = IndicatorFactory(code="teller", periodicity="date")
    ratio = IndicatorFactory(
        code="per-1000", aggregation="ratio", numerator=counted, denominator=population, scale=1000,
        periodicity="date",
    )  # fmt: skip
    observe(counted, "2020-01-01", dict.fromkeys(CITIES, 1000))
    return ratio


def figures(indicator, **kwargs) -> Figures:
    return Figures(indicator, "2020-01-01", date(2020, 1, 1), **kwargs)


def test_a_group_ratio_is_the_ratio_of_sums_not_the_average_of_ratios(per_thousand):
    centre = AreaGroup.objects.get(slug="centrumsteden")
    result = figures(per_thousand).group(centre)
    assert result.value == Decimal(13 * 1000) / CENTRE_POPULATION * 1000
    assert round(result.value, 4) == Decimal("7.7865")
    per_city = [figures(per_thousand).of(area(code)).value for code in CITIES]
    assert round(per_city[4], 4) == Decimal("3.7889")  # Gent: 1,000 / 263,927 × 1,000
    assert round(sum(per_city) / 13, 4) == Decimal("11.6993")  # the average of ratios: half again too high


def test_a_group_figure_needs_80_percent_of_its_denominator_and_names_who_is_missing(per_thousand, settings):
    observe(per_thousand.numerator, "2020-01-01", {"11002": None}, status="M")
    centre = AreaGroup.objects.get(slug="centrumsteden")
    result = figures(per_thousand).group(centre)
    assert result.value is None
    assert result.missing == ["Antwerpen"]
    assert result.reason == "niet getoond: slechts 68 % aanwezig, minstens 80 % nodig; ontbreekt: Antwerpen"
    settings.INDICATOR_COVERAGE_PERCENT = 60
    shown = figures(per_thousand).group(centre)
    assert shown.value == Decimal(12_000) / (CENTRE_POPULATION - 529_247) * 1000
    assert shown.missing == ["Antwerpen"]


def test_a_sum_over_a_group_counts_its_members(geography):
    counted = IndicatorFactory(code="teller", periodicity="date")
    observe(counted, "2020-01-01", dict.fromkeys(CITIES[:11], 5))
    centre = AreaGroup.objects.get(slug="centrumsteden")
    result = figures(counted).group(centre)
    assert (result.value, round(result.coverage, 3)) == (55, Decimal("0.846"))
    assert result.missing == ["Sint-Niklaas", "Turnhout"]


def test_a_figure_over_a_confidential_value_is_withheld_and_says_so(per_thousand):
    observe(per_thousand.numerator, "2020-01-01", {"44021": 1000}, confidentiality="C")
    centre = AreaGroup.objects.get(slug="centrumsteden")
    result = figures(per_thousand).group(centre)
    assert result.value is None and result.confidential
    assert (
        result.reason == "niet getoond: dit cijfer zou berekend worden over een vertrouwelijke waarde (Gent)"
    )
    gent = figures(per_thousand).of(area("44021"))
    assert gent.value is None and gent.confidential
    flanders = figures(per_thousand.numerator).of(Area.objects.get(code="02000"))
    assert flanders.value is None and flanders.confidential


def test_none_is_never_summed_nor_averaged_and_says_why(geography):
    median = IndicatorFactory(code="mediaan-inkomen", aggregation="none", periodicity="date")
    observe(median, "2020-01-01", {"71022": 21000, "73040": 23000})
    result = figures(median, boundaries="2025").of(area("71072", year=2025))
    assert result.value is None
    assert result.reason == (
        "niet berekend voor Hasselt: deze indicator telt niet op (aggregatie none), "
        "hij wordt enkel getoond waar hij gemeten is"
    )
    assert figures(median).of(area("71022")).value == 21000
    assert figures(median).group(AreaGroup.objects.get(slug="centrumsteden")).value is None


def test_a_carried_ratio_is_recomputed_from_summed_parts(per_thousand):
    observe(per_thousand.numerator, "2020-01-01", {"73040": 100})
    hasselt = figures(per_thousand, boundaries="2025").of(area("71072", year=2025))
    assert hasselt.value == Decimal(1100) / (78_714 + 8_437) * 1000


def test_a_merged_municipality_with_a_part_missing_is_no_figure(per_thousand):
    hasselt = figures(per_thousand.numerator, boundaries="2025").of(area("71072", year=2025))
    assert hasselt.value is None
    assert hasselt.reason == "niet berekend: een deel ontbreekt (Kortessem)"


def test_a_total_published_by_the_source_is_shown_as_published(per_thousand):
    observe(per_thousand.numerator, "2020-01-01", {"02000": 45000}, status="P")
    flanders = figures(per_thousand.numerator).of(Area.objects.get(code="02000"))
    assert (flanders.value, flanders.published, flanders.computed, flanders.status) == (
        45000,
        True,
        False,
        "P",
    )
