"""A city profile: one municipality against the centre cities together and the Flemish Region on every
indicator of a theme, in the latest period the municipality has a figure for, with the indicator's
direction said in words (better, worse), never by colour alone.

The centre cities' and Flanders' figures are those of the indicator page (series.py, kept between
requests); a municipality that is not a centre city gets its own figure computed for that period.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stadskennis.core.models import Theme
from stadskennis.indicators.aggregation import Figures
from stadskennis.indicators.display import Cell, shown
from stadskennis.indicators.models import Area, Indicator
from stadskennis.indicators.ranking import compare
from stadskennis.indicators.selectors import indicators_visible
from stadskennis.indicators.series import series_build


@dataclass
class Line:
    indicator: Indicator
    period: str
    city: Cell
    centre: Cell
    flanders: Cell
    comparison: str = ""
    symbol: str = ""
    judgement: str = ""


def municipality_named(key: str) -> Area | None:
    """The municipality a profile's address names: a NIS code (the area valid today, else the last
    one) or its name as a slug (gent, sint-niklaas)."""
    today = timezone.localdate()
    areas = Area.objects.filter(level=Area.Level.MUNICIPALITY).order_by("-valid_from")
    if key.isdigit():
        found = list(areas.filter(code=key))
    else:
        found = [a for a in areas if slugify(a.name) == key]
    return next((a for a in found if a.valid_on(today)), found[0] if found else None)


def centre_city_profiles() -> list[tuple[str, str]]:
    """(slug, name) of the centre cities, for links to their profiles."""
    from stadskennis.indicators.models import AreaGroup
    from stadskennis.indicators.reference import CENTRE_CITIES

    group = AreaGroup.objects.filter(slug=CENTRE_CITIES).first()
    names = group.members.order_by("name").values_list("name", flat=True).distinct() if group else []
    return [(slugify(name), name) for name in names]


def themes_with_indicators(user):
    """The themes that have an indicator `user` may see, for the profile's theme choice."""
    visible = indicators_visible(user=user).values("pk")
    return Theme.objects.filter(Q(indicators__in=visible)).distinct().order_by("name")


def profile_lines(area: Area, theme: Theme, *, user) -> list[Line]:
    indicators = indicators_visible(user=user).filter(themes=theme).select_related("numerator", "denominator")
    lines = (profile_line(indicator, area, series_build(indicator, user=user)) for indicator in indicators)
    return [line for line in lines if line is not None]


def profile_line(indicator: Indicator, area: Area, series, *, period: str = "") -> Line | None:
    """`area` against the centre cities together and Flanders in the latest period it has a figure
    for (up to `period`, when that is one of the series'), compared in words; None without periods.
    `series` is `series_build(indicator, user=…)`: it decides what the viewer may see."""
    if not series.periods:
        return None
    centre = next(r for r in series.rows if r.kind == "group")
    flanders = next(r for r in series.rows if r.kind == "region")
    own = next((r for r in series.rows if r.kind == "city" and r.name == area.name), None)
    upto = series.labels.index(period) if period in series.labels else None
    at, city = _latest(indicator, area, series, own.cells if own is not None else None, upto=upto)
    line = Line(indicator, series.labels[at], city, centre.cells[at], flanders.cells[at])
    if line.city.shown and indicator.aggregation != Indicator.Aggregation.SUM:  # a total is no yardstick
        reference = line.centre.value if line.centre.shown else None
        line.comparison, line.symbol, line.judgement = compare(
            line.city.value, reference, indicator.direction
        )
    return line


def _latest(
    indicator: Indicator, area: Area, series, cells: list[Cell] | None, *, upto: int | None = None
) -> tuple[int, Cell]:
    """The latest period (up to the `upto`-th) in which `area` has a figure (or a withheld one), and
    that figure; for a municipality that is not a centre city it is computed here, period by period
    back in time."""
    last = len(series.periods) - 1 if upto is None else upto
    for at in range(last, -1, -1):
        if cells is not None:
            cell = cells[at]
        else:
            period, start = series.periods[at]
            if not (area.valid_on(start) or area.valid_from is not None):
                continue
            result = Figures(indicator, period, start).of(area)
            cell = shown(
                result, decimals=indicator.decimals, confidential_visible=series.confidential_visible
            )
        if cell.shown or cell.withheld or cell.suppressed:
            return at, cell
    return last, cells[last] if cells is not None else Cell(note=_("no figure"))
