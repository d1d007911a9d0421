"""The centre cities (and the VGC) ranked on the latest period with figures, best first by the
indicator's direction, each compared in words with the centre cities together: never by colour alone.

A figure withheld from this viewer is not ranked (its place would say how large it is); it is listed
below the ranking with the reason, as is a city without a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from stadskennis.indicators.display import Cell
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.series import Row, Series


def order(direction: str) -> str:
    """The ranking's order in words, in the active language."""
    return {
        Indicator.Direction.HIGHER: _("higher is better: the highest comes first"),
        Indicator.Direction.LOWER: _("lower is better: the lowest comes first"),
        Indicator.Direction.NEUTRAL: _("no direction (higher is neither better nor worse): from high to low"),
    }[direction]


@dataclass
class Place:
    rank: int
    row: Row
    cell: Cell
    comparison: str  # in words, against the centre cities together
    symbol: str  # ▲ ▼ = (beside the words, never instead of them)
    judgement: str = ""  # better, worse or "" (neutral, equal, or nothing to compare with)


@dataclass
class Ranking:
    period: str
    order: str
    places: list[Place]
    unranked: list[tuple[Row, Cell]] = field(default_factory=list)
    reference: Cell | None = None  # the centre cities together, that period


def compare(value, reference, direction: str) -> tuple[str, str, str]:
    """(words, symbol, judgement) of `value` against the centre cities' `reference`."""
    if reference is None:
        return "", "", ""
    if value == reference:
        return _("equal to the centre cities together"), "=", ""
    higher = value > reference
    words = (
        _("higher than the centre cities together") if higher else _("lower than the centre cities together")
    )
    if direction == Indicator.Direction.NEUTRAL:
        return words, "▲" if higher else "▼", ""
    better = higher == (direction == Indicator.Direction.HIGHER)
    return (
        (_("%(comparison)s, better") if better else _("%(comparison)s, worse")) % {"comparison": words},
        "▲" if higher else "▼",
        "better" if better else "worse",
    )


def ranking_build(series: Series) -> Ranking | None:
    places = [row for row in series.rows if row.kind in {"city", "vgc"}]
    latest = next(
        (i for i in range(len(series.periods) - 1, -1, -1) if any(r.cells[i].shown for r in places)), None
    )
    if latest is None:
        return None
    direction = series.indicator.direction
    group = next(r for r in series.rows if r.kind == "group").cells[latest]
    reference = group.value if group.shown else None
    ranked = sorted(
        (r for r in places if r.cells[latest].shown),
        key=lambda r: r.cells[latest].value,
        reverse=direction != Indicator.Direction.LOWER,
    )
    result = Ranking(series.labels[latest], order(direction), [], reference=group)
    for position, row in enumerate(ranked, start=1):
        cell = result.places[-1] if result.places else None
        same = cell is not None and cell.cell.value == row.cells[latest].value
        words, symbol, judgement = compare(row.cells[latest].value, reference, direction)
        result.places.append(
            Place(cell.rank if same else position, row, row.cells[latest], words, symbol, judgement)
        )
    result.unranked = [(r, r.cells[latest]) for r in places if not r.cells[latest].shown]
    return result
