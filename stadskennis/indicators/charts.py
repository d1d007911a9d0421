"""A line chart as server-rendered SVG: the geometry computed here, drawn by a template.

The chart is a picture of the table beside it (the table is its accessible alternative). Lines differ
by dash and marker shape as well as colour, so they are told apart without colour; a gap in a series
is a gap in its line; a change of definition is a dashed vertical rule with its label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.text import slugify
from django.utils.translation import gettext as _

from stadskennis.indicators.display import format_value

if TYPE_CHECKING:
    from stadskennis.indicators.series import Series

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 150, 16, 40  # room for the y labels, the line labels and the x labels
STYLES = {  # kind: (colour, stroke width, dash, marker)
    "city": ("#a3aeb4", 1.2, "", ""),
    "highlight": ("#6a3d9a", 2.5, "", "triangle"),
    "vgc": ("#4f5b62", 2, "2 3", "diamond"),
    "group": ("#0b4f6c", 3, "", "circle"),
    "chosen-group": ("#1b6b3a", 3, "6 3", "diamond"),  # a comparison group beside the centre cities
    "region": ("#7a4b00", 2.5, "7 4", "square"),
}


@dataclass
class Line:
    name: str
    kind: str
    path: str  # the `d` of the line; M again after a gap
    points: list[tuple[float, float]]  # x, y of each figure drawn
    colour: str = ""
    width: float = 1
    dash: str = ""
    marker: str = ""
    label_y: float | None = None  # where the name is written at the line's end, if it is
    markers: str = ""  # one path with a marker at every point

    @property
    def short(self) -> str:
        """The name written at the line's end: without what follows a bracket (VGC)."""
        return self.name.split(" (")[0]

    @property
    def sample(self) -> str:
        """The marker for the legend's sample, drawn at (18, 8)."""
        return marker_path(self.marker, 18, 8)


@dataclass
class Chart:
    width: int
    height: int
    plot: tuple[int, int, int, int]  # left, top, right, bottom
    lines: list[Line]
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    rules: list[tuple[float, str]] = field(default_factory=list)  # x and label of a definition change

    @property
    def legend(self) -> list[Line]:
        return [line for line in self.lines if line.kind != "city"][::-1]


def marker_path(shape: str, x: float, y: float) -> str:
    """A marker as path data: told apart by its shape, not only by its colour."""
    if shape == "circle":
        return f"M{x - 4} {y}a4 4 0 1 0 8 0a4 4 0 1 0-8 0z"
    if shape == "square":
        return f"M{x - 3.5} {y - 3.5}h7v7h-7z"
    if shape == "triangle":
        return f"M{x} {y - 5}l5 8.5h-10z"
    if shape == "diamond":
        return f"M{x} {y - 5}l5 5-5 5-5-5z"
    return ""


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers from at or below `low` to at or above `high`, about `count` of them."""
    if high == low:
        low, high = (low - 1, high + 1) if low == 0 else (low * 0.9, high * 1.1)
        low, high = min(low, high), max(low, high)
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks]


def _tick_decimals(ticks: list[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else (1 if step % 1 else 0)


def line_chart(
    *, periods: list[str], series: list[tuple[str, str, list[Decimal | None]]], decimals: int,
    breaks: dict[str, str] | None = None,
) -> Chart | None:  # fmt: skip
    """`series`: (name, kind, one value or None per period); None when there is nothing to draw."""
    values = [float(v) for _n, _k, row in series for v in row if v is not None]
    if not values or not periods:
        return None
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM
    step = (right - left) / max(len(periods) - 1, 1)

    def x(i: int) -> float:
        return round(left + i * step if len(periods) > 1 else (left + right) / 2, 1)

    def y(value: float) -> float:
        return round(bottom - (value - low) / (high - low) * (bottom - top), 1)

    tick_decimals = _tick_decimals(ticks)
    chart = Chart(
        WIDTH, HEIGHT, (left, top, right, bottom), [],
        y_ticks=[(y(t), format_value(Decimal(str(t)), tick_decimals)) for t in ticks],
        x_ticks=[(x(i), p) for i, p in enumerate(periods) if len(periods) <= 12 or (len(periods) - i) % 2],
        rules=[(round(x(periods.index(p)) - step / 2, 1), label) for p, label in (breaks or {}).items()],
    )  # fmt: skip
    order = {"city": 0, "vgc": 1, "highlight": 2, "region": 3, "group": 4}
    for name, kind, row in sorted(series, key=lambda s: order[s[1]]):
        points, path, pen_down = [], [], False
        for i, value in enumerate(row):
            if value is None:
                pen_down = False
                continue
            px, py = x(i), y(float(value))
            path.append(f"{'L' if pen_down else 'M'}{px} {py}")
            points.append((px, py))
            pen_down = True
        if kind == "group" and any(line.kind == "group" for line in chart.lines):
            kind = "chosen-group"  # a second group (one a viewer chose) is told apart from the centre cities
        colour, width, dash, marker = STYLES[kind]
        line = Line(name, kind, " ".join(path), points, colour, width, dash, marker)
        line.markers = "".join(marker_path(marker, px, py) for px, py in points)
        if kind != "city" and points:
            line.label_y = points[-1][1]
        chart.lines.append(line)
    _spread_labels([line for line in chart.lines if line.label_y is not None], top, bottom)
    return chart


def series_chart(series: Series, *, highlighted: str = "") -> Chart | None:
    """The chart of an indicator's series (the indicator page, a dashboard's tile): every centre city,
    and the other rows where they have a figure; the city whose slug is `highlighted` drawn out."""
    lines = []
    for row in series.rows:
        kind = "highlight" if row.kind == "city" and slugify(row.name) == highlighted else row.kind
        if row.kind == "city" or any(c.shown for c in row.cells):
            lines.append((row.name, kind, [cell.value for cell in row.cells]))
    breaks = {
        period: _("definition from %(year)s") % {"year": f"{b.valid_from:%Y}"}
        for period, b in series.breaks.items()
    }
    return line_chart(periods=series.labels, series=lines, decimals=series.indicator.decimals, breaks=breaks)


def _spread_labels(lines: list[Line], top: float, bottom: float, gap: float = 14) -> None:
    """Move the end labels apart so that none overlaps another, keeping their order."""
    lines.sort(key=lambda line: line.label_y)
    for previous, line in zip(lines, lines[1:], strict=False):
        line.label_y = max(line.label_y, previous.label_y + gap)
    overflow = (lines[-1].label_y - bottom) if lines else 0
    if overflow > 0:
        for line in lines:
            line.label_y = max(top, line.label_y - overflow)
        for previous, line in zip(lines, lines[1:], strict=False):
            line.label_y = max(line.label_y, previous.label_y + gap)
