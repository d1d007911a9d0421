"""Similar municipalities (issue 14, point 2): for one municipality and a chosen set of indicators, the
municipalities nearest to it, with the distance shown.

Per indicator its latest period (or the latest of a chosen year) is read for every municipality on the
chosen boundaries (those of 2025 by default: a merged municipality's older figures are the sum of its
parts, aggregation.py). Each indicator is standardised over the municipalities that have a figure
(z = (value − mean) / standard deviation), so a count of inhabitants and a percentage weigh alike. The
distance is the Euclidean distance of the z-scores over the indicators both municipalities have:

    d = √( Σ (z_target − z_other)² × k / m )

with k the indicators used and m those the other municipality has (so a missing value neither pulls a
municipality closer nor pushes it away). A municipality missing more than half of them is left out and
counted. An indicator the chosen municipality has no figure for, or on which every municipality is
equal, cannot say anything about likeness and is dropped, with a message. A figure the viewer may not
read (confidential) counts as missing, so the distance never rests on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core.visibility import can_see_confidential_figures
from stadskennis.indicators.aggregation import Figures, boundary_day, municipalities_on
from stadskennis.indicators.caching import figures_version, remembered
from stadskennis.indicators.display import format_value, shown
from stadskennis.indicators.models import Area, Indicator
from stadskennis.indicators.series import periods_of

MAX_INDICATORS = 8
MAX_NEIGHBOURS, DEFAULT_NEIGHBOURS = 25, 10


@dataclass
class Column:
    indicator: Indicator
    period: str
    mean: float = 0.0
    deviation: float = 0.0
    target: str = ""  # the chosen municipality's figure, as shown


@dataclass
class Neighbour:
    area: Area
    distance: float
    values: list[str]  # per column, as shown ("–" when missing)
    shared: int  # indicators it has a figure for

    @property
    def distance_text(self) -> str:
        return format_value(Decimal(str(round(self.distance, 2))), 2)


@dataclass
class Similarity:
    target: Area
    boundaries: str
    columns: list[Column] = field(default_factory=list)
    neighbours: list[Neighbour] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    left_out: int = 0  # municipalities without enough figures
    compared: int = 0  # municipalities with a distance


def _period(indicator: Indicator, year: int | None) -> tuple[str, date] | None:
    periods = periods_of(indicator)
    if year is not None:
        periods = [p for p in periods if p[1].year == year]
    return periods[-1] if periods else None


def _results(indicator: Indicator, period: str, start: date, boundaries: str, shared: dict) -> dict:
    """{NIS code: aggregation Result} for every municipality on the boundaries: viewer-independent, so
    kept between requests as the indicator page's figures are (caching.py)."""
    figures = Figures(indicator, period, start, boundaries=boundaries)
    figures._areas = shared  # the geography (a merged municipality's parts), read once for every indicator
    return {area.code: figures.of(area) for area in municipalities_on(figures.day)}


def _values(indicator: Indicator, period: str, start: date, *, boundaries: str, visible: bool, shared: dict):
    """{NIS code: (area, value or None, result)} for every municipality on the boundaries, as the viewer
    may read them: a confidential figure is missing for whoever may not (display.shown's rule; the cells
    shown are made by display.shown itself)."""
    results = remembered(
        f"gelijkend:{period}:{boundaries}",
        figures_version(indicator),
        lambda: _results(indicator, period, start, boundaries, shared),
    )
    day = boundary_day(start, boundaries)
    if ("areas", day) not in shared:
        shared[("areas", day)] = {a.code: a for a in municipalities_on(day)}
    areas = shared[("areas", day)]
    found = {}
    for code, result in results.items():
        if code in areas:
            readable = result.value is not None and (visible or not result.confidential)
            found[code] = (areas[code], float(result.value) if readable else None, result)
    return found


def _shown(indicator: Indicator, result, visible: bool) -> str:
    cell = shown(result, decimals=indicator.decimals, confidential_visible=visible)
    return cell.display if cell.value is not None else "–"


def similar_build(
    *,
    target_code: str,
    indicators: list[Indicator],
    user,
    boundaries: str = "2025",
    year: int | None = None,
    count: int = DEFAULT_NEIGHBOURS,
) -> Similarity | None:
    """The `count` municipalities nearest to `target_code`; None when it is no municipality on the
    boundaries. `indicators` are those the viewer may see, at most MAX_INDICATORS (the view checks)."""
    visible = can_see_confidential_figures(user)
    shared: dict = {}
    used: list[tuple[Column, dict]] = []
    messages: list[str] = []
    target: Area | None = None
    for indicator in indicators[:MAX_INDICATORS]:
        chosen = _period(indicator, year)
        if chosen is None:
            text = (
                _("%(indicator)s has no figures in %(year)s; it does not count.")
                if year
                else _("%(indicator)s has no figures; it does not count.")
            )
            messages.append(text % {"indicator": indicator.name, "year": year})
            continue
        values = _values(indicator, *chosen, boundaries=boundaries, visible=visible, shared=shared)
        if target_code not in values:
            return None
        target = values[target_code][0]
        column = Column(indicator, chosen[0], target=_shown(indicator, values[target_code][2], visible))
        present = [v for _a, v, _d in values.values() if v is not None]
        if values[target_code][1] is None:
            messages.append(
                _("%(name)s has no figure for %(indicator)s in %(period)s; this indicator does not count.")
                % {"name": target.name, "indicator": indicator.name, "period": chosen[0]}
            )
            continue
        column.mean = sum(present) / len(present)
        column.deviation = math.sqrt(sum((v - column.mean) ** 2 for v in present) / len(present))
        if column.deviation == 0:
            messages.append(
                _("Every municipality has the same figure for %(indicator)s; this indicator does not count.")
                % {"indicator": indicator.name}
            )
            continue
        used.append((column, values))
    if target is None:
        area = next(
            iter(municipalities_on(boundary_day(timezone.localdate(), boundaries)).filter(code=target_code)),
            None,
        )
        if area is None:
            return None
        return Similarity(target=area, boundaries=boundaries, messages=messages)
    result = Similarity(
        target=target, boundaries=boundaries, messages=messages, columns=[c for c, _v in used]
    )
    if not used:
        return result
    k = len(used)
    needed = math.ceil(k / 2)

    def z(column: Column, value: float) -> float:
        return (value - column.mean) / column.deviation

    aims = [z(column, values[target_code][1]) for column, values in used]
    candidates = []
    for code, (area, _v, _d) in used[0][1].items():
        if code == target_code:
            continue
        squares = []
        for (column, values), aim in zip(used, aims, strict=True):
            _area, value, _result = values.get(code, (None, None, None))
            if value is not None:
                squares.append((z(column, value) - aim) ** 2)
        if len(squares) < needed:
            result.left_out += 1
            continue
        candidates.append(Neighbour(area, math.sqrt(sum(squares) * k / len(squares)), [], len(squares)))
    candidates.sort(key=lambda n: (n.distance, n.area.name))
    result.compared = len(candidates)
    result.neighbours = candidates[: max(1, min(count, MAX_NEIGHBOURS))]
    for neighbour in result.neighbours:  # only the figures shown are formatted
        for column, values in used:
            _area, value, found = values.get(neighbour.area.code, (None, None, None))
            neighbour.values.append(_shown(column.indicator, found, visible) if value is not None else "–")
    return result
