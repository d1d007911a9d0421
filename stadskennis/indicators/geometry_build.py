"""Builds the map's compact geometry file from the TopoJSON of Belgium (run once, by a developer).

`stadskennis build-map-geometry belgium-2019-topojson.json` keeps the municipalities of Flanders and
Brussels named in reference/geography.json (Mesen included), projects them, simplifies every arc once
(Douglas–Peucker, so two neighbours keep exactly the same border) and writes integer, delta-encoded
arcs with each municipality's rings as arc indices to reference/municipalities-2019.json. The page
never reads the TopoJSON: `maps.py` reads only that project file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from stadskennis.indicators.reference import GEOGRAPHY_FILE

GEOMETRY_FILE = Path(__file__).parent / "reference" / "municipalities-2019.json"
WIDTH = 10_000  # units of the SVG's viewBox; 0.1 px when drawn 1,000 px wide
TOLERANCE = 6.0  # Douglas–Peucker tolerance in viewBox units
LATITUDE = 51.0  # x = longitude · cos(51°): an equirectangular projection true at Flanders' middle
SOURCE = (
    "Gemeentegrenzen 2019–2024 uit bmesuere/belgium-topojson (belgium-2019-topojson.json, CC0), "
    "Statbel-gemeenten; enkel Vlaanderen en Brussel, geprojecteerd (equirectangulair, x = lengte × "
    "cos 51°) en vereenvoudigd (Douglas–Peucker, 6 eenheden op 10 000) door build-map-geometry."
)


def _decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _simplified(
    points: list[tuple[float, float]], tolerance: float, at_least: int = 2
) -> list[tuple[float, float]]:
    """Douglas–Peucker, ends kept; a closed arc (an island, an enclave) stays at least a triangle."""
    if len(points) <= at_least:
        return points
    if points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        return _simplified(points[: far + 1], tolerance, 3)[:-1] + _simplified(points[far:], tolerance, 3)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay) or 1e-12
        best, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > best:
                best, index = distance, i
        if index is not None and (best > tolerance or sum(keep) < at_least):
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _rings(geometry: dict) -> list[list[int]]:
    if geometry["type"] == "Polygon":
        return geometry["arcs"]
    return [ring for polygon in geometry["arcs"] for ring in polygon]


def geometry_build(*, topojson: Path, target: Path = GEOMETRY_FILE) -> dict[str, int]:
    topology = json.loads(topojson.read_text(encoding="utf-8"))
    wanted = {m["nis"] for m in json.loads(GEOGRAPHY_FILE.read_text(encoding="utf-8"))["municipalities_2019"]}
    shapes = {g["properties"]["nis"]: _rings(g) for g in topology["objects"]["municipalities"]["geometries"]}
    missing = wanted - shapes.keys()
    if missing:
        raise ValueError(f"geen vorm voor {', '.join(sorted(missing))}")
    used = sorted({i if i >= 0 else ~i for code in wanted for ring in shapes[code] for i in ring})
    arcs = _decoded_arcs(topology)
    cos = math.cos(math.radians(LATITUDE))
    points = [(lon * cos, -lat) for index in used for lon, lat in arcs[index]]
    left, top = min(x for x, _ in points), min(y for _, y in points)
    scale = WIDTH / (max(x for x, _ in points) - left)
    height = math.ceil((max(y for _, y in points) - top) * scale)
    renumber = {old: new for new, old in enumerate(used)}
    encoded = []
    for index in used:
        projected = [((lon * cos - left) * scale, (-lat - top) * scale) for lon, lat in arcs[index]]
        flat, previous = [], (0, 0)
        for x, y in _simplified(projected, TOLERANCE):
            point = (round(x), round(y))
            flat += [point[0] - previous[0], point[1] - previous[1]]
            previous = point
        encoded.append(flat)
    municipalities = {
        code: [[renumber[i] if i >= 0 else ~renumber[~i] for i in ring] for ring in shapes[code]]
        for code in sorted(wanted)
    }
    target.write_text(
        json.dumps(
            {"source": SOURCE, "licence": "CC0", "viewbox": [0, 0, WIDTH, height], "arcs": encoded,
             "municipalities": municipalities},
            ensure_ascii=False, separators=(",", ":"),
        ),
        encoding="utf-8",
    )  # fmt: skip
    return {
        "municipalities": len(municipalities),
        "arcs": len(encoded),
        "points": sum(len(a) for a in encoded) // 2,
    }
