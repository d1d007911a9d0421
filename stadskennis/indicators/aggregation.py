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

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from stadskennis.indicators.area_sums import Total, area_sums
from stadskennis.indicators.codes import is_confidential
from stadskennis.indicators.models import Area, AreaGroup, Indicator, Observation
from stadskennis.indicators.reference import LAST_DAY_2019_BOUNDARIES, MERGER_DAY

BOUNDARIES = ("2019", "2025")
_NOTHING = (None, False)  # a member without a figure: (value, confidential)


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
    reason: str = ""  # why the figure is empty, in the language active when it was computed
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
        # The areas whose observations `_stored` holds (None: all): a page that needs a few areas and
        # a region's sums reads only those; asking for any other area reads the whole period then.
        self._scope: set[int] | None = None
        self._totals: dict[int, dict[int, Total]] = {}  # region → indicator → the database's sums
        self._family: dict[str, Figures] | None = None  # the periods read together with this one

    # `.id` rather than `.pk` on these paths: `pk` is a property, a call each time, and a comparison
    # asks tens of thousands of times
    def _stored_for(self, indicator: Indicator) -> dict[int, Stored]:
        if indicator.id not in self._stored:
            rows = (
                Observation.objects.filter(indicator=indicator, period=self.period)
                .order_by()
                .values_list("area_id", "value", "status", "confidentiality")
            )  # tuples, not models: a page reads thousands of these
            self._stored[indicator.id] = {area_id: Stored(*rest) for area_id, *rest in rows}
        return self._stored[indicator.id]

    def _observation(self, indicator: Indicator, area: Area) -> Stored | None:
        self._reach(area)
        return self._stored_for(indicator).get(area.id)

    def _reach(self, area: Area) -> None:
        """Read the whole period when `area` lies outside what was read so far: for every period read
        together with this one (figures_for_periods), in one query, as before any scope."""
        if self._scope is None or area.id in self._scope:
            return
        family = self._family or {self.period: self}
        ids = list(self._stored)
        starts = [(each.period, each.start) for each in family.values()]
        rows = _in_periods(Observation.objects.filter(indicator_id__in=ids), starts).values_list(
            "period", "indicator_id", "area_id", "value", "status", "confidentiality"
        )
        stored: dict[str, dict[int, dict[int, Stored]]] = {p: {i: {} for i in ids} for p in family}
        for period, indicator_id, area_id, *rest in rows:
            if period in stored:
                stored[period][indicator_id][area_id] = Stored(*rest)
        for period, each in family.items():
            each._stored, each._scope = stored[period], None

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
                return Result(
                    reason=_("%(area)s does not exist in period %(period)s")
                    % {"area": area.name, "period": self.period}
                )
            return self.over(predecessors, indicator, complete=True)
        summed = self._summed(area, indicator)
        if summed is not None:
            return summed
        members = self._within(area, self.day)
        return self.over(members, indicator)

    def _summed(self, area: Area, indicator: Indicator) -> Result | None:
        """The region's figure from the database's sums, when they settle it: every municipality of
        the period has its value(s) and none is confidential, or none has any figure at all. Otherwise
        None, and `over` works it out member by member, naming what is missing. Mergers cross
        arrondissements (Zwijndrecht went to Beveren-Kruibeke-Zwijndrecht), so on other boundaries
        than the period's own only a region is summed here."""
        totals = self._totals.get(area.id)
        if totals is None or (self.day != self.start and area.level != Area.Level.REGION):
            return None
        ratio = indicator.aggregation == Indicator.Aggregation.RATIO
        parts = [indicator.numerator_id, indicator.denominator_id] if ratio else [indicator.pk]
        found = [totals.get(i, Total(0, Decimal(0), 0)) for i in parts]
        if any(t.secret for t in found):
            return None
        if not any(t.present for t in found):
            members = self._within(area, self.day)
            nothing = [_NOTHING] * len(members)
            return self._combine(members, nothing, nothing if ratio else None, indicator, complete=False)
        expected = len(self._within(area, self.start))
        if any(t.present != expected for t in found) or (ratio and not found[1].value):
            return None
        value = found[0].value / found[1].value * indicator.scale if ratio else found[0].value
        return Result(value=value, computed=True, coverage=Decimal(1))

    def _municipalities(self) -> list[Area]:
        return self._remembered(
            ("municipalities",),
            lambda: list(Area.objects.filter(level=Area.Level.MUNICIPALITY).order_by("name")),
        )

    def _within(self, area: Area, day: date) -> list[Area]:
        """The municipalities within `area` on `day`. Boundaries change on a few days only, so the
        answer is kept per stretch between two of them, not per day: a series asks for every period."""
        stretch = bisect_right(self._remembered(("changes",), self._boundary_changes), day)
        key = f"{area.level}_id"
        return self._remembered(
            ("within", area.pk, stretch),
            lambda: [m for m in self._municipalities() if getattr(m, key) == area.id and m.valid_on(day)],
        )

    def _boundary_changes(self) -> list[date]:
        """The days on which some municipality starts or stops being valid, in order."""
        days = {m.valid_from for m in self._municipalities() if m.valid_from}
        days |= {m.valid_until + timedelta(days=1) for m in self._municipalities() if m.valid_until}
        return sorted(days)

    def _remembered(self, key: tuple, read):
        if key not in self._areas:
            self._areas[key] = read()
        return self._areas[key]

    def _not_additive(self, area: Area) -> str:
        return _(
            "not computed for %(area)s: this indicator does not add up (aggregation none), "
            "it is shown only where it was measured"
        ) % {"area": area.name}

    def _own_ratio(self, area: Area, indicator: Indicator) -> Result:
        return self.over([area], indicator, complete=True) if indicator.numerator_id else Result()

    # -- several areas -----------------------------------------------------------------------------------

    def group(self, group: AreaGroup) -> Result:
        everyone = self._remembered(("group", group.pk), lambda: list(group.members.order_by("name")))
        members = [m for m in everyone if self._member_on_day(m)]
        return self.over(members, self.indicator)

    def _member_on_day(self, area: Area) -> bool:
        return area.level != Area.Level.MUNICIPALITY or area.valid_on(self.day)

    def over(self, members: list[Area], indicator: Indicator, *, complete: bool = False) -> Result:
        """The figure of `indicator` over `members`; `complete`: all of them or nothing (a merger)."""
        if indicator.aggregation == Indicator.Aggregation.NONE:
            return Result(reason=self._not_additive(members[0]) if len(members) == 1 else _(
                "not computed: this indicator does not add up (aggregation none), "
                "an average of the members would mislead"
            ))  # fmt: skip
        ratio = indicator.aggregation == Indicator.Aggregation.RATIO
        first = self._parts(members, indicator.numerator if ratio else indicator)
        second = self._parts(members, indicator.denominator) if ratio else None
        return self._combine(members, first, second, indicator, complete=complete)

    def _parts(self, members: list[Area], indicator: Indicator) -> list[tuple[Decimal | None, bool]]:
        """(value, rests on a confidential value) per member: its stored figure, what `of` computes for
        a region or a municipality not valid in the period, or nothing. Plain tuples in one pass: a
        region is hundreds of members per period, a series or a comparison thousands."""
        if self._scope is not None:
            outside = next((m for m in members if m.id not in self._scope), None)
            if outside is not None:
                self._reach(outside)
        stored = self._stored_for(indicator)
        parts = []
        for member in members:
            found = stored.get(member.id)
            if found is not None:
                parts.append((found.value, is_confidential(found.confidentiality)))
            elif member.level != Area.Level.MUNICIPALITY or not member.valid_on(self.start):
                result = self.of(member, indicator)
                parts.append((result.value, result.confidential))
            else:
                parts.append(_NOTHING)
        return parts

    def _combine(self, members, first, second, indicator: Indicator, *, complete: bool) -> Result:
        """`first`: the members' parts (a ratio's numerators); `second`: a ratio's denominators."""
        ratio = second is not None
        n = len(members)
        if ratio:
            present = [i for i in range(n) if first[i][0] is not None and second[i][0] is not None]
            weighed = [value for value, _secret in second if value is not None]
            total = sum(weighed, Decimal(0))
            share = sum((second[i][0] for i in present), Decimal(0)) / total if total else Decimal(0)
            if len(weighed) < n:  # a member without a denominator cannot be weighed
                share = min(share, Decimal(len(present)) / n)
        else:
            present = [i for i in range(n) if first[i][0] is not None]
            share = Decimal(len(present)) / n if n else Decimal(0)
        found = set(present)
        missing = [m.name for i, m in enumerate(members) if i not in found]
        result = Result(computed=True, missing=missing, coverage=share)
        # A member resting on a confidential value withholds the whole figure, even when that member's
        # own figure is itself withheld: leaving it out would still be a figure beside a published total.
        secret = [m.name for i, m in enumerate(members) if first[i][1] or (ratio and second[i][1])]
        if secret:
            result.confidential = True
            result.reason = _(
                "not shown: this figure would be computed over a confidential value (%(areas)s)"
            ) % {"areas": ", ".join(secret)}
            return result
        if not present or (complete and missing) or share < self.threshold:
            result.reason = self._coverage_reason(share, missing, complete=complete)
            return result
        if ratio:
            numerator = sum((first[i][0] for i in present), Decimal(0))
            denominator = sum((second[i][0] for i in present), Decimal(0))
            if not denominator:
                result.reason = _("not computed: the denominator is zero")
                return result
            result.value = numerator / denominator * indicator.scale
        else:
            result.value = sum((first[i][0] for i in present), Decimal(0))
        return result

    def _coverage_reason(self, share: Decimal, missing: list[str], *, complete: bool) -> str:
        names = ", ".join(missing) or _("all members")
        if complete:
            return _("not computed: a part is missing (%(areas)s)") % {"areas": names}
        return _(
            "not shown: only %(share)s %% present, at least %(needed)s %% needed; missing: %(areas)s"
        ) % {"share": f"{share * 100:.0f}", "needed": f"{self.threshold * 100:.0f}", "areas": names}


class Read(NamedTuple):
    """What `figures_for_periods` reads, read once for several indicators (the compare builder's ten):
    their observations in `areas`, and the sums of the regions `summed`, both for all of them."""

    rows: dict[int, list[tuple]]  # indicator → (period, indicator, area, value, status, confidentiality)
    totals: dict[str, dict[tuple, dict]]  # level → area_sums' answer


def read_together(
    indicators: list[Indicator], periods, *, areas: list[int] | None, summed: list[Area]
) -> Read:
    """One read for `indicators` (with their numerators and denominators) over all of `periods`: two
    queries for all of them (the compare builder's ten) where one at a time costs two each. `areas`
    None: every area."""
    ids = list({i for ind in indicators for i in (ind.pk, ind.numerator_id, ind.denominator_id) if i})
    rows: dict[int, list[tuple]] = {i: [] for i in ids}
    found = _in_periods(Observation.objects.filter(indicator_id__in=ids), periods)
    if areas is not None:
        found = found.filter(area_id__in=areas)
    for row in found.values_list("period", "indicator_id", "area_id", "value", "status", "confidentiality"):
        rows[row[1]].append(row)
    current = all(getattr(i, "_sums_current", False) for i in indicators)
    totals = {
        level: area_sums(ids, periods, [r for r in summed if r.level == level], current=current or None)
        for level in dict.fromkeys(region.level for region in summed)
    }
    return Read(rows, totals)


def figures_for_periods(
    indicator: Indicator,
    periods: list[tuple[str, date]],
    *,
    boundaries: str | None = None,
    areas: list[int] | None = None,
    summed: list[Area] = (),
    read: Read | None = None,
) -> dict[str, Figures]:
    """`Figures` for each of `periods`, sharing their reads: the observations of the indicator (and of
    a ratio's numerator and denominator) in one query for all periods, and each set of municipalities
    once, so a time series costs a few queries however long it is. `areas`: read only these areas'
    observations (another area asked for later reads its whole period then). `summed`: regions whose
    figures the database sums per period in one query each, rather than Python over every member.
    `read`: what `read_together` read for these `areas` and `summed` (read here when not given)."""
    figures = {period: Figures(indicator, period, start, boundaries=boundaries) for period, start in periods}
    ids = [i for i in (indicator.pk, indicator.numerator_id, indicator.denominator_id) if i]
    stored: dict[str, dict[int, dict[int, Stored]]] = {p: {i: {} for i in ids} for p in figures}
    if read is None:
        read = read_together([indicator], periods, areas=areas, summed=summed)
    rows = (row for i in ids for row in read.rows.get(i, ()))
    for period, indicator_id, area_id, *rest in rows:
        if period in stored:
            stored[period][indicator_id][area_id] = Stored(*rest)
    shared: dict[tuple, list[Area]] = {}
    scope = set(areas) if areas is not None else None
    for period, each in figures.items():
        each._stored, each._areas, each._scope, each._family = stored[period], shared, scope, figures
    for level in dict.fromkeys(region.level for region in summed):
        regions = [region for region in summed if region.level == level]
        totals = read.totals[level]
        for period, each in figures.items():
            for region in regions:
                each._totals[region.pk] = totals.get((region.pk, period), {})
    return figures


def _in_periods(observations, periods: list[tuple[str, date]]):
    """`observations` from the first of `periods` to the last, unordered: a range of the period start
    is one comparison per index entry where a list of 25 periods is 25 (the caller skips a period it
    did not ask for)."""
    starts = [start for _period, start in periods] or [date.min]
    return observations.filter(period_start__gte=min(starts), period_start__lte=max(starts)).order_by()
