"""The compare builder's figures: chosen cities × chosen indicators × a range of years, each indicator
with the centre cities together and the Flemish Region as reference rows.

What is asked comes from the address (`stad`, `indicator`, `van`, `tot`), so it is bookmarkable and
anyone may tamper with it: a NIS code that names no municipality (or the VGC, 04000) and an indicator
code the viewer may not see are left out; more than MAX_CITIES cities, MAX_INDICATORS indicators or
MAX_PERIODS periods are cut back, with a message in Dutch. Each indicator costs one query for its
figures (aggregation.figures_for_periods); the geography is read once for all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from stadskennis.core.visibility import can_see_confidential_figures
from stadskennis.indicators.aggregation import Figures, Result, figures_for_periods
from stadskennis.indicators.display import shown
from stadskennis.indicators.models import Area, AreaGroup, DefinitionVersion, Indicator, Observation
from stadskennis.indicators.reference import BRUSSELS_REGION, CENTRE_CITIES, FLEMISH_REGION
from stadskennis.indicators.selectors import indicators_visible
from stadskennis.indicators.series import Break, Row, Series

MAX_CITIES, MAX_INDICATORS, MAX_PERIODS = 20, 10, 30
VGC_NAME = "VGC (Brussels Hoofdstedelijk Gewest)"
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
        name = VGC_NAME if kind == "vgc" else area.name
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
            f"Je koos {len(codes)} steden of gemeenten; er kunnen er hoogstens {MAX_CITIES} tegelijk "
            f"vergeleken worden. De eerste {MAX_CITIES} worden getoond."
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
                f"Je koos {len(chosen)} indicatoren; er kunnen er hoogstens {MAX_INDICATORS} tegelijk "
                f"vergeleken worden. De eerste {MAX_INDICATORS} worden getoond."
            )
        asked.indicators = chosen[:MAX_INDICATORS]
    asked.first, asked.last = _year(params.get("van")), _year(params.get("tot"))
    if asked.first and asked.last and asked.first > asked.last:
        asked.first, asked.last = asked.last, asked.first
    return asked


def _periods(asked: Request) -> dict[int, list[tuple[str, date]]]:
    """Per indicator, the periods with a figure (of it or, for a ratio, of its numerator) in the
    chosen years, oldest first: one query for all indicators."""
    owner = {}
    for indicator in asked.indicators:
        owner.setdefault(indicator.pk, set()).add(indicator.pk)
        if indicator.numerator_id:
            owner.setdefault(indicator.numerator_id, set()).add(indicator.pk)
    rows = Observation.objects.filter(indicator_id__in=list(owner))
    if asked.first:
        rows = rows.filter(period_start__gte=date(asked.first, 1, 1))
    if asked.last:
        rows = rows.filter(period_start__lte=date(asked.last, 12, 31))
    found: dict[int, set] = {i.pk: set() for i in asked.indicators}
    for indicator_id, period, start in rows.values_list("indicator_id", "period", "period_start").distinct():
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
                f"{indicator.name} heeft {len(periods[indicator.pk])} perioden in de gekozen jaren; er "
                f"worden er hoogstens {MAX_PERIODS} getoond: de laatste {MAX_PERIODS}. Kies minder jaren."
            )
            periods[indicator.pk] = periods[indicator.pk][-MAX_PERIODS:]
    group = AreaGroup.objects.filter(slug=CENTRE_CITIES).first()
    members = list(group.members.order_by("name")) if group else []
    flanders = Area.objects.filter(code=FLEMISH_REGION).first()
    visible = can_see_confidential_figures(user)
    shared: dict[tuple, list[Area]] = {}  # the geography Figures reads, once for every indicator
    result = []
    for indicator in asked.indicators:
        chosen = periods[indicator.pk]
        figures = figures_for_periods(indicator, chosen, boundaries=asked.boundaries)
        for each in figures.values():
            each._areas = shared
        lines = [(p.code, p.name, p.kind, [_of(figures[q], p) for q, _s in chosen]) for p in asked.places]
        if group is not None:
            lines.append(
                (
                    f"group:{group.slug}",
                    f"{group.name} samen",
                    "group",
                    [_group(figures[q], members) for q, _s in chosen],
                )
            )
        if flanders is not None:
            lines.append(
                (flanders.code, flanders.name, "region", [figures[q].of(flanders) for q, _s in chosen])
            )
        rows = [
            Row(
                key,
                name,
                kind,
                [shown(r, decimals=indicator.decimals, confidential_visible=visible) for r in results],
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


def _of(figures: Figures, place: Place) -> Result:
    area = next((a for a in reversed(place.versions) if a.valid_on(figures.day)), None)
    if area is None:
        return Result(reason=f"{place.name} bestaat niet in {figures.period}")
    return figures.of(area)


def _group(figures: Figures, members: list[Area]) -> Result:
    """As Figures.group, over members read once rather than once per period."""
    present = [m for m in members if m.level != Area.Level.MUNICIPALITY or m.valid_on(figures.day)]
    return figures.over(present, figures.indicator) if present else Result(reason="geen leden")
