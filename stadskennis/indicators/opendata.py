"""The figures an open-data request asks for: which areas (`geo`), which periods, on which boundaries.

A request names areas and periods; every pair is a `Cell` with its value and its SDMX flags, in one
order (area by area, each a time series), so the API's observations, the JSON-stat dataset
(`jsonstat.py`) and the SDMX-CSV file (`sdmx.py`) never disagree. Figures come from `aggregation.py`
(sums, ratio of sums, coverage, and figures over a confidential value withheld for everyone); a value
its source marked confidential is left out here for whoever core.visibility says may not read it,
with its flags kept, so the cell says why it is empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from stadskennis.core.visibility import can_see_confidential_figures, visible_groups
from stadskennis.indicators.aggregation import Figures, Result, boundary_day
from stadskennis.indicators.codes import FREE
from stadskennis.indicators.models import Area, AreaGroup, Indicator, Observation
from stadskennis.indicators.periods import PeriodError, period_start
from stadskennis.indicators.series import periods_of

MAX_AREAS = 100  # named in one request
MAX_PERIODS = 100
MAX_CELLS = 50_000  # in one JSON-stat dataset or SDMX-CSV file
GROUP = "group:"
NIS_CODE = re.compile(r"\d{5}")
SECONDARY = "S"  # CONF_STATUS of a figure we withhold because it rests on a confidential one
SUPPRESSED, MISSING, CANNOT_EXIST = "Q", "O", "M"  # OBS_STATUS of an empty cell


class ParameterError(ValueError):
    """A query parameter that cannot be answered: the parameter's name and a Dutch message."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter, self.message = parameter, message


@dataclass(frozen=True)
class Geo:
    """What `geo` names: a NIS code (one area per validity, Antwerpen before and after 2025) or a group."""

    key: str
    name: str
    level: str  # municipality, arrondissement, province, region or group
    areas: tuple[Area, ...] = ()
    group: AreaGroup | None = None

    def area_on(self, day: date) -> Area | None:
        return next((a for a in self.areas if a.valid_on(day)), None)


@dataclass
class Cell:
    geo: Geo
    period: str
    value: Decimal | None = None
    status: str = ""  # OBS_STATUS; empty for a figure computed here
    confidentiality: str = FREE  # CONF_STATUS
    computed: bool = False
    published: bool = False
    coverage: Decimal | None = None
    missing: list[str] = field(default_factory=list)
    note: str = ""  # why the cell is empty, in Dutch


def _split(raw: str, parameter: str, most: int) -> list[str]:
    parts = list(dict.fromkeys(p.strip() for p in raw.split(",") if p.strip()))
    if len(parts) > most:
        raise ParameterError(parameter, f"Geef hoogstens {most} waarden, gescheiden door komma's.")
    return parts


def _group(key: str, user) -> Geo:
    groups = visible_groups(user, AreaGroup.objects.all())  # a member's own comparison group stays theirs
    group = groups.filter(slug=key[len(GROUP) :]).first()
    if group is None:
        slugs = ", ".join(GROUP + s for s in groups.values_list("slug", flat=True))
        raise ParameterError("geo", f"Onbekende groep '{key}'. Kies uit: {slugs or 'geen groepen'}.")
    return Geo(key=key, name=group.name, level="group", group=group)


def geos_named(raw: str, *, user=None) -> list[Geo]:
    """The areas and groups `geo=44021,02000,group:centrumsteden` names; ParameterError otherwise."""
    geos = []
    for key in _split(raw, "geo", MAX_AREAS):
        if key.startswith(GROUP):
            geos.append(_group(key, user))
            continue
        areas = tuple(Area.objects.filter(code=key).order_by("valid_from")) if NIS_CODE.fullmatch(key) else ()
        if not areas:
            raise ParameterError(
                "geo",
                f"Onbekend gebied '{key[:40]}': geef een NIS-code (bv. 44021 voor Gent, 02000 voor het "
                "Vlaams Gewest) of een groep (bv. group:centrumsteden).",
            )
        geos.append(Geo(key=key, name=areas[-1].name, level=areas[-1].level, areas=areas))
    return geos


def periods_named(indicator: Indicator, raw: str) -> list[tuple[str, date]]:
    """The periods `period=2019,2020` names, each checked against the indicator's periodicity."""
    periods = []
    for text in _split(raw, "period", MAX_PERIODS):
        try:
            periods.append((text, period_start(text, indicator.periodicity)))
        except PeriodError as error:
            raise ParameterError("period", f"De {error}.") from error
    return sorted(periods, key=lambda p: p[1])


def municipalities_of(days: list[date]) -> list[Geo]:
    """Every municipality that exists on one of `days`, one Geo per NIS code."""
    valid = Q(pk__in=[])
    for day in set(days):
        valid |= (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )
    by_code: dict[str, list[Area]] = {}
    for area in Area.objects.filter(valid, level=Area.Level.MUNICIPALITY).order_by("code", "valid_from"):
        by_code.setdefault(area.code, []).append(area)
    return [
        Geo(key=code, name=areas[-1].name, level=Area.Level.MUNICIPALITY, areas=tuple(areas))
        for code, areas in by_code.items()
    ]


class Cells(Sequence):
    """Every (area, period) pair of a request, computed only when read: a page of the API reads one
    slice, an export reads them all."""

    def __init__(self, indicator: Indicator, *, user, geo: str = "", period: str = "", boundaries=None):
        self.indicator, self.user, self.boundaries = indicator, user, boundaries
        self.periods = periods_named(indicator, period) if period.strip() else periods_of(indicator)
        if geo.strip():
            self.geos = geos_named(geo, user=user)
        else:
            self.geos = municipalities_of([boundary_day(start, boundaries) for _p, start in self.periods])
        self.confidential_visible = can_see_confidential_figures(user)
        self._figures: dict[str, Figures] = {}

    def __len__(self) -> int:
        return len(self.geos) * len(self.periods)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._cell(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._cell(index)

    def bounded(self) -> Cells:
        """This request, if it is small enough to answer in one file; ParameterError otherwise."""
        if len(self) > MAX_CELLS:
            count, most = (f"{n:,}".replace(",", ".") for n in (len(self), MAX_CELLS))
            raise ParameterError(
                "geo",
                f"Deze vraag telt {count} cijfers, meer dan {most} in één bestand: kies minder gebieden "
                "(geo) of periodes (period).",
            )
        return self

    def _cell(self, index: int) -> Cell:
        geo = self.geos[index // len(self.periods)]
        period, start = self.periods[index % len(self.periods)]
        figures = self._figures.get(period)
        if figures is None:
            figures = self._figures[period] = Figures(
                self.indicator, period, start, boundaries=self.boundaries
            )
        if geo.group is not None:
            return self._shown(geo, period, figures.group(geo.group), None)
        area = geo.area_on(figures.day)
        if area is None:
            return Cell(
                geo=geo,
                period=period,
                status=CANNOT_EXIST,
                note=f"{geo.name} ({geo.key}) bestaat niet binnen de grenzen van {figures.day:%d-%m-%Y}",
            )
        return self._shown(geo, period, figures.of(area), area)

    def _shown(self, geo: Geo, period: str, result: Result, area: Area | None) -> Cell:
        cell = Cell(
            geo=geo,
            period=period,
            value=None if result.value is None else round(result.value, 6),
            status=result.status,
            computed=result.computed,
            published=result.published,
            coverage=None if result.coverage is None else round(result.coverage, 4),
            missing=list(result.missing),
            note=result.reason,
        )
        if result.confidential and result.computed:
            cell.confidentiality = SECONDARY  # aggregation.py has withheld it, for everyone
        elif result.confidential:
            cell.confidentiality = result.confidentiality or self._stored_confidentiality(area, period)
            if not self.confidential_visible:
                cell.value, cell.status = None, SUPPRESSED
                cell.note = "vertrouwelijk: de bron geeft dit cijfer niet vrij voor publicatie"
        if cell.value is None and not cell.status:
            # a `none` indicator is never combined: over several areas such a figure cannot exist
            combined = geo.group is not None or geo.level != Area.Level.MUNICIPALITY
            not_additive = self.indicator.aggregation == Indicator.Aggregation.NONE
            cell.status = CANNOT_EXIST if not_additive and combined else MISSING
        return cell

    def _stored_confidentiality(self, area: Area | None, period: str) -> str:
        code = (
            Observation.objects.filter(indicator=self.indicator, area=area, period=period)
            .values_list("confidentiality", flat=True)
            .first()
        )
        return code or "C"
