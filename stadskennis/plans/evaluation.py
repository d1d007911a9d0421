"""Whether an indicator of a plan is on track in a year: its value against the trajectory to its target.

The rule (decision 0015, addendum "indicators"), the same on every page, report, export and API:
- The **trajectory** is the baseline, the intermediate targets and the final target, each for a year.
  For a number, the value expected in a year lies on the straight line between the points around it
  (before the baseline: the baseline; after the target: the target). For a step plan, the step
  expected is the one of the last point at or before the year. For yes/no, "yes" is expected from the
  target year on.
- **Number**: the share of the change planned from the baseline up to that year that was reached,
  in the indicator's direction (lower is better: a fall counts). At least `on_track_from` percent
  (default 90) is *on track*, at least `attention_from` (default 60) is *attention*, less is *off
  track*. When no change is planned yet, holding the baseline or better is on track and falling back
  is attention.
- **Step plan**: the step reached against the step expected: level or ahead is on track, one step
  behind is attention, more is off track.
- **Yes/no**: "yes" is on track; "no" is on track before the year before the target year, attention
  in the year before it, off track from the target year on.
- Without a value, or a number or step plan without a baseline or target, there is no evaluation and
  the reason is given, never a guess.

Pure: it works on plain `Definition`s, so the rule is tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

NUMBER, YES_NO, STEPS = "number", "yes_no", "steps"
HIGHER, LOWER = "higher", "lower"
ON_TRACK, ATTENTION, OFF_TRACK = "on_track", "attention", "off_track"


@dataclass(frozen=True)
class Definition:
    """An indicator as the evaluation needs it."""

    kind: str = NUMBER
    direction: str = HIGHER
    baseline: Decimal | None = None
    baseline_year: int | None = None
    target: Decimal | None = None
    target_year: int | None = None
    trajectory: tuple[tuple[int, Decimal], ...] = ()  # intermediate targets (year, value)
    on_track_from: int = 90
    attention_from: int = 60


@dataclass(frozen=True)
class Evaluation:
    state: str  # ON_TRACK, ATTENTION, OFF_TRACK, or "" when it cannot be said
    expected: Decimal | None = None
    reached: Decimal | None = None  # the share of the planned change reached, in percent (numbers)
    reason: str = field(default="", compare=False)  # why there is no state: "no_value", "no_target", …


def points(definition: Definition) -> list[tuple[int, Decimal]]:
    """The trajectory's points in year order: baseline, intermediate targets, target (a later point
    for the same year wins)."""
    found: dict[int, Decimal] = {}
    if definition.baseline is not None and definition.baseline_year is not None:
        found[definition.baseline_year] = Decimal(definition.baseline)
    for year, value in definition.trajectory:
        found[int(year)] = Decimal(value)
    if definition.target is not None and definition.target_year is not None:
        found[definition.target_year] = Decimal(definition.target)
    return sorted(found.items())


def expected(definition: Definition, year: int) -> Decimal | None:
    """The value the trajectory expects in `year`, or None without any point."""
    if definition.kind == YES_NO:
        if definition.target_year is None:
            return None
        return Decimal(1) if year >= definition.target_year else Decimal(0)
    line = points(definition)
    if not line:
        return None
    if year <= line[0][0]:
        return line[0][1]
    if definition.kind == STEPS:
        return [value for at, value in line if at <= year][-1]
    for (year_a, value_a), (year_b, value_b) in zip(line, line[1:], strict=False):
        if year_a <= year <= year_b:
            return value_a + (value_b - value_a) * Decimal(year - year_a) / Decimal(year_b - year_a)
    return line[-1][1]


def evaluate(definition: Definition, year: int | None, value: Decimal | None) -> Evaluation:
    if value is None or year is None:
        return Evaluation("", reason="no_value")
    value = Decimal(value)
    if definition.kind == YES_NO:
        return _yes_no(definition, year, value)
    goal = expected(definition, year)
    if goal is None:
        return Evaluation("", reason="no_target")
    if definition.baseline is None or definition.baseline_year is None:
        return Evaluation("", expected=goal, reason="no_baseline")
    if definition.kind == STEPS:
        behind = goal - value
        state = ON_TRACK if behind <= 0 else ATTENTION if behind <= 1 else OFF_TRACK
        return Evaluation(state, expected=goal)
    sign = -1 if definition.direction == LOWER else 1
    planned = (goal - Decimal(definition.baseline)) * sign
    achieved = (value - Decimal(definition.baseline)) * sign
    if planned <= 0:  # nothing planned yet: hold the baseline
        return Evaluation(ON_TRACK if achieved >= 0 else ATTENTION, expected=goal)
    reached = (achieved / planned * 100).quantize(Decimal(1))
    if reached >= definition.on_track_from:
        state = ON_TRACK
    elif reached >= definition.attention_from:
        state = ATTENTION
    else:
        state = OFF_TRACK
    return Evaluation(state, expected=goal, reached=reached)


def _yes_no(definition: Definition, year: int, value: Decimal) -> Evaluation:
    if value:
        return Evaluation(ON_TRACK, expected=expected(definition, year))
    if definition.target_year is None:
        return Evaluation("", reason="no_target")
    if year >= definition.target_year:
        return Evaluation(OFF_TRACK, expected=Decimal(1))
    return Evaluation(ATTENTION if year == definition.target_year - 1 else ON_TRACK, expected=Decimal(0))
