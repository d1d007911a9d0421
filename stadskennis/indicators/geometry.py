"""The municipalities' shapes as SVG path strings, on the 2019–2024 or the 2025 boundaries.

Read once per process from the project's own file (reference/municipalities-2019.json, made by
`build-map-geometry`) and kept in memory: a page only looks the strings up. The 2025 shapes are built
here from the 2019 ones and the mergers of reference/geography.json: the arcs two merged municipalities
share are dropped and the rest is stitched into the new outline, so Hasselt 71072 is one shape
(Hasselt and Kortessem) without the old border between them.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from stadskennis.indicators.geometry_build import GEOMETRY_FILE
from stadskennis.indicators.reference import GEOGRAPHY_FILE

Point = tuple[int, int]


@dataclass(frozen=True)
class MapGeometry:
    viewbox: tuple[int, int, int, int]
    paths: dict[str, str]  # NIS code → the `d` of its <path>
    source: str
    licence: str


@cache
def _file() -> dict:
    data = json.loads(GEOMETRY_FILE.read_text(encoding="utf-8"))
    arcs = []
    for flat in data["arcs"]:
        x = y = 0
        points = []
        for i in range(0, len(flat), 2):
            x, y = x + flat[i], y + flat[i + 1]
            points.append((x, y))
        arcs.append(points)
    data["arcs"] = arcs
    return data


@cache
def _mergers() -> dict[str, list[str]]:
    data = json.loads(GEOGRAPHY_FILE.read_text(encoding="utf-8"))
    return {m["nis"]: m["from"] for m in data["mergers_2025"]}


def _arc(index: int) -> list[Point]:
    arcs = _file()["arcs"]
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def _ring_points(ring: list[int]) -> list[Point]:
    points: list[Point] = []
    for index in ring:
        arc = _arc(index)
        points += arc[1:] if points and points[-1] == arc[0] else arc
    return points


def merged_rings(codes: list[str]) -> list[list[int]]:
    """The outline of `codes` together: each arc used by two of them is an inner border and goes; the
    arcs left are chained end to start into closed rings (outer edges and holes)."""
    rings = [ring for code in codes for ring in _file()["municipalities"][code]]
    used = Counter(i if i >= 0 else ~i for ring in rings for i in ring)
    outer = [i for ring in rings for i in ring if used[i if i >= 0 else ~i] == 1]
    starting: dict[Point, list[int]] = defaultdict(list)
    for index in outer:
        starting[_arc(index)[0]].append(index)
    result, left = [], set(outer)
    for first in outer:
        if first not in left:
            continue
        ring, index = [], first
        while index in left:
            left.discard(index)
            ring.append(index)
            end = _arc(index)[-1]
            index = next((i for i in starting[end] if i in left), None)
        result.append(ring)
    return result


def _path(rings: list[list[int]]) -> str:
    """Rings as an SVG path: an absolute start, relative steps (short integers), `z` to close."""
    parts = []
    for ring in rings:
        points = _ring_points(ring)
        if points[0] == points[-1]:
            points = points[:-1]
        steps = [f"M{points[0][0]} {points[0][1]}l"]
        steps += [f"{x - px} {y - py}" for (px, py), (x, y) in zip(points, points[1:], strict=False)]
        parts.append(" ".join(steps).replace("l ", "l") + "z")
    return "".join(parts).replace(" -", "-")  # a minus sign separates numbers as well as a space


@cache
def map_geometry(boundaries: str) -> MapGeometry:
    """Every municipality of Flanders and Brussels on the boundaries of "2019" (2019–2024) or "2025"."""
    data = _file()
    shapes = dict(data["municipalities"])
    if boundaries == "2025":
        for code, parts in _mergers().items():
            for part in parts:
                shapes.pop(part)
            shapes[code] = merged_rings(parts)
    return MapGeometry(
        viewbox=tuple(data["viewbox"]),
        paths={code: _path(rings) for code, rings in sorted(shapes.items())},
        source=data["source"],
        licence=data["licence"],
    )


def code_on_map_2025(code: str) -> str:
    """The municipality of the 2025 map that holds `code` (a municipality merged in 2025 is drawn as
    the one it became part of)."""
    for merged, parts in _mergers().items():
        if code in parts:
            return merged
    return code
