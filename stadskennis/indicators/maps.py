"""The choropleth: every municipality of Flanders and Brussels coloured by its figure for one period.

Classes are quantiles of the figures shown to this viewer (a withheld figure neither gets a colour nor
moves a class boundary); a municipality without a figure is hatched and says why in its <title> and
in the table beside the map. The shapes come from geometry.py (kept in memory), so drawing the map is
looking up 300 strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from stadskennis.indicators.aggregation import Figures, boundary_day, municipalities_on
from stadskennis.indicators.caching import figures_version, keep, remembered
from stadskennis.indicators.display import Cell, format_value, number_separators, shown
from stadskennis.indicators.geometry import map_geometry
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.reference import MERGER_DAY
from stadskennis.indicators.series import mergers_2025

PALETTE = ("#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b")  # ColorBrewer "Blues", light to dark
NO_DATA = "url(#geen-cijfer)"


@dataclass
class MapClass:
    low: Decimal
    high: Decimal
    colour: str
    label: str
    count: int = 0


@dataclass
class MapArea:
    code: str
    name: str
    path: str
    cell: Cell
    fill: str = NO_DATA
    lineage: str = ""

    @property
    def title(self) -> str:
        return f"{self.name}: {self.cell.display}"


@dataclass
class Choropleth:
    period: str
    boundaries: str  # "2019" or "2025": whose shapes are drawn
    viewbox: str
    areas: list[MapArea]
    classes: list[MapClass]
    source: str
    licence: str
    no_data: int = 0
    decimals: int = 0
    notes: list[str] = field(default_factory=list)

    def paths_html(self) -> SafeString:
        """One <path> per municipality with its <title> (name: value), built here rather than in a
        template loop: 300 of them are most of the page's time otherwise."""
        return mark_safe(  # noqa: S308 (names and values escaped; paths are our own digits)
            "".join(
                f'<path d="{a.path}" fill="{a.fill}"><title>{escape(a.title)}</title></path>'
                for a in self.areas
            )
        )

    def rows_html(self) -> SafeString:
        """The rows of the table beside the map: name, NIS code, lineage, value with flags and note."""
        return mark_safe(  # noqa: S308 (every text escaped)
            "".join(
                f'<tr><th scope="row">{escape(a.name)} <span class="nis">{a.code}</span>'
                + (f'<span class="lineage">{escape(a.lineage)}</span>' if a.lineage else "")
                + f'</th><td class="number">{a.cell.html(inline_note=True)}</td></tr>'
                for a in self.areas
            )
        )


def quantile_classes(values: list[Decimal], *, decimals: int, count: int = 5) -> list[MapClass]:
    """Up to `count` classes holding about as many values each; equal values stay in one class."""
    ordered = sorted(values)
    if not ordered:
        return []
    uppers = []
    for k in range(1, count + 1):
        upper = ordered[max(0, -(-len(ordered) * k // count) - 1)]  # the k-th quantile, rounded up
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    spread = len(PALETTE) - 1
    palette = (
        [PALETTE[round(i * spread / (len(uppers) - 1))] for i in range(len(uppers))]
        if len(uppers) > 1
        else [PALETTE[2]]
    )
    classes, previous = [], None
    for upper, colour in zip(uppers, palette, strict=True):
        members = [v for v in ordered if (previous is None or v > previous) and v <= upper]
        low = members[0]
        if low == upper:
            label = format_value(low, decimals)
        elif previous is None:
            label = _("%(low)s up to and including %(high)s") % {
                "low": format_value(low, decimals), "high": format_value(upper, decimals),
            }  # fmt: skip
        else:  # the bounds as they are, even where rounding makes two neighbours look alike
            label = _("more than %(low)s up to and including %(high)s") % {
                "low": format_value(previous, decimals), "high": format_value(upper, decimals),
            }  # fmt: skip
        classes.append(MapClass(low, upper, colour, label, len(members)))
        previous = upper
    return classes


def _fill(value: Decimal | None, classes: list[MapClass]) -> str:
    if value is None:
        return NO_DATA
    return next(c.colour for c in classes if value <= c.high)


def _computed(indicator: Indicator, period: str, start: date, boundaries: str | None) -> list[tuple]:
    """(NIS code, name, lineage, aggregation Result) of every municipality on the map's boundaries:
    the same for every viewer, so caching.py keeps it between requests."""
    figures = Figures(indicator, period, start, boundaries=boundaries)
    lineage = mergers_2025() if figures.day >= MERGER_DAY else {}
    return [(a.code, a.name, lineage.get(a.code, ""), figures.of(a)) for a in municipalities_on(figures.day)]


def map_keep(indicator: Indicator, period: str, start: date, *, boundaries: str | None) -> None:
    """Compute the map's figures and keep them for every web process (caching.keep, the warm-up)."""
    keep(
        f"kaart:{period}:{boundaries}",
        figures_version(indicator),
        lambda: _computed(indicator, period, start, boundaries),
    )


def choropleth(
    indicator: Indicator, period: str, start: date, *, boundaries: str | None, confidential_visible: bool
) -> Choropleth:
    """The map of `indicator` in `period`, on that period's boundaries or on those of 2025."""
    shapes = "2025" if boundary_day(start, boundaries) >= MERGER_DAY else "2019"
    geometry = map_geometry(shapes)
    computed = remembered(
        f"kaart:{period}:{boundaries}",
        figures_version(indicator),
        lambda: _computed(indicator, period, start, boundaries),
        kept=True,
    )
    decimals, seps = indicator.decimals, number_separators()
    areas = []
    for code, name, lineage, result in computed:
        if code in geometry.paths:
            cell = shown(
                result, decimals=decimals, confidential_visible=confidential_visible, separators=seps
            )
            areas.append(MapArea(code, name, geometry.paths[code], cell, lineage=lineage))
    classes = quantile_classes([a.cell.value for a in areas if a.cell.shown], decimals=decimals)
    for map_area in areas:
        map_area.fill = _fill(map_area.cell.value, classes)
    return Choropleth(
        period=period,
        boundaries=shapes,
        viewbox=" ".join(str(n) for n in geometry.viewbox),
        areas=areas,
        classes=classes,
        source=geometry.source,
        licence=geometry.licence,
        no_data=sum(1 for a in areas if not a.cell.shown),
        decimals=decimals,
    )
