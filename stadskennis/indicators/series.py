"""The indicator page's time series: the 13 centre cities, the VGC where it has figures, the centre
cities together and the Flemish Region, period by period, as one viewer may see them.

Each period is computed on its own boundaries, or on those of 2025 (`boundaries="2025"`): then a city
that merged (Hasselt with Kortessem, Antwerpen with Borsbeek) is the sum of its parts, with its lineage
named, and a `none` figure stays empty with aggregation.py's reason. A change of definition that the
series crosses is kept with the first period it applies to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from stadskennis.core.visibility import can_see_confidential_figures
from stadskennis.indicators.aggregation import Result, figures_for_periods
from stadskennis.indicators.area_sums import periods_with_figures
from stadskennis.indicators.caching import figures_version, keep, remembered
from stadskennis.indicators.display import Cell, escape, number_separators, shown
from stadskennis.indicators.models import Area, AreaGroup, AreaSuccession, Indicator
from stadskennis.indicators.reference import BRUSSELS_REGION, CENTRE_CITIES, FLEMISH_REGION


@dataclass
class Row:
    key: str  # NIS code, or group:<slug>
    name: str
    kind: str  # city, vgc, group or region
    cells: list[Cell]
    lineage: str = ""  # on 2025 boundaries: what a merged city was made of


@dataclass
class Break:
    """A definition that starts within the series: its first period is marked."""

    period: str
    valid_from: date
    description: str


@dataclass
class Series:
    indicator: Indicator
    periods: list[tuple[str, date]]
    rows: list[Row]
    breaks: dict[str, Break]
    boundaries: str | None
    confidential_visible: bool = False

    @property
    def labels(self) -> list[str]:
        return [period for period, _start in self.periods]

    def cells(self):
        return (cell for row in self.rows for cell in row.cells)

    @property
    def head_html(self) -> SafeString:
        """The table's column headers after "Area": a period each, a new definition marked."""
        new_definition = escape(_("new definition"))  # not inside the f-string: makemessages misses it
        mark = (
            ' <span class="break-mark" aria-hidden="true">‡</span>'
            f'<span class="visually-hidden">({new_definition})</span>'
        )
        return mark_safe(  # noqa: S308 (labels escaped here)
            "".join(
                f'<th scope="col" class="number">{escape(label)}{mark if label in self.breaks else ""}</th>'
                for label in self.labels
            )
        )

    @property
    def body_html(self) -> SafeString:
        """The table's rows (_series_table.html), built here rather than in a template loop: a
        comparison has thousands of cells, and the loop was most of its page's time."""
        rows = []
        for row in self.rows:
            lineage = f'<span class="lineage">{escape(row.lineage)}</span>' if row.lineage else ""
            cells = "".join(
                f'<td class="number{" withheld" if cell.withheld else ""}">{cell.html()}</td>'
                for cell in row.cells
            )
            head = f'<th scope="row">{escape(row.name)}{lineage}</th>'
            rows.append(f'<tr class="row-{escape(row.kind)}">{head}{cells}</tr>')
        return mark_safe("".join(rows))  # noqa: S308 (names escaped here, cells by Cell.html)

    def notes(self) -> list[tuple[Row, str, Cell]]:
        """Every cell with something to say (why it is empty, what it left out), in table order."""
        return [
            (row, period, cell)
            for row in self.rows
            for period, cell in zip(self.labels, row.cells, strict=True)
            if cell.note and not cell.withheld
        ]


def periods_of(indicator: Indicator) -> list[tuple[str, date]]:
    """Every period the indicator (or, for a ratio, its numerator) has a figure for, oldest first."""
    ids = [indicator.pk] + ([indicator.numerator_id] if indicator.numerator_id else [])
    found = periods_with_figures(ids)
    return sorted({p for i in ids for p in found[i]}, key=lambda p: (p[1], p[0]))


def definition_breaks(indicator: Indicator, periods: list[tuple[str, date]]) -> dict[str, Break]:
    """The definitions that start after the series' first period, each at the first period it covers
    (a definition recorded after the last period, or before the first, marks nothing)."""
    breaks = {}
    for version in indicator.definitions.order_by("valid_from"):
        later = [(p, start) for p, start in periods if start >= version.valid_from]
        if later and later[0] != periods[0]:
            breaks[later[0][0]] = Break(later[0][0], version.valid_from, version.description)
    return breaks


def _lineage(successions) -> dict[Area, str]:
    """Each merged municipality of 2025 → what it was made of, in words."""
    parts: dict[Area, list[Area]] = {}
    for succession in successions.select_related("predecessor", "successor"):
        parts.setdefault(succession.successor, []).append(succession.predecessor)
    return {
        successor: _("%(parts)s, together since 1 January 2025")
        % {"parts": " + ".join(f"{a.name} ({a.code})" for a in sorted(found, key=lambda a: a.code))}
        for successor, found in parts.items()
        if len(found) > 1
    }


def mergers_2025() -> dict[str, str]:
    """The NIS code of every municipality of 2025 made of several → its lineage, for the map's table."""
    return {area.code: text for area, text in _lineage(AreaSuccession.objects.all()).items()}


def _computed(indicator: Indicator, boundaries: str | None) -> tuple[list, list[tuple]]:
    """The periods, and (key, name, kind, lineage, one aggregation Result per period) for every row:
    the same for every viewer, so caching.py keeps it between requests."""
    periods = periods_of(indicator)
    group = AreaGroup.objects.get(slug=CENTRE_CITIES)
    members = list(group.members.filter(level=Area.Level.MUNICIPALITY).order_by("name", "valid_from"))
    brussels = Area.objects.get(code=BRUSSELS_REGION)
    flanders = Area.objects.get(code=FLEMISH_REGION)
    # Only the rows' own areas are read (a merged city's parts too); the regions are summed by the database.
    parts = AreaSuccession.objects.filter(successor__in=members).values_list("predecessor_id", flat=True)
    areas = [m.pk for m in members] + list(parts) + [brussels.pk, flanders.pk]
    figures = figures_for_periods(
        indicator, periods, boundaries=boundaries, areas=areas, summed=[flanders, brussels]
    )
    lineage = (
        {a.pk: text for a, text in _lineage(AreaSuccession.objects.filter(successor__in=members)).items()}
        if boundaries == "2025"
        else {}
    )
    rows = []
    for name in dict.fromkeys(m.name for m in members):
        versions = [m for m in members if m.name == name]
        results, merged, used = [], "", versions[-1]
        for period, _start in periods:
            area = next((m for m in versions if m.valid_on(figures[period].day)), None)
            results.append(
                figures[period].of(area)
                if area
                else Result(
                    reason=_("%(area)s does not exist in %(period)s") % {"area": name, "period": period}
                )
            )
            if area is not None:
                merged, used = merged or lineage.get(area.pk, ""), area
        rows.append((used.code, name, "city", merged, results))
    vgc = [figures[p].of(brussels) for p, _start in periods]
    if any(r.shown or r.confidential for r in vgc):
        rows.append((BRUSSELS_REGION, _("VGC (Brussels-Capital Region)"), "vgc", "", vgc))
    rows.append(
        (
            f"group:{group.slug}",
            _("%(group)s together") % {"group": group.name},
            "group",
            "",
            [figures[p].group(group) for p, _s in periods],
        )
    )
    rows.append((FLEMISH_REGION, flanders.name, "region", "", [figures[p].of(flanders) for p, _s in periods]))
    return periods, rows


def series_build(indicator: Indicator, *, user, boundaries: str | None = None) -> Series:
    """The series as `user` may see it, on each period's own boundaries or on those of 2025."""
    periods, computed = remembered(
        f"reeks:{boundaries}", figures_version(indicator), lambda: _computed(indicator, boundaries), kept=True
    )
    visible = can_see_confidential_figures(user)
    seps = number_separators()
    rows = []
    for key, name, kind, lineage, results in computed:
        cells = [
            shown(r, decimals=indicator.decimals, confidential_visible=visible, separators=seps)
            for r in results
        ]
        rows.append(Row(key, name, kind, cells, lineage))
    return Series(
        indicator=indicator,
        periods=periods,
        rows=rows,
        breaks=definition_breaks(indicator, periods),
        boundaries=boundaries,
        confidential_visible=visible,
    )


def series_warm(indicator_ids: list[int]) -> int:
    """Compute and keep in the database (caching.keep) what the indicator page of each of
    `indicator_ids`, and of each ratio built on one of them, computes for any viewer: the series on the
    periods' own boundaries and on those of 2025, and the map of the latest period with a figure, in
    every language. Returns how many indicators it computed."""
    from stadskennis.indicators.maps import map_keep  # maps reads series.py

    changed = (
        Q(pk__in=indicator_ids) | Q(numerator_id__in=indicator_ids) | Q(denominator_id__in=indicator_ids)
    )
    indicators = list(Indicator.objects.filter(changed).select_related("numerator", "denominator"))
    for indicator in indicators:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for boundaries in (None, "2025"):
                    periods, rows = keep(
                        f"reeks:{boundaries}",
                        figures_version(indicator),
                        lambda b=boundaries, i=indicator: _computed(i, b),
                    )
                    shown_in = [k for k in range(len(periods)) if any(r[4][k].shown for r in rows)]
                    if shown_in:
                        period, start = periods[shown_in[-1]]
                        map_keep(indicator, period, start, boundaries=boundaries)
    return len(indicators)
