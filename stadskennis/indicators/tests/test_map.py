"""The choropleth: one shape per municipality of the boundaries shown (2019: 300 Flemish + 19 in
Brussels; 2025: 285 + 19), merged shapes for the mergers of 2025, quantile classes with their legend,
and a hatched no-data shape that says why in its title."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from stadskennis.core.reference import reference_load
from stadskennis.indicators.geometry import map_geometry, merged_rings
from stadskennis.indicators.maps import NO_DATA, PALETTE, quantile_classes
from stadskennis.indicators.tests.factories import IndicatorFactory, observe


def rings(path: str) -> list[list[tuple[int, int]]]:
    """The closed rings of one of our paths (M x y, relative steps, z), as absolute points."""
    found = []
    for ring in re.findall(r"M(-?\d+) (-?\d+)l([^z]*)z", path):
        x, y = int(ring[0]), int(ring[1])
        points = [(x, y)]
        numbers = [int(n) for n in re.findall(r"-?\d+", ring[2])]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        found.append(points)
    return found


def area(path: str) -> int:
    """Twice the area enclosed by a path's rings (the shoelace formula, exact on integers)."""
    return sum(
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)))
        for ring in rings(path)
    )


def test_every_municipality_has_one_shape_on_either_boundaries():
    shapes_2019, shapes_2025 = map_geometry("2019").paths, map_geometry("2025").paths
    assert len(shapes_2019) == 319 and len(shapes_2025) == 304
    brussels = {code for code in shapes_2019 if code.startswith("21")}
    assert len(brussels) == 19 and brussels <= set(shapes_2025)
    assert len(set(shapes_2019) - brussels) == 300 and len(set(shapes_2025) - brussels) == 285
    assert {"71022", "73040", "11007"}.isdisjoint(shapes_2025)  # Hasselt of 2019, Kortessem, Borsbeek
    assert {"71072", "23106", "46030"} <= set(shapes_2025) and "71072" not in shapes_2019


def test_hasselt_2025_is_one_shape_covering_hasselt_and_kortessem_without_their_old_border():
    hasselt, kortessem = map_geometry("2019").paths["71022"], map_geometry("2019").paths["73040"]
    merged = map_geometry("2025").paths["71072"]
    assert len(rings(merged)) == 1  # one outline: the border between them is gone
    assert area(merged) == area(hasselt) + area(kortessem)
    # Every point of the new outline was on the outline of one of the two.
    before = {p for path in (hasselt, kortessem) for ring in rings(path) for p in ring}
    assert {p for ring in rings(merged) for p in ring} <= before
    assert merged_rings(["71022", "73040"]) != merged_rings(["71022"]) + merged_rings(["73040"])
    # Antwerpen keeps its code and grows with Borsbeek.
    antwerpen_2019 = map_geometry("2019").paths["11002"]
    borsbeek = map_geometry("2019").paths["11007"]
    assert area(map_geometry("2025").paths["11002"]) == area(antwerpen_2019) + area(borsbeek)


def test_quantile_classes_hold_about_as_many_values_and_keep_equal_values_together():
    values = [Decimal(n) for n in range(1, 11)]
    classes = quantile_classes(values, decimals=0)
    assert [(c.low, c.high, c.count) for c in classes] == [
        (1, 2, 2),
        (3, 4, 2),
        (5, 6, 2),
        (7, 8, 2),
        (9, 10, 2),
    ]
    assert [c.label for c in classes] == [
        "1 tot en met 2", "meer dan 2 tot en met 4", "meer dan 4 tot en met 6", "meer dan 6 tot en met 8",
        "meer dan 8 tot en met 10",
    ]  # fmt: skip
    assert [c.colour for c in classes] == list(PALETTE)
    ties = quantile_classes([Decimal(5)] * 8 + [Decimal(7), Decimal(9)], decimals=1)
    assert [(c.label, c.count) for c in ties] == [("5,0", 8), ("meer dan 5,0 tot en met 9,0", 2)]
    assert [c.colour for c in ties] == [PALETTE[0], PALETTE[4]]  # two classes, far apart in colour
    assert quantile_classes([], decimals=0) == []


@pytest.fixture
def counted(db):
    """A count in 2020 for ten municipalities: 1 … 10; none for the other 309."""
    reference_load()
    indicator = IndicatorFactory(code="telling", name="Telling", unit="stuks")
    codes = ["44021", "11002", "71022", "73040", "41002", "31005", "24062", "12025", "21004", "33016"]
    observe(indicator, "2020", {code: n for n, code in enumerate(codes, start=1)})
    return indicator


def svg_paths(html: str) -> list[tuple[str, str]]:
    svg = html[
        html.index('<svg class="choropleth"') : html.index("</svg>", html.index('<svg class="choropleth"'))
    ]
    return re.findall(r'<path d="[^"]+" fill="([^"]+)"><title>([^<]+)</title></path>', svg)


def test_the_map_draws_every_municipality_with_its_class_or_the_no_data_hatching(client, counted):
    html = client.get("/cijfers/telling/").content.decode()
    paths = svg_paths(html)
    assert len(paths) == 319
    fills = dict((title, fill) for fill, title in paths)
    assert fills["Gent: 1"] == PALETTE[0] and fills["Mesen: 10"] == PALETTE[4]
    assert fills["Brussel: 9"] == PALETTE[4]
    assert fills["Aalter: –"] == NO_DATA
    assert sum(1 for fill, _t in paths if fill == NO_DATA) == 309
    legend = html[html.index('class="map-legend"') : html.index("</ul>", html.index('class="map-legend"'))]
    assert re.findall(r"</svg> ([^<]+) <span class=\"count\">\(([^)]+)\)", legend) == [
        ("1 tot en met 2", "2 gemeenten"), ("meer dan 2 tot en met 4", "2 gemeenten"),
        ("meer dan 4 tot en met 6", "2 gemeenten"), ("meer dan 6 tot en met 8", "2 gemeenten"),
        ("meer dan 8 tot en met 10", "2 gemeenten"),
        ("geen cijfer (ontbreekt, niet te berekenen of vertrouwelijk)", "309 gemeenten"),
    ]  # fmt: skip
    assert '<th scope="row">Gent <span class="nis">44021</span></th><td class="number">1</td>' in html


def test_the_map_on_the_2025_boundaries_has_the_merged_municipalities(client, counted):
    html = client.get("/cijfers/telling/?grenzen=2025").content.decode()
    paths = svg_paths(html)
    assert len(paths) == 304
    titles = {title for _fill, title in paths}
    assert "Hasselt: 7" in titles  # 3 (Hasselt) + 4 (Kortessem)
    assert "Antwerpen: –" in titles  # Borsbeek has no figure: all parts or nothing
    assert "Hasselt (71022) + Kortessem (73040), samen sinds 1 januari 2025" in html
