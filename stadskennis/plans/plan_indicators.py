"""The indicators of a plan's elements: adding and changing them (with audit), their values over the
years (the warehouse's for a warehouse indicator, the frozen releases' for the plan's own), their
evaluation (evaluation.py) and the chart of value against trajectory."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import warehouse_usable_in_plan
from stadskennis.indicators.chart_svg import chart_svg
from stadskennis.indicators.charts import Chart, line_chart
from stadskennis.indicators.display import format_value
from stadskennis.indicators.selectors import yearly_figures
from stadskennis.plans import evaluation
from stadskennis.plans.models import PlanElement, PlanIndicator
from stadskennis.plans.models.indicators import VALUE_PLACES

FIELDS = (
    "warehouse", "name", "unit", "kind", "steps", "direction", "baseline", "baseline_year", "target",
    "target_year", "trajectory", "on_track_from", "attention_from",
)  # fmt: skip
STATE_LABELS = {
    evaluation.ON_TRACK: gettext_lazy("on track"),
    evaluation.ATTENTION: gettext_lazy("attention"),
    evaluation.OFF_TRACK: gettext_lazy("off track"),
}
REASONS = {
    "no_value": gettext_lazy("no value yet"),
    "no_target": gettext_lazy("no target or trajectory"),
    "no_baseline": gettext_lazy("no baseline to measure the change from"),
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, _("not evaluated")))


def shown_value(indicator, value: Decimal | None, *, most_decimals: int = 4) -> str:
    """A value as a reader reads it: a number in the language's notation with the unit, yes or no, or
    a step by its number and name. `indicator`: a PlanIndicator or a ReleaseIndicator. A value the
    trajectory computes is shown with `most_decimals=2`."""
    if value is None:
        return "–"
    if indicator.kind == evaluation.YES_NO:
        return _("yes") if value else _("no")
    if indicator.kind == evaluation.STEPS:
        index = int(value)
        name = indicator.steps[index - 1] if 1 <= index <= len(indicator.steps) else ""
        return _("step %(number)d: %(name)s") % {"number": index, "name": name} if name else str(index)
    value = Decimal(value).normalize()
    decimals = min(most_decimals, max(0, -value.as_tuple().exponent))
    number = format_value(value, decimals)
    return f"{number} {indicator.unit}" if indicator.unit else number


@transaction.atomic
def indicator_save(*, element: PlanElement, data: dict, actor, indicator: PlanIndicator | None = None):
    """Add an indicator to `element`, or change `indicator`; `data` holds FIELDS (a form's cleaned
    data). A warehouse indicator takes its name and unit from Stad in cijfers when none is given."""
    creating = indicator is None
    indicator = indicator or PlanIndicator(element=element, position=element.indicators.count())
    for name in FIELDS:
        if name in data:
            setattr(indicator, name, data[name])
    if indicator.warehouse is not None:
        indicator.name = indicator.name or indicator.warehouse.name
        indicator.unit = indicator.unit or indicator.warehouse.unit
    for name in ("baseline", "target"):  # stored as the columns keep them, so a page shows what is kept
        if getattr(indicator, name) is not None:
            setattr(indicator, name, Decimal(getattr(indicator, name)).quantize(VALUE_PLACES))
    indicator.trajectory = [
        [int(year), str(Decimal(value).quantize(VALUE_PLACES))] for year, value in indicator.trajectory
    ]
    indicator.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        obj=element.plan,
        changes={"element": element.code, "indicator": indicator.name},
    )
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: PlanIndicator, actor) -> None:
    """Remove an indicator from its element; the releases that reported on it keep their copy."""
    element = indicator.element
    audit_record(
        actor=actor, action=AuditEntry.Action.DELETE, obj=element.plan,
        changes={"element": element.code, "indicator": indicator.name},
    )  # fmt: skip
    indicator.delete()


def history(indicator: PlanIndicator) -> list[tuple[int, Decimal]]:
    """The indicator's values by year, oldest first: Stad in cijfers' for the plan's organisation, or
    what the frozen releases reported."""
    if indicator.warehouse_id:
        plan = indicator.element.plan
        if not warehouse_usable_in_plan(indicator.warehouse, plan):
            return []  # made private by its owner since it was linked: its figures show no more
        found = yearly_figures(indicator.warehouse, plan.owner)
    else:
        found = {v.year: v.value for v in indicator.values.all()}  # prefetched by the pages
    return sorted(found.items())


@dataclass
class Standing:
    """An indicator as a page shows it: its latest value and how that stands against the trajectory."""

    indicator: object  # a PlanIndicator or a ReleaseIndicator
    history: list[tuple[int, Decimal]]
    year: int | None
    value: Decimal | None
    result: evaluation.Evaluation

    @property
    def label(self) -> str:
        return state_label(self.result.state)

    @property
    def value_shown(self) -> str:
        return shown_value(self.indicator, self.value)

    @property
    def expected_shown(self) -> str:
        if self.result.expected is None:
            return ""
        return shown_value(self.indicator, self.result.expected, most_decimals=2)

    @property
    def target_shown(self) -> str:
        return shown_value(self.indicator, self.indicator.target)

    @property
    def baseline_shown(self) -> str:
        return shown_value(self.indicator, self.indicator.baseline)

    @property
    def reason(self) -> str:
        """Why there is no evaluation, in words."""
        return str(REASONS.get(self.result.reason, ""))

    @property
    def chart(self) -> Chart | None:
        return trajectory_chart(self.indicator.definition(), self.history, name=self.indicator.name)

    @property
    def svg(self) -> str:
        """The chart as SVG, or "" with nothing to draw (the table beside it says the same)."""
        chart = self.chart
        if chart is None:
            return ""
        return chart_svg(
            chart, chart_id=f"indicator-{self.indicator.pk}", name=self.indicator.name, others_line=False
        )

    @property
    def rows(self) -> list[tuple[int, str, str]]:
        """Year by year: the value the trajectory expects and the value measured, for the table."""
        definition = self.indicator.definition()
        measured = dict(self.history)
        line = evaluation.points(definition)
        years = sorted({year for year, _v in line} | set(measured))
        return [
            (
                year,
                shown_value(self.indicator, evaluation.expected(definition, year), most_decimals=2)
                if line
                else "–",
                shown_value(self.indicator, measured.get(year)),
            )
            for year in years
        ]


def standing(indicator: PlanIndicator) -> Standing:
    values = history(indicator)
    year, value = values[-1] if values else (None, None)
    return Standing(indicator, values, year, value, evaluation.evaluate(indicator.definition(), year, value))


def trajectory_chart(
    definition: evaluation.Definition, values: list[tuple[int, Decimal]], *, name: str
) -> Chart | None:
    """The values measured against the trajectory, year by year, on one chart (None with nothing to
    draw). The trajectory is drawn dashed and the measured values with triangles, so the two lines are
    told apart without colour; the table beside the chart gives the same figures."""
    line = evaluation.points(definition)
    if definition.kind == evaluation.YES_NO or not (line or values):
        return None
    years = [year for year, _value in line] + [year for year, _value in values]
    span = list(range(min(years), max(years) + 1))
    if len(span) > 60:  # a trajectory of more than sixty years is a typing error: draw none
        return None
    measured = dict(values)
    return line_chart(
        periods=[str(year) for year in span],
        series=[
            (
                _("Trajectory"),
                "region",
                [evaluation.expected(definition, year) if line else None for year in span],
            ),
            (name, "highlight", [measured.get(year) for year in span]),
        ],
        decimals=2,
    )
