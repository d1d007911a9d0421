"""Figures the platform computes: regions, provinces, groups, and 2019–2024 figures on 2025 boundaries.

Never stored by hand, always derived from the municipalities' observations:
- `sum`: the sum of the members' values;
- `ratio`: the sum of the numerators over the sum of the denominators, times the scale (never an
  average of the members' ratios);
- `none`: not combined at all; the figure stays empty and says why.
A published total (an observation stored on the region itself) is shown as published. A figure over
members is shown only when at least INDICATOR_COVERAGE_PERCENT of its denominator is present (for a
`sum`: of its members), and names the members missing. A figure computed over a confidential value is
withheld, so none of ours reveals it by subtraction. A merged municipality of 2025 is the sum of the
municipalities it was made of, all of them, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q

from stadskennis.indicators.codes import is_confidential
from stadskennis.indicators.models import Area, AreaGroup, Indicator, Observation
from stadskennis.indicators.reference import LAST_DAY_2019_BOUNDARIES, MERGER_DAY

BOUNDARIES = ("2019", "2025")


class Stored(NamedTuple):
    """The stored observation of one area, as `Figures` reads it."""

    value: Decimal | None
    status: str
    confidentiality: str


@dataclass
class Result:
    value: Decimal | None = None
    status: str = ""  # OBS_STATUS of a stored figure
    confidentiality: str = ""  # CONF_STATUS of a stored figure
    confidential: bool = False  # the figure rests on a confidential value (withheld when computed)
    published: bool = False  # stored as the source published it, not computed here
    computed: bool = False
    reason: str = ""  # why the figure is empty, in Dutch
    missing: list[str] = field(default_factory=list)  # members without a figure
    coverage: Decimal | None = None  # share present, 0..1, for a computed figure

    @property
    def shown(self) -> bool:
        return self.value is not None


def boundary_day(start: date, boundaries: str | None) -> date:
    """The day whose boundaries a figure is shown on: the period's own, or those of 2019–2024 / 2025."""
    if boundaries == "2025":
        return max(start, MERGER_DAY)
    if boundaries == "2019":
        return min(start, LAST_DAY_2019_BOUNDARIES)
    return start


def municipalities_on(day: date, *, within: Area | None = None):
    valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    areas = Area.objects.filter(valid, level=Area.Level.MUNICIPALITY)
    if within is not None:
        areas = areas.filter(**{within.level: within})
    return areas.order_by("name")


class Figures:
    """The figures of one indicator for one period, with the observations it needs loaded once."""

    def __init__(self, indicator: Indicator, period: str, start: date, *, boundaries: str | None = None):
        self.indicator, self.period, self.start, self.boundaries = indicator, period, start, boundaries
        self.day = boundary_day(start, boundaries)
        self.threshold = Decimal(settings.INDICATOR_COVERAGE_PERCENT) / 100
        self._stored: dict[int, dict[int, Stored]] = {}
        self._areas: dict[tuple, list[Area]] = {}  # municipalities within an area, predecessors

    def _observation(self, indicator: Indicator, area: Area) -> Stored | None:
        if indicator.pk not in self._stored:
            rows = Observation.objects.filter(indicator=indicator, period=self.period).values_list(
                "area_id", "value", "status", "confidentiality"
            )  # tuples, not models: a page reads thousands of these
            self._stored[indicator.pk] = {area_id: Stored(*rest) for area_id, *rest in rows}
        return self._stored[indicator.pk].get(area.pk)

    # -- one area --------------------------------------------------------------------------------------

    def of(self, area: Area, indicator: Indicator | None = None) -> Result:
        indicator = indicator or self.indicator
        stored = self._observation(indicator, area)
        if stored is not None:
            return Result(
                value=stored.value,
                status=stored.status,
                confidentiality=stored.confidentiality,
                confidential=is_confidential(stored.confidentiality),
                published=area.level != Area.Level.MUNICIPALITY,
            )
        if indicator.aggregation == Indicator.Aggregation.NONE:
            return Result(reason=self._not_additive(area))
        if area.level == Area.Level.MUNICIPALITY:
            if area.valid_on(self.start):
                return self._own_ratio(area, indicator) if indicator.aggregation == "ratio" else Result()
            predecessors = self._remembered(
                ("predecessors", area.pk),
                lambda: list(Area.objects.filter(successions__successor=area).order_by("name")),
            )
            if not predecessors:
                return Result(reason=f"{area.name} bestaat niet in periode {self.period}")
            return self.over(predecessors, indicator, complete=True)
        members = self._remembered(("within", self.day, area.pk), lambda: self._within(area))
        return self.over(members, indicator)

    def _within(self, area: Area) -> list[Area]:
        everyone = self._remembered(
            ("municipalities",),
            lambda: list(Area.objects.filter(level=Area.Level.MUNICIPALITY).order_by("name")),
        )
        key = f"{area.level}_id"
        return [m for m in everyone if getattr(m, key) == area.pk and m.valid_on(self.day)]

    def _remembered(self, key: tuple, read):
        if key not in self._areas:
            self._areas[key] = read()
        return self._areas[key]

    def _not_additive(self, area: Area) -> str:
        return (
            f"niet berekend voor {area.name}: deze indicator telt niet op (aggregatie none), "
            "hij wordt enkel getoond waar hij gemeten is"
        )

    def _own_ratio(self, area: Area, indicator: Indicator) -> Result:
        return self.over([area], indicator, complete=True) if indicator.numerator_id else Result()

    # -- several areas -----------------------------------------------------------------------------------

    def group(self, group: AreaGroup) -> Result:
        members = [m for m in group.members.order_by("name") if self._member_on_day(m)]
        return self.over(members, self.indicator)

    def _member_on_day(self, area: Area) -> bool:
        return area.level != Area.Level.MUNICIPALITY or area.valid_on(self.day)

    def over(self, members: list[Area], indicator: Indicator, *, complete: bool = False) -> Result:
        """The figure of `indicator` over `members`; `complete`: all of them or nothing (a merger)."""
        if indicator.aggregation == Indicator.Aggregation.NONE:
            return Result(reason=self._not_additive(members[0]) if len(members) == 1 else (
                "niet berekend: deze indicator telt niet op (aggregatie none), "
                "een gemiddelde van de leden zou misleiden"
            ))  # fmt: skip
        if indicator.aggregation == Indicator.Aggregation.SUM:
            parts = {m.pk: (self._part(m, indicator), None) for m in members}
        else:
            parts = {
                m.pk: (self._part(m, indicator.numerator), self._part(m, indicator.denominator))
                for m in members
            }
        return self._combine(members, parts, indicator, complete=complete)

    def _part(self, member: Area, indicator: Indicator) -> Result:
        stored = self._observation(indicator, member)
        if stored is not None or member.level != Area.Level.MUNICIPALITY or not member.valid_on(self.start):
            return self.of(member, indicator)
        return Result()

    def _combine(self, members, parts, indicator: Indicator, *, complete: bool) -> Result:
        ratio = indicator.aggregation == Indicator.Aggregation.RATIO
        present = [m for m in members if parts[m.pk][0].shown and (not ratio or parts[m.pk][1].shown)]
        found = {m.pk for m in present}
        missing = [m.name for m in members if m.pk not in found]
        if ratio:
            weighed = [m for m in members if parts[m.pk][1].shown]
            total = sum((parts[m.pk][1].value for m in weighed), Decimal(0))
            share = sum((parts[m.pk][1].value for m in present), Decimal(0)) / total if total else Decimal(0)
            if len(weighed) < len(members):  # a member without a denominator cannot be weighed
                share = min(share, Decimal(len(present)) / len(members))
        else:
            share = Decimal(len(present)) / len(members) if members else Decimal(0)
        result = Result(computed=True, missing=missing, coverage=share)
        # A member resting on a confidential value withholds the whole figure, even when that member's
        # own figure is itself withheld: leaving it out would still be a figure beside a published total.
        secret = [m.name for m in members if any(p is not None and p.confidential for p in parts[m.pk])]
        if secret:
            result.confidential = True
            result.reason = (
                "niet getoond: dit cijfer zou berekend worden over een vertrouwelijke waarde "
                f"({', '.join(secret)})"
            )
            return result
        if not present or (complete and missing) or share < self.threshold:
            result.reason = self._coverage_reason(share, missing, complete=complete)
            return result
        if ratio:
            numerator = sum((parts[m.pk][0].value for m in present), Decimal(0))
            denominator = sum((parts[m.pk][1].value for m in present), Decimal(0))
            if not denominator:
                result.reason = "niet berekend: de noemer is nul"
                return result
            result.value = numerator / denominator * indicator.scale
        else:
            result.value = sum((parts[m.pk][0].value for m in present), Decimal(0))
        return result

    def _coverage_reason(self, share: Decimal, missing: list[str], *, complete: bool) -> str:
        names = ", ".join(missing) or "alle leden"
        if complete:
            return f"niet berekend: een deel ontbreekt ({names})"
        return (
            f"niet getoond: slechts {share * 100:.0f} % aanwezig, minstens "
            f"{self.threshold * 100:.0f} % nodig; ontbreekt: {names}"
        )


def figures_for_periods(
    indicator: Indicator, periods: list[tuple[str, date]], *, boundaries: str | None = None
) -> dict[str, Figures]:
    """`Figures` for each of `periods`, sharing their reads: the observations of the indicator (and of
    a ratio's numerator and denominator) in one query for all periods, and each set of municipalities
    once, so a time series costs a few queries however long it is."""
    figures = {period: Figures(indicator, period, start, boundaries=boundaries) for period, start in periods}
    ids = [i for i in (indicator.pk, indicator.numerator_id, indicator.denominator_id) if i]
    stored: dict[str, dict[int, dict[int, Stored]]] = {p: {i: {} for i in ids} for p in figures}
    rows = Observation.objects.filter(indicator_id__in=ids, period__in=list(figures)).values_list(
        "period", "indicator_id", "area_id", "value", "status", "confidentiality"
    )
    for period, indicator_id, area_id, *rest in rows:
        stored[period][indicator_id][area_id] = Stored(*rest)
    shared: dict[tuple, list[Area]] = {}
    for period, each in figures.items():
        each._stored, each._areas = stored[period], shared
    return figures
