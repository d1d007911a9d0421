"""The roll-up rule of decision 0014, on plain nodes: what a reader of a plan's dashboard is told."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from stadskennis.plans.rollup import EQUAL, CycleError, Node, roll_up


def test_an_element_counts_with_its_own_progress_before_its_status():
    figures = roll_up([Node("A1", progress=30, status_progress=50), Node("A2", status_progress=50)])
    assert (figures["A1"].percent, figures["A1"].source) == (30, "own")
    assert (figures["A2"].percent, figures["A2"].source) == (50, "status")


def test_an_element_without_progress_or_status_has_no_figure():
    figure = roll_up([Node("A1")])["A1"]
    assert figure.value is None and figure.percent is None and figure.source == "none"


def test_a_parent_is_the_weighted_mean_of_its_children_and_says_how():
    figures = roll_up(
        [
            Node("D1"),
            Node("D1.1", parent="D1", progress=40, weight=Decimal(2)),
            Node("D1.2", parent="D1", progress=80),
        ]
    )
    parent = figures["D1"]
    assert parent.value == Fraction(160, 3)
    assert parent.percent == 53
    assert parent.source == "children"
    assert parent.explanation() == "(40 × 2 + 80 × 1) / 3 = 53"


def test_equal_weights_when_the_plan_says_so():
    nodes = [Node("D1"), Node("a", "D1", progress=40, weight=Decimal(5)), Node("b", "D1", progress=80)]
    assert roll_up(nodes, method=EQUAL)["D1"].percent == 60


def test_a_cancelled_child_is_left_out_and_named():
    nodes = [
        Node("D1"),
        Node("a", "D1", progress=100),
        Node("b", "D1", progress=0, excluded=True),
    ]
    parent = roll_up(nodes)["D1"]
    assert parent.percent == 100
    assert parent.excluded == ["b"]


def test_a_child_without_data_does_not_count_as_zero_and_is_named():
    nodes = [Node("D1"), Node("a", "D1", progress=60), Node("b", "D1")]
    parent = roll_up(nodes)["D1"]
    assert parent.percent == 60
    assert parent.without_data == ["b"]


def test_a_parent_whose_children_have_no_figure_falls_back_on_its_own():
    nodes = [Node("D1", progress=25), Node("a", "D1"), Node("b", "D1", status_progress=0, excluded=True)]
    parent = roll_up(nodes)["D1"]
    assert (parent.percent, parent.source) == (25, "own")
    assert parent.without_data == ["a"] and parent.excluded == ["b"]


def test_a_parent_with_figures_below_it_does_not_use_its_own_progress():
    nodes = [Node("D1", progress=90), Node("a", "D1", progress=10)]
    assert (roll_up(nodes)["D1"].percent, roll_up(nodes)["D1"].source) == (10, "children")


def test_three_levels_roll_up_from_the_bottom():
    nodes = [
        Node("2WWS", None),
        Node("2WWS01", "2WWS"),
        Node("2WWS0101", "2WWS01", progress=20),
        Node("2WWS0102", "2WWS01", progress=60),
        Node("2WWS02", "2WWS", status_progress=100),
    ]
    figures = roll_up(nodes)
    assert figures["2WWS01"].percent == 40
    assert figures["2WWS"].percent == 70  # (40 + 100) / 2


def test_half_a_percent_is_rounded_up():
    nodes = [Node("D1"), Node("a", "D1", progress=62), Node("b", "D1", progress=63)]
    assert roll_up(nodes)["D1"].percent == 63  # 62.5


def test_a_weight_of_zero_leaves_a_child_out():
    nodes = [Node("D1"), Node("a", "D1", progress=0, weight=Decimal(0)), Node("b", "D1", progress=80)]
    parent = roll_up(nodes)["D1"]
    assert parent.percent == 80 and parent.excluded == ["a"]


def test_fractional_weights_are_exact():
    nodes = [
        Node("D1"),
        Node("a", "D1", progress=10, weight=Decimal("0.1")),
        Node("b", "D1", progress=20, weight=Decimal("0.2")),
    ]
    parent = roll_up(nodes)["D1"]
    assert parent.value == Fraction(50, 3)
    assert parent.explanation() == "(10 × 0,1 + 20 × 0,2) / 0,3 = 17"


def test_a_loop_in_the_hierarchy_is_refused():
    with pytest.raises(CycleError):
        roll_up([Node("a", "c"), Node("b", "a"), Node("c", "b")])


def test_a_missing_parent_makes_a_root():
    assert roll_up([Node("a", "nowhere", progress=5)])["a"].percent == 5


def test_a_weight_of_zero_leaves_a_child_out_when_all_count_the_same_too():
    nodes = [Node("D1"), Node("a", "D1", progress=0, weight=Decimal(0)), Node("b", "D1", progress=80)]
    parent = roll_up(nodes, method=EQUAL)["D1"]
    assert parent.percent == 80 and parent.excluded == ["a"]
