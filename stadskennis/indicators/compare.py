"""The compare builder's figures: chosen cities × chosen indicators × a range of years, each indicator
with the centre cities together and the Flemish Region as reference rows.

What is asked comes from the address (`stad`, `indicator`, `van`, `tot`), so it is bookmarkable and
anyone may tamper with it: a NIS code that names no municipality (or the VGC, 04000) and an indicator
code the viewer may not see are left out; more than MAX_CITIES cities, MAX_INDICATORS indicators or
MAX_PERIODS periods are cut back, with a message in Dutch. Each indicator costs one query for its
figures (aggregation.figures_for_periods); the geography is read once for all of them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from stadskennis.core.visibility import can_see_confidential_figures
from stadskennis.indicators.aggregation import Figures, Result, figures_for_periods, read_together
from stadskennis.indicators.area_sums import periods_with_figures
from stadskennis.indicators.caching import figures_version, figures_versions, remembered
from stadskennis.indicators.display import number_separators, shown
from stadskennis.indicators.models import (
    Area,
    AreaGroup,
    AreaSuccession,
    DefinitionVersion,
    Indicator,
)
from stadskennis.indicators.reference import BRUSSELS_REGION, CENTRE_CITIES, FLEMISH_REGION
from stadskennis.indicators.selectors import indicators_visible
from stadskennis.indicators.series import Break, Row, Series

MAX_CITIES, MAX_INDICATORS, MAX_PERIODS = 20, 10, 30
_NIS = re.compile(r"[0-9]{5}")
_YEAR = re.compile(r"[0-9]{4}")


@dataclass
class Place:
    code: str
    name: str
    kind: str  # city or vgc
    versions: list[Area]  # the areas under this code, oldest first (a merged city has two)


@dataclass
class Request:
    places: list[Place] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    first: int | None = None
    last: int | None = None
    messages: list[str] = field(default_factory=list)
    boundaries: str | None = None


def _year(text: str | None) -> int | None:
    return int(text) if text and _YEAR.fullmatch(text) and 1900 <= int(text) <= 2100 else None


def place_choices() -> tuple[list[Place], list[Place], dict[str, Place]]:
    """(the centre cities and the VGC, every other municipality) by name, the form's two lists, and
    every NIS code a `stad` in the address may name → its place. A municipality that got a new code
    on its merger (Hasselt) is one place under its latest code, its older code still understood. One
    query for the areas, one for the group."""
    areas = Area.objects.filter(Q(level=Area.Level.MUNICIPALITY) | Q(code=BRUSSELS_REGION))
    centre = set(AreaGroup.objects.filter(slug=CENTRE_CITIES).values_list("members__code", flat=True))
    by_name: dict[str, Place] = {}
    for area in sorted(areas, key=lambda a: (a.name, a.valid_from or date.min)):
        kind = "vgc" if area.code == BRUSSELS_REGION else "city"
        name = _("VGC (Brussels-Capital Region)") if kind == "vgc" else area.name
        place = by_name.setdefault(name, Place(area.code, name, kind, []))
        place.versions.append(area)
        place.code = area.code  # the latest version's
    places = list(by_name.values())
    codes = {a.code: p for p in places for a in p.versions}
    in_centre = [p for p in places if p.kind == "city" and any(a.code in centre for a in p.versions)]
    first = in_centre + [p for p in places if p.kind == "vgc"]
    others = [p for p in places if p.kind == "city" and p not in in_centre]
    return first, others, codes


def request_read(params, *, user, places: dict[str, Place]) -> Request:
    """What the address asks, as far as it names real things this viewer may see, within bounds."""
    asked = Request(boundaries="2025" if params.get("grenzen") == "2025" else None)
    codes = list(
        dict.fromkeys(places[c].code for c in params.getlist("stad") if _NIS.fullmatch(c) and c in places)
    )
    if len(codes) > MAX_CITIES:
        asked.messages.append(
            _(
                "You chose %(count)s cities or municipalities; at most %(most)s can be compared at a "
                "time. The first %(most)s are shown."
            )
            % {"count": len(codes), "most": MAX_CITIES}
        )
    asked.places = [places[c] for c in codes[:MAX_CITIES]]
    wanted = list(dict.fromkeys(c for c in params.getlist("indicator") if len(c) <= 64))
    if wanted:
        found = {
            i.code: i
            for i in indicators_visible(user=user)
            .filter(code__in=wanted)
            .select_related("numerator", "denominator")
            .prefetch_related(
                Prefetch("definitions", queryset=DefinitionVersion.objects.order_by("valid_from"))
            )
        }
        chosen = [found[c] for c in wanted if c in found]
        if len(chosen) > MAX_INDICATORS:
            asked.messages.append(
                _(
                    "You chose %(count)s indicators; at most %(most)s can be compared at a time. "
                    "The first %(most)s are shown."
                )
                % {"count": len(chosen), "most": MAX_INDICATORS}
            )
        asked.indicators = chosen[:MAX_INDICATORS]
    asked.first, asked.last = _year(params.get("van")), _year(params.get("tot"))
    if asked.first and asked.last and asked.first > asked.last:
        asked.first, asked.last = asked.last, asked.first
    return asked


def _periods(asked: Request) -> dict[int, list[tuple[str, date]]]:
    """Per indicator, the periods with a figure (of it or, for a ratio, of its numerator) in the
    chosen years, oldest first: one query for all indicators."""
    owner: dict[int, set[int]] = {}
    for indicator in asked.indicators:
        owner.setdefault(indicator.pk, set()).add(indicator.pk)
        if indicator.numerator_id:
            owner.setdefault(indicator.numerator_id, set()).add(indicator.pk)
    first = date(asked.first, 1, 1) if asked.first else date.min
    last = date(asked.last, 12, 31) if asked.last else date.max
    found: dict[int, set] = {i.pk: set() for i in asked.indicators}
    for indicator_id, periods in periods_with_figures(list(owner)).items():
        for period, start in periods:
            if first <= start <= last:
                for pk in owner[indicator_id]:
                    found[pk].add((period, start))
    return {pk: sorted(periods, key=lambda p: (p[1], p[0])) for pk, periods in found.items()}


def _breaks(indicator: Indicator, periods: list[tuple[str, date]]) -> dict[str, Break]:
    """As series.definition_breaks, from the prefetched definitions (no query per indicator)."""
    breaks = {}
    for version in indicator.definitions.all():
        later = [(p, start) for p, start in periods if start >= version.valid_from]
        if later and later[0] != periods[0]:
            breaks[later[0][0]] = Break(later[0][0], version.valid_from, version.description)
    return breaks


def compare_build(asked: Request, *, user) -> list[Series]:
    """One series per chosen indicator: the chosen places, the centre cities together, Flanders."""
    if not asked.indicators:
        return []
    periods = _periods(asked)
    for indicator in asked.indicators:
        if len(periods[indicator.pk]) > MAX_PERIODS:
            asked.messages.append(
                _(
                    "%(indicator)s has %(count)s periods in the chosen years; at most %(most)s are "
                    "shown: the last %(most)s. Choose fewer years."
                )
                % {"indicator": indicator.name, "count": len(periods[indicator.pk]), "most": MAX_PERIODS}
            )
            periods[indicator.pk] = periods[indicator.pk][-MAX_PERIODS:]
    group = AreaGroup.objects.filter(slug=CENTRE_CITIES).first()
    members = list(group.members.order_by("name")) if group else []
    flanders = Area.objects.filter(code=FLEMISH_REGION).first()
    visible = can_see_confidential_figures(user)
    seps = number_separators()  # asked once: the active language is slow to ask thousands of times
    shared: dict[tuple, list[Area]] = {}  # the geography Figures reads, once for every indicator
    figures_versions(asked.indicators)  # the cache keys of all of them in one query
    regions = [a for p in asked.places for a in p.versions if a.level != Area.Level.MUNICIPALITY]
    summed = ([flanders] if flanders is not None else []) + regions
    # Only the areas of the rows are read, for all indicators at once; the regions' sums are kept.
    areas = _with_parts([a for p in asked.places for a in p.versions] + members + summed)
    everything = sorted({p for chosen in periods.values() for p in chosen}, key=lambda p: (p[1], p[0]))
    together_read = read_together(asked.indicators, everything, areas=areas, summed=summed)
    result = []
    for indicator in asked.indicators:
        chosen = periods[indicator.pk]
        figures = _figures(
            indicator, chosen, asked.boundaries, shared, areas=areas, summed=summed, read=together_read
        )

        def reference(figures=figures, chosen=chosen):
            return (
                [_group(figures[q], members) for q, _s in chosen] if group is not None else [],
                [figures[q].of(flanders) for q, _s in chosen] if flanders is not None else [],
            )

        together, region = remembered(
            f"vergelijk:{asked.boundaries}:{_signature(chosen)}", figures_version(indicator), reference
        )
        lines = [(p.code, p.name, p.kind, [_of(figures[q], p) for q, _s in chosen]) for p in asked.places]
        if group is not None:
            lines.append(
                (f"group:{group.slug}", _("%(group)s together") % {"group": group.name}, "group", together)
            )
        if flanders is not None:
            lines.append((flanders.code, flanders.name, "region", region))
        rows = [
            Row(
                key,
                name,
                kind,
                [
                    shown(r, decimals=indicator.decimals, confidential_visible=visible, separators=seps)
                    for r in results
                ],
            )
            for key, name, kind, results in lines
        ]
        result.append(
            Series(
                indicator,
                chosen,
                rows,
                _breaks(indicator, chosen),
                asked.boundaries,
                confidential_visible=visible,
            )
        )
    return result


def _signature(periods: list[tuple[str, date]]) -> str:
    """The chosen periods, short enough for a cache key."""
    return hashlib.sha256(",".join(p for p, _s in periods).encode()).hexdigest()[:16]


def _figures(indicator, periods, boundaries, shared, *, areas, summed, read) -> dict[str, Figures]:
    figures = figures_for_periods(
        indicator, periods, boundaries=boundaries, areas=areas, summed=summed, read=read
    )
    for each in figures.values():
        each._areas = shared
    return figures


def _with_parts(areas: list[Area]) -> list[int]:
    """The ids of `areas` and of the municipalities a merged one of 2025 was made of."""
    parts = AreaSuccession.objects.filter(successor__in=areas).values_list("predecessor_id", flat=True)
    return list(dict.fromkeys([a.pk for a in areas] + list(parts)))


def _of(figures: Figures, place: Place) -> Result:
    area = next((a for a in reversed(place.versions) if a.valid_on(figures.day)), None)
    if area is None:
        return Result(
            reason=_("%(area)s does not exist in %(period)s") % {"area": place.name, "period": figures.period}
        )
    return figures.of(area)


def _group(figures: Figures, members: list[Area]) -> Result:
    """As Figures.group, over members read once rather than once per period."""
    present = [m for m in members if m.level != Area.Level.MUNICIPALITY or m.valid_on(figures.day)]
    return figures.over(present, figures.indicator) if present else Result(reason=_("no members"))
