"""A dashboard's tiles as one viewer sees them, built with the indicator page's own pieces: the series
(`series_build`, kept between requests), its chart (`series_chart`), ranking (`ranking_build`), map
(`choropleth`) and a city's figure against the centre cities and Flanders (`profile_line`).

A tile whose indicator the viewer may not see is left out before anything is computed, so not even
its title shows; a confidential figure is withheld as display.py decides for this viewer. Each tile
also lists the figures it shows (`Shown`), which the data twins write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import slugify

from stadskennis.dashboards.models import Tile
from stadskennis.indicators.charts import Chart, series_chart
from stadskennis.indicators.display import Cell, Flag, legend
from stadskennis.indicators.maps import Choropleth, choropleth
from stadskennis.indicators.models import Area, Indicator
from stadskennis.indicators.profile import Line, profile_line
from stadskennis.indicators.ranking import Ranking, ranking_build
from stadskennis.indicators.series import Series, series_build


@dataclass
class Shown:
    """One figure a tile shows: a row of the data twins."""

    geo: str
    name: str
    kind: str  # city, vgc, group, region or gemeente (as the indicator's map twin names a municipality)
    period: str
    cell: Cell
    rank: int | None = None
    comparison: str = ""


@dataclass
class TileView:
    tile: Tile
    indicator: Indicator
    series: Series
    number: int = 0  # its place among the tiles this viewer sees (1, 2, 3 …: a hidden one leaves no gap)
    period: str = ""
    missing: str = ""  # the period the tile asks for, when it has no figure in it
    line: Line | None = None  # figure: the focus city against the centre cities and Flanders
    centre: Cell | None = None  # figure without a focus city: the centre cities together …
    flanders: Cell | None = None  # … and the Flemish Region
    chart: Chart | None = None
    ranking: Ranking | None = None
    map: Choropleth | None = None
    focus: str = ""  # the focus city's name (drawn out in the chart, marked in the ranking)
    shown: list[Shown] = field(default_factory=list)

    @property
    def flags(self) -> list[Flag]:
        return legend(s.cell for s in self.shown)

    @property
    def anchor(self) -> str:
        """The tile's id on the page, and the start of the ids inside it: by its number, so that it
        reveals neither a database id nor a tile this viewer does not see."""
        return f"tegel-{self.number}"

    @property
    def empty(self) -> bool:
        return not self.series.periods


def visible_tiles(dashboard, *, user):
    """The dashboard's tiles whose indicator `user` may see, in order (core.visibility decides)."""
    return (
        dashboard.tiles.filter(indicator__in=Indicator.objects.visible_to(user))
        .select_related("indicator__numerator", "indicator__denominator", "area")
        .order_by("position", "pk")
    )


def _latest_with_figures(series: Series) -> str:
    latest = [i for i in range(len(series.labels)) if any(r.cells[i].shown for r in series.rows)]
    return series.labels[latest[-1]] if latest else (series.labels[-1] if series.labels else "")


def _figure(view: TileView, focus: Area | None) -> None:
    series, area, wanted = view.series, view.tile.area or focus, view.tile.period
    if wanted and wanted not in series.labels:
        view.missing = wanted
        return
    if area is not None:
        line = profile_line(view.indicator, area, series, period=wanted)
        if line is None:
            return
        if wanted and line.period != wanted:  # the city has no figure then: not an earlier one instead
            view.missing = wanted
            return
        view.line = line
        view.period, view.focus = view.line.period, area.name
        view.shown = [
            Shown(
                area.code,
                area.name,
                "gemeente",
                view.period,
                view.line.city,
                comparison=view.line.comparison,
            )
        ]
        cells = (view.line.centre, view.line.flanders)
    else:
        view.period = wanted or _latest_with_figures(series)
        if not view.period:
            return
        at = series.labels.index(view.period)
        cells = tuple(
            next(r for r in series.rows if r.kind == kind).cells[at] for kind in ("group", "region")
        )
        view.centre, view.flanders = cells
    for kind, cell in zip(("group", "region"), cells, strict=True):
        row = next(r for r in series.rows if r.kind == kind)
        view.shown.append(Shown(row.key, row.name, kind, view.period, cell))


def _line(view: TileView, focus: Area | None) -> None:
    view.chart = series_chart(view.series, highlighted=slugify(focus.name) if focus else "")
    view.focus = focus.name if focus else ""
    view.shown = [
        Shown(row.key, row.name, row.kind, period, cell)
        for row in view.series.rows
        for period, cell in zip(view.series.labels, row.cells, strict=True)
    ]


def _ranking(view: TileView, focus: Area | None) -> None:
    view.ranking = ranking_build(view.series)
    if view.ranking is None:
        return
    view.period, view.focus = view.ranking.period, focus.name if focus else ""
    view.shown = [
        Shown(p.row.key, p.row.name, p.row.kind, view.period, p.cell, rank=p.rank, comparison=p.comparison)
        for p in view.ranking.places
    ] + [Shown(row.key, row.name, row.kind, view.period, cell) for row, cell in view.ranking.unranked]


def _map(view: TileView, focus: Area | None) -> None:
    wanted = view.tile.period
    if wanted and wanted not in view.series.labels:
        view.missing = wanted
        return
    view.period = wanted or _latest_with_figures(view.series)
    if not view.period:
        return
    start = dict(view.series.periods)[view.period]
    view.map = choropleth(
        view.indicator,
        view.period,
        start,
        boundaries=None,
        confidential_visible=view.series.confidential_visible,
    )
    view.shown = [Shown(a.code, a.name, "gemeente", view.period, a.cell) for a in view.map.areas]


BUILDERS = {
    Tile.Kind.FIGURE: _figure,
    Tile.Kind.LINE: _line,
    Tile.Kind.RANKING: _ranking,
    Tile.Kind.MAP: _map,
}


def tile_views(tiles, *, user, focus: Area | None) -> list[TileView]:
    """Each tile with what it shows `user`; `focus` is the municipality the dashboard is about (its
    own, or the one the viewer chose), if any. Two tiles of one indicator share its series."""
    built: dict[int, Series] = {}
    views = []
    for number, tile in enumerate(tiles, start=1):
        indicator = tile.indicator
        if indicator.pk not in built:
            built[indicator.pk] = series_build(indicator, user=user)
        view = TileView(tile, indicator, built[indicator.pk], number=number)
        if not view.empty:
            BUILDERS[tile.kind](view, focus)
        views.append(view)
    return views
