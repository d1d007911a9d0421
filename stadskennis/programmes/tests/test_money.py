"""Amounts as people and files write them, kept as exact cents; the own-means share on integers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from stadskennis.core.reference import reference_load
from stadskennis.programmes import accounts
from stadskennis.programmes.models import BudgetLine, LedgerEntry
from stadskennis.programmes.money import (
    AmountError,
    format_euros,
    meets_own_means_target,
    parse_amount,
    share,
)
from stadskennis.programmes.services import record_save


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1.234,56", 123456),
        ("1234,56", 123456),
        ("371.724,19", 37172419),
        ("-12,5", -1250),
        ("(12,00)", -1200),
        ("12,00-", -1200),
        ("€ 1.000", 100000),
        ("1.234", 123400),  # a point between thousands
        ("0,01", 1),
    ],
)
def test_amounts_in_the_dutch_notation(text, cents):
    assert parse_amount(text) == cents


def test_amounts_in_the_english_notation():
    assert parse_amount("1,234.56", decimal_separator=".") == 123456
    assert parse_amount("-0.5", decimal_separator=".") == -50


@pytest.mark.parametrize("text", ["1234.56", "12.5", "1.234.56"])
def test_a_point_as_decimal_separator_in_a_comma_file_is_refused_not_guessed(text):
    with pytest.raises(AmountError, match="decimaalteken|decimal separator|is geen bedrag|not an amount"):
        parse_amount(text)


def test_the_wrong_separator_says_so():
    with pytest.raises(AmountError) as refused:
        parse_amount("1234.56")
    assert "1234.56" in str(refused.value)
    assert "," in str(refused.value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12,345", "nan", "1e5"])
def test_what_is_no_amount_is_refused(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_spreadsheet_numbers_are_read_through_their_decimal_text():
    assert parse_amount(371724.19) == 37172419
    assert parse_amount(0.1 + 0.2) == 30  # a float a hair beside the cent
    assert parse_amount(Decimal("10.50")) == 1050
    assert parse_amount(12) == 1200
    with pytest.raises(AmountError):
        parse_amount(1.005)  # three decimals
    with pytest.raises(AmountError):
        parse_amount(float("inf"))
    with pytest.raises(AmountError):
        parse_amount(True)


def test_amounts_beyond_ten_billion_are_refused():
    with pytest.raises(AmountError):
        parse_amount("10.000.000.000,00")
    assert parse_amount("9.999.999.999,99") == 999_999_999_999


def test_euros_are_shown_with_dutch_separators():
    assert format_euros(37172419) == "371.724,19"
    assert format_euros(-5) == "-0,05"
    assert format_euros(0) == "0,00"


def test_the_own_means_target_is_decided_on_integers_not_on_a_rounded_share():
    assert meets_own_means_target(200_000, 300_000) is True  # exactly two thirds
    assert meets_own_means_target(199_999, 300_000) is False  # one cent short
    assert meets_own_means_target(1, 0) is None
    assert share(1, 3) == Decimal(1) / Decimal(3)


@pytest.fixture
def year_2019(db, cast):
    reference_load()
    from stadskennis.core.models import Organisation

    gent = Organisation.objects.get(slug="gent")
    editor = cast["editor"]

    def budget(kind, cents, **fields):
        return record_save(
            obj=BudgetLine(),
            values={"year": 2019, "kind": kind, "amount_cents": cents, **fields},
            actor=editor,
        )

    budget("fee", 24_000_000, organisation=gent, due_on=date(2019, 3, 31))
    budget("subsidy", 12_000_000, grantor="Vlaamse overheid", due_on=date(2019, 9, 30))
    budget("staff", 21_900_000)
    budget("operating", 3_650_000)

    def entry(kind, cents, day, account, **fields):
        return record_save(
            obj=LedgerEntry(),
            values={
                "year": 2019,
                "kind": kind,
                "amount_cents": cents,
                "booked_on": day,
                "account_code": account,
                "description": f"{kind} {day}",
                "cost_centre": "KP123",
                **fields,
            },
            actor=editor,
        )

    entry("fee", 24_000_000, date(2019, 4, 2), "7400", organisation=gent)
    entry("subsidy", 10_000_000, date(2019, 10, 1), "7401")
    entry("staff", 10_950_001, date(2019, 6, 30), "6200")
    entry("operating", 12_345, date(2019, 2, 1), "6100")
    return gent


def test_budget_against_actuals_and_what_was_expected_by_a_day(year_2019):
    figures = accounts.year_figures(2019, on=date(2019, 7, 1))
    kinds = {row.kind: row for row in figures.kinds}
    assert kinds["fee"].budget == 24_000_000
    assert kinds["fee"].expected == 24_000_000  # due 31 March
    assert kinds["subsidy"].expected == 0  # due 30 September
    assert kinds["staff"].expected == 21_900_000 * 182 // 365  # 1 July is day 182
    assert kinds["fee"].actual == 24_000_000
    assert kinds["subsidy"].actual == 0  # booked in October
    assert kinds["staff"].actual == 10_950_001
    assert figures.costs["actual"] == 10_950_001 + 12_345
    year_end = accounts.year_figures(2019, on=date(2019, 12, 31))
    assert year_end.income == {"budget": 36_000_000, "expected": 36_000_000, "actual": 34_000_000}
    assert year_end.result["actual"] == 34_000_000 - 10_950_001 - 12_345


def test_the_own_means_share_for_budget_and_actuals(year_2019):
    figures = accounts.year_figures(2019, on=date(2019, 12, 31))
    budget, actual = figures.own_means("budget"), figures.own_means("actual")
    assert budget.ratio == Decimal(24) / Decimal(36)  # exactly two thirds
    assert budget.meets_target is True
    assert actual.ratio == Decimal(24) / Decimal(34)
    assert actual.meets_target is True
    record_save(
        obj=BudgetLine(), values={"year": 2019, "kind": "other_income", "amount_cents": 1}, actor=None
    )
    assert accounts.year_figures(2019, on=date(2019, 12, 31)).own_means("budget").meets_target is False


def test_sums_of_many_cents_stay_exact(db, cast):
    """A thousand entries of 0,10 are 100,00 exactly (a float sum would be 99.9999…)."""
    reference_load()
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            year=2020,
            booked_on=date(2020, 1, 1),
            account_code="6100",
            description=f"x{i}",
            amount_cents=10,
            cost_centre="KP",
            kind="operating",
            fingerprint=str(i),
        )
        for i in range(1000)
    )
    assert accounts.year_figures(2020, on=date(2020, 12, 31)).costs["actual"] == 10_000
