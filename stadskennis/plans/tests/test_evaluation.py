"""The evaluation of a plan's indicators against their trajectory (evaluation.py): pure, no database."""

from decimal import Decimal

import pytest

from stadskennis.plans.evaluation import (
    ATTENTION,
    LOWER,
    OFF_TRACK,
    ON_TRACK,
    STEPS,
    YES_NO,
    Definition,
    evaluate,
    expected,
)

# 1,000 empty homes in 2024, to 400 by 2030 (lower is better), with 700 planned for 2027
EMPTY_HOMES = Definition(
    direction=LOWER,
    baseline=Decimal(1000),
    baseline_year=2024,
    target=Decimal(400),
    target_year=2030,
    trajectory=((2027, Decimal(700)),),
)


def test_the_expected_value_lies_on_the_line_between_the_points_around_the_year():
    assert expected(EMPTY_HOMES, 2024) == 1000
    assert expected(EMPTY_HOMES, 2025) == 900  # a third of the way to 2027's 700
    assert expected(EMPTY_HOMES, 2027) == 700
    assert expected(EMPTY_HOMES, 2029) == 500
    assert expected(EMPTY_HOMES, 2020) == 1000  # before the baseline: the baseline
    assert expected(EMPTY_HOMES, 2035) == 400  # after the target: the target


@pytest.mark.parametrize(
    ("value", "state", "reached"),
    [
        (Decimal(700), ON_TRACK, 100),  # exactly as planned for 2027
        (Decimal(650), ON_TRACK, 117),  # ahead
        (Decimal(730), ON_TRACK, 90),  # 270 of the 300 planned: the rule's edge
        (Decimal(740), ATTENTION, 87),
        (Decimal(820), ATTENTION, 60),
        (Decimal(830), OFF_TRACK, 57),
        (Decimal(1100), OFF_TRACK, -33),  # the wrong way
    ],
)
def test_a_number_is_judged_by_the_share_of_the_planned_change_it_reached(value, state, reached):
    result = evaluate(EMPTY_HOMES, 2027, value)
    assert (result.state, result.reached, result.expected) == (state, reached, 700)


def test_higher_is_better_counts_a_rise():
    cycle_lanes = Definition(baseline=Decimal(100), baseline_year=2024, target=Decimal(200), target_year=2028)
    assert evaluate(cycle_lanes, 2026, Decimal(150)).state == ON_TRACK
    assert evaluate(cycle_lanes, 2026, Decimal(125)).state == OFF_TRACK  # half of the 50 planned
    assert evaluate(cycle_lanes, 2026, Decimal(140)).state == ATTENTION  # 80%


def test_the_rules_are_the_indicators_own():
    strict = Definition(
        baseline=Decimal(0), baseline_year=2024, target=Decimal(100), target_year=2025,
        on_track_from=100, attention_from=95,
    )  # fmt: skip
    assert evaluate(strict, 2025, Decimal(96)).state == ATTENTION
    assert evaluate(strict, 2025, Decimal(94)).state == OFF_TRACK


def test_in_the_baseline_year_holding_the_baseline_is_on_track_and_falling_back_is_attention():
    assert evaluate(EMPTY_HOMES, 2024, Decimal(1000)).state == ON_TRACK
    assert evaluate(EMPTY_HOMES, 2024, Decimal(1010)).state == ATTENTION


def test_without_a_value_baseline_or_target_nothing_is_guessed():
    assert evaluate(EMPTY_HOMES, None, Decimal(1)).reason == "no_value"
    assert evaluate(EMPTY_HOMES, 2027, None).state == ""
    assert evaluate(EMPTY_HOMES, 2027, None).reason == "no_value"
    assert evaluate(Definition(), 2027, Decimal(5)).reason == "no_target"
    no_baseline = Definition(target=Decimal(10), target_year=2030)
    assert evaluate(no_baseline, 2027, Decimal(5)).reason == "no_baseline"
    steps_without_baseline = Definition(kind=STEPS, target=Decimal(3), target_year=2030)
    assert evaluate(steps_without_baseline, 2026, Decimal(1)).state == ""  # not off track from day one


def test_a_step_plan_is_judged_by_the_steps_behind():
    # steps: 1 study, 2 design, 3 permit, 4 works, 5 delivered; the permit planned for 2027
    renovation = Definition(
        kind=STEPS, baseline=Decimal(1), baseline_year=2025, target=Decimal(5), target_year=2029,
        trajectory=((2027, Decimal(3)),),
    )  # fmt: skip
    assert expected(renovation, 2028) == 3  # a step plan does not interpolate
    assert evaluate(renovation, 2027, Decimal(3)).state == ON_TRACK
    assert evaluate(renovation, 2027, Decimal(4)).state == ON_TRACK
    assert evaluate(renovation, 2027, Decimal(2)).state == ATTENTION
    assert evaluate(renovation, 2027, Decimal(1)).state == OFF_TRACK


def test_yes_or_no_is_due_in_its_target_year():
    charter = Definition(kind=YES_NO, target=Decimal(1), target_year=2028)
    assert evaluate(charter, 2026, Decimal(0)).state == ON_TRACK
    assert evaluate(charter, 2027, Decimal(0)).state == ATTENTION
    assert evaluate(charter, 2028, Decimal(0)).state == OFF_TRACK
    assert evaluate(charter, 2028, Decimal(1)).state == ON_TRACK
    assert evaluate(charter, 2026, Decimal(1)).state == ON_TRACK
