"""Indicators in a release: copied with the entries when it opens, the own indicators' values reported
by the owners, and at the freeze the warehouse's figures read, every indicator evaluated and the own
values kept as the indicator's history. Called by releases.py inside its transactions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from stadskennis.indicators.numbers import NumberError, clip, parse_number
from stadskennis.plans import evaluation
from stadskennis.plans.models import (
    PlanIndicator,
    PlanIndicatorValue,
    Release,
    ReleaseEntry,
    ReleaseIndicator,
)
from stadskennis.plans.models.indicators import VALUE_MAX, VALUE_PLACES
from stadskennis.plans.plan_indicators import Standing, history, shown_value, state_label

COPIED = (
    "name", "unit", "kind", "steps", "direction", "baseline", "baseline_year", "target", "target_year",
    "trajectory", "on_track_from", "attention_from", "position",
)  # fmt: skip


class BadValue(Exception):
    """A reported value that cannot be stored; the message names the indicator."""


def copy_into(release: Release) -> int:
    """One ReleaseIndicator per indicator of the release's elements, for the year of its deadline."""
    entries = {e.element_id: e for e in release.entries.exclude(element=None)}
    copies = [
        ReleaseIndicator(
            entry=entries[indicator.element_id],
            indicator=indicator,
            warehouse=indicator.warehouse_id is not None,
            year=release.deadline.year,
            **{name: getattr(indicator, name) for name in COPIED},
        )
        for indicator in PlanIndicator.objects.filter(element__in=list(entries)).order_by(
            "element", "position"
        )
    ]
    ReleaseIndicator.objects.bulk_create(copies, batch_size=500)
    return len(copies)


def parse_value(copy: ReleaseIndicator, raw: str) -> Decimal | None:
    """A value as a person types it ("1.234,5", "ja", a step's number), or BadValue with a message
    that names the indicator."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if copy.kind == PlanIndicator.Kind.YES_NO:
        answers = {"ja": 1, "yes": 1, "1": 1, "nee": 0, "no": 0, "0": 0}
        if raw.lower() not in answers:
            raise BadValue(_("%(name)s: answer yes or no.") % {"name": copy.name})
        return Decimal(answers[raw.lower()])
    try:
        value = parse_number(raw)
    except NumberError as error:
        raise BadValue(f"{copy.name}: {error}") from None
    if copy.kind == PlanIndicator.Kind.STEPS and (value != int(value) or not 1 <= value <= len(copy.steps)):
        raise BadValue(
            _("%(name)s: choose a step from 1 to %(count)d.") % {"name": copy.name, "count": len(copy.steps)}
        )
    value = value.quantize(VALUE_PLACES)
    if abs(value) >= VALUE_MAX:
        raise BadValue(_("%(name)s: “%(value)s” is too large.") % {"name": copy.name, "value": clip(raw)})
    return value


def record(entry: ReleaseEntry, values: dict[int, tuple[int | None, Decimal | None]]) -> list[str]:
    """Store the owner's values of the entry's own indicators ({copy pk: (year, value)}); the
    warehouse's are not the owner's to type. Returns the names of the indicators changed."""
    changed = []
    for copy in entry.indicators.filter(warehouse=False, pk__in=list(values)):
        year, value = values[copy.pk]
        if (copy.year, copy.value) != (year, value):
            ReleaseIndicator.objects.filter(pk=copy.pk).update(year=year, value=value)
            changed.append(copy.name)
    return changed


def freeze(release: Release) -> None:
    """Just before the release freezes: read each warehouse indicator's figures, evaluate every
    indicator in the year of its value, and keep the own indicators' values as their history."""
    copies = list(
        ReleaseIndicator.objects.filter(entry__release=release)
        .select_related("indicator__warehouse", "indicator__element__plan__owner")
        .prefetch_related("indicator__values")
    )
    kept: list[PlanIndicatorValue] = []
    read: dict[int, list] = {}  # figures per warehouse indicator, read once however many copies use it
    for copy in copies:
        live = copy.indicator
        if copy.warehouse:
            # the warehouse's figures only while the indicator still takes them (a manager may have
            # changed it since the release opened)
            if live is not None and live.warehouse_id:
                if live.warehouse_id not in read:
                    read[live.warehouse_id] = history(live)
                values = read[live.warehouse_id]
            else:
                values = []
            copy.year, copy.value = values[-1] if values else (copy.year, None)
        else:
            found = {v.year: v.value for v in live.values.all()} if live and not live.warehouse_id else {}
            if copy.value is not None and copy.year:
                found[copy.year] = copy.value
                if live is not None and not live.warehouse_id:  # never as a warehouse indicator's figure
                    kept.append(PlanIndicatorValue(indicator=live, year=copy.year, value=copy.value))
            values = sorted(found.items())
        result = evaluation.evaluate(copy.definition(), copy.year, copy.value)
        copy.history = [[year, str(value)] for year, value in values]
        copy.evaluation = result.state
        copy.expected = result.expected.quantize(VALUE_PLACES) if result.expected is not None else None
    ReleaseIndicator.objects.bulk_update(
        copies, ["year", "value", "history", "evaluation", "expected"], batch_size=500
    )
    for value in kept:
        PlanIndicatorValue.objects.update_or_create(
            indicator=value.indicator, year=value.year, defaults={"value": value.value, "release": release}
        )


def release_history(copy: ReleaseIndicator) -> list[tuple[int, Decimal]]:
    """A frozen copy's history as (year, Decimal), for its chart."""
    return [(int(year), Decimal(value)) for year, value in copy.history]


@dataclass
class IndicatorChange:
    """How one indicator of an element differs between two releases (None on a side without it)."""

    name: str
    before: ReleaseIndicator | None
    after: ReleaseIndicator | None

    @property
    def before_shown(self) -> str:
        return _side(self.before)

    @property
    def after_shown(self) -> str:
        return _side(self.after)

    @property
    def evaluation_changed(self) -> bool:
        return bool(self.before and self.after and self.before.evaluation != self.after.evaluation)

    @property
    def before_state(self) -> str:
        return state_label(self.before.evaluation) if self.before else ""

    @property
    def after_state(self) -> str:
        return state_label(self.after.evaluation) if self.after else ""


def _side(copy: ReleaseIndicator | None) -> str:
    if copy is None:
        return _("not there")
    value = shown_value(copy, copy.value)
    return f"{value} ({copy.year})" if copy.value is not None else value


def by_code(release: Release) -> dict[str, list[ReleaseIndicator]]:
    """The release's indicator copies by their entry's code, in one query."""
    found: dict[str, list[ReleaseIndicator]] = {}
    for copy in ReleaseIndicator.objects.filter(entry__release=release).select_related("entry"):
        found.setdefault(copy.entry.code, []).append(copy)
    return found


def indicator_changes(before: list[ReleaseIndicator], after: list[ReleaseIndicator]) -> list[IndicatorChange]:
    """The indicators whose value, year, evaluation or target differ, and those added or gone (matched
    by the indicator they copy; once it is removed, by name and place)."""
    old = {_key(copy): copy for copy in before}
    new = {_key(copy): copy for copy in after}
    changes = []
    for key in list(new) + [key for key in old if key not in new]:
        a, b = old.get(key), new.get(key)
        if a and b and _shown(a) == _shown(b):
            continue
        changes.append(IndicatorChange((b or a).name, a, b))
    return changes


def _key(copy: ReleaseIndicator):
    # a removed indicator leaves every copy of it without the reference at once (as an element leaves
    # its entries: decision 0015), so both sides of a comparison fall back to the same key
    return copy.indicator_id or (copy.name, copy.position)


def _shown(copy: ReleaseIndicator) -> tuple:
    year = copy.year if copy.value is not None else None  # without a value, its year says nothing
    return (year, copy.value, copy.evaluation, copy.target, copy.target_year, copy.baseline)


def frozen_standing(copy: ReleaseIndicator) -> Standing:
    """A copy in a frozen release as pages show it: its value, history and evaluation as they froze."""
    reason = "" if copy.evaluation else evaluation.evaluate(copy.definition(), copy.year, copy.value).reason
    result = evaluation.Evaluation(copy.evaluation, expected=copy.expected, reason=reason)
    return Standing(copy, release_history(copy), copy.year, copy.value, result)
