"""Figures, tables, charts and maps of Stad in cijfers embedded in an editor's text (core.embeds):

    [[cijfer <code> <gebied> [<periode>] [grenzen=2025]]]   one figure, with its unit, period and flags
    [[grafiek <code> [grenzen=2025] [stad=<gebied>]]]        the centre cities' line chart, with its table
    [[tabel <code> [grenzen=2025]]]                           the centre cities' series as a table
    [[kaart <code> [<periode>] [grenzen=2025]]]               the choropleth of every municipality

`<code>` is the indicator's code (as in its address, /cijfers/<code>/); `<gebied>` a NIS code (44021),
a municipality's name as in a city profile's address (gent, sint-niklaas), `vlaanderen` or
`centrumsteden`; `<periode>` as the indicator writes it (2024, 2024-Q1); without one, the latest period
with a figure. Every figure is computed when the text is shown, through the indicator page's builders
(series.py, maps.py, kept by caching.py until a figure changes) and display.py, so the viewer sees what
the indicator page would show them. An indicator the viewer may not see is treated as unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.embeds import Embed, embed_memo
from stadskennis.indicators.aggregation import Figures
from stadskennis.indicators.caching import figures_version
from stadskennis.indicators.charts import series_chart
from stadskennis.indicators.display import Cell, legend, shown
from stadskennis.indicators.maps import choropleth
from stadskennis.indicators.models import Area, Indicator
from stadskennis.indicators.profile import municipality_named
from stadskennis.indicators.reference import CENTRE_CITIES, FLEMISH_REGION
from stadskennis.indicators.selectors import indicators_visible
from stadskennis.indicators.series import Series, series_build

PERIOD = re.compile(r"\d{4}(?:-Q[1-4]|-\d{2}(?:-\d{2})?)?")
CODE = re.compile(r"[-a-zA-Z0-9_]{1,64}")
AREA = re.compile(r"\d{5}|[a-z0-9-]{2,60}")
OPTIONS = {"grenzen": {"2025"}, "stad": None}
NAMED_AREAS = {"vlaanderen": FLEMISH_REGION, "centrumsteden": f"group:{CENTRE_CITIES}"}


@dataclass
class Figure:
    indicator: Indicator
    area: str
    period: str
    cell: Cell

    @property
    def text(self) -> str:
        """ "262.219 inwoners (Gent, 2024)", as the page writes it, so it reads in a sentence too;
        flags after the period, a withheld figure says so."""
        unit = f" {self.indicator.unit}" if self.cell.shown and self.indicator.unit else ""
        flags = "".join(f", {flag.label}" for flag in self.cell.flags)
        return f"{self.cell.display}{unit} ({self.area}, {self.period}{flags})"


def _indicator(embed: Embed, *, user) -> Indicator | None:
    """The embed's indicator if `user` may see it; None for an unknown one and an invisible one alike.
    Looked up once per code in a render (core.embeds.embed_memo: one viewer), so its figures' version
    (caching.figures_version, kept on the instance) is read once too."""
    if not embed.words:
        return None
    memo = embed_memo()
    key = ("indicator", embed.words[0])
    if key not in memo:
        memo[key] = (
            indicators_visible(user=user)
            .prefetch_related(None)  # the themes are not shown
            .select_related("numerator", "denominator")
            .filter(code=embed.words[0])
            .first()
        )
    return memo[key]


def _boundaries(embed: Embed) -> str | None:
    return "2025" if embed.options.get("grenzen") == "2025" else None


def _check(embed: Embed, *, shape: list[tuple[re.Pattern, str]], required: int) -> str:
    """What is wrong with the embed's words and options, in Dutch ("" when nothing): `shape` is the
    form of each word in order, the first `required` of them needed."""
    words = embed.words
    if len(words) < required:
        return _("write %(form)s") % {"form": " ".join(name for _pattern, name in shape[: max(required, 1)])}
    if len(words) > len(shape):
        return _("one word too many: %(word)s") % {"word": words[len(shape)]}
    for word, (pattern, name) in zip(words, shape, strict=False):
        if not pattern.fullmatch(word):
            return _("%(word)s is not a valid %(what)s") % {"word": word, "what": name}
    for option, value in embed.options.items():
        if option not in OPTIONS:
            return _("unknown option %(option)s (use grenzen=2025)") % {"option": option}
        allowed = OPTIONS[option]
        if allowed is not None and value not in allowed:
            return _("%(option)s=%(value)s is not possible (use grenzen=2025)") % {
                "option": option, "value": value,
            }  # fmt: skip
    return ""


def _series(indicator: Indicator, embed: Embed, *, user) -> Series:
    memo = embed_memo()
    key = ("series", indicator.code, _boundaries(embed))
    if key not in memo:
        memo[key] = series_build(indicator, user=user, boundaries=_boundaries(embed))
    return memo[key]


class _Versioned:
    def version(self, embed: Embed, *, user) -> str:
        """What the embed shows depends on (core.embeds.embeds_version): its figures' version."""
        indicator = _indicator(embed, user=user)
        return figures_version(indicator) if indicator is not None else "-"


def figure_build(embed: Embed, *, user) -> Figure | None:
    """The one figure an embed names, as `user` may see it; None when it names nothing they may see."""
    indicator = _indicator(embed, user=user)
    if indicator is None or len(embed.words) < 2:
        return None
    series = _series(indicator, embed, user=user)
    key = NAMED_AREAS.get(embed.words[1].lower(), embed.words[1])
    row = next((r for r in series.rows if r.key == key or slugify(r.name) == key), None)
    area = None
    if row is None:
        area = municipality_named(key) or Area.objects.filter(code=key).order_by("-valid_from").first()
        if area is None:
            return None
    wanted = embed.words[2] if len(embed.words) > 2 else ""
    if wanted and wanted not in series.labels:
        return None
    order = [series.labels.index(wanted)] if wanted else range(len(series.periods) - 1, -1, -1)
    for at in order:
        period, start = series.periods[at]
        if row is not None:
            cell = row.cells[at]
        elif not area.valid_on(start) and _boundaries(embed) is None:
            continue
        else:
            result = Figures(indicator, period, start, boundaries=_boundaries(embed)).of(area)
            cell = shown(
                result, decimals=indicator.decimals, confidential_visible=series.confidential_visible
            )
        if wanted or cell.shown or cell.withheld:
            return Figure(indicator, row.name if row is not None else area.name, period, cell)
    return None


def map_build(embed: Embed, *, user):
    """(indicator, choropleth) of an embed `kaart`, or None."""
    indicator = _indicator(embed, user=user)
    if indicator is None:
        return None
    series = _series(indicator, embed, user=user)
    starts = dict(series.periods)
    period = embed.words[1] if len(embed.words) > 1 else ""
    if not period:
        shown_at = [i for i, _p in enumerate(series.labels) if any(r.cells[i].shown for r in series.rows)]
        period = series.labels[shown_at[-1]] if shown_at else ""
    if period not in starts:
        return None
    the_map = choropleth(
        indicator, period, starts[period], boundaries=_boundaries(embed),
        confidential_visible=series.confidential_visible,
    )  # fmt: skip
    return indicator, the_map


def _highlighted(embed: Embed) -> str:
    return slugify(embed.options.get("stad", ""))


class FigureEmbed(_Versioned):
    missing = gettext_lazy("figure not available")
    inline = True

    def check(self, embed: Embed) -> str:
        return _check(
            embed, shape=[(CODE, _("indicator code")), (AREA, _("area")), (PERIOD, _("period"))], required=2
        )

    def html(self, embed: Embed, *, user) -> str | None:
        figure = figure_build(embed, user=user)
        if figure is None:
            return None
        return render_to_string("indicators/embeds/_figure.html", {"figure": figure}).strip()

    def text(self, embed: Embed, *, user) -> str | None:
        figure = figure_build(embed, user=user)
        return figure.text if figure is not None else None


class SeriesEmbed(_Versioned):
    """`grafiek` (the chart, its table folded under it) and `tabel` (the table alone)."""

    inline = False

    def __init__(self, *, chart: bool):
        self.chart = chart
        self.missing = gettext_lazy("chart not available") if chart else gettext_lazy("table not available")

    def check(self, embed: Embed) -> str:
        return _check(embed, shape=[(CODE, _("indicator code"))], required=1)

    def build(self, embed: Embed, *, user) -> Series | None:
        indicator = _indicator(embed, user=user)
        return _series(indicator, embed, user=user) if indicator is not None else None

    def html(self, embed: Embed, *, user) -> str | None:
        series = self.build(embed, user=user)
        if series is None or not series.periods:
            return None
        return render_to_string(
            "indicators/embeds/_series.html",
            {
                "indicator": series.indicator,
                "series": series,
                "chart": series_chart(series, highlighted=_highlighted(embed)) if self.chart else None,
                "flags": legend(series.cells()),
                "notes": _notes(series),
                "prefix": embed.anchor,
            },
        )

    def text(self, embed: Embed, *, user) -> str | None:
        series = self.build(embed, user=user)
        if series is None or not series.periods:
            return None
        latest = series.labels[-1]
        cells = ", ".join(f"{row.name} {row.cells[-1].display}" for row in series.rows if row.kind != "city")
        return f"{series.indicator.name} ({latest}): {cells}"


def _notes(series: Series) -> list[str]:
    """The series' notes, a row's same note once with all its periods: "Vlaams Gewest, 2015, 2016: …"."""
    periods: dict[tuple[str, str], list[str]] = {}
    for row, period, cell in series.notes():
        periods.setdefault((row.name, cell.note), []).append(period)
    return [f"{name}, {', '.join(found)}: {note}" for (name, note), found in periods.items()]


class MapEmbed(_Versioned):
    missing = gettext_lazy("map not available")
    inline = False

    def check(self, embed: Embed) -> str:
        return _check(embed, shape=[(CODE, _("indicator code")), (PERIOD, _("period"))], required=1)

    def html(self, embed: Embed, *, user) -> str | None:
        built = map_build(embed, user=user)
        if built is None:
            return None
        indicator, the_map = built
        memo = embed_memo()  # the patterns of "no figure" once per page: their ids are the page's
        defs, memo["map-patterns"] = not memo.get("map-patterns"), True
        return render_to_string(
            "indicators/embeds/_map.html",
            {"indicator": indicator, "map": the_map, "prefix": embed.anchor, "patterns": defs},
        )

    def text(self, embed: Embed, *, user) -> str | None:
        built = map_build(embed, user=user)
        if built is None:
            return None
        indicator, the_map = built
        return _("%(name)s per municipality, %(period)s") % {"name": indicator.name, "period": the_map.period}


def embeds_register() -> None:
    """Called from IndicatorsConfig.ready: the kinds core.embeds can draw."""
    from stadskennis.core.embeds import register_embed
    from stadskennis.indicators import embeds_pdf

    register_embed("cijfer", embeds_pdf.with_pdf(FigureEmbed(), embeds_pdf.figure_pdf))
    register_embed("grafiek", embeds_pdf.with_pdf(SeriesEmbed(chart=True), embeds_pdf.series_pdf))
    register_embed("tabel", embeds_pdf.with_pdf(SeriesEmbed(chart=False), embeds_pdf.series_pdf))
    register_embed("kaart", embeds_pdf.with_pdf(MapEmbed(), embeds_pdf.map_pdf))
