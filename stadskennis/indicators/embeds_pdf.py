"""The embeds of Stad in cijfers (embeds.py) in a PDF: a chart and a map as ReportLab vector drawings
made from the same geometry the pages' SVG is drawn from (charts.py, maps.py), and every chart or map
followed by its data table, as on the page. A PDF has no hover: the table is the figures' only text.
"""

from __future__ import annotations

import functools
import re
from html import escape

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from stadskennis.indicators.charts import series_chart

_STEP = re.compile(r"([ML])(-?[\d.]+) (-?[\d.]+)")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
GRID, TEXT, MUTED = colors.HexColor("#d5dce0"), colors.HexColor("#1d2327"), colors.HexColor("#4f5b62")
NO_DATA = colors.HexColor("#c9d0d4")


def with_pdf(renderer, draw):
    """`renderer` with a `pdf(embed, *, user, styles)` that returns flowables, or None when it has
    nothing the viewer may see (the report then prints the renderer's placeholder)."""
    renderer.pdf = functools.partial(draw, renderer)
    return renderer


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text), style)


def figure_pdf(renderer, embed, *, user, styles) -> list[Flowable] | None:
    words = renderer.text(embed, user=user)
    return [_p(words, styles["body"])] if words is not None else None


def _table(header: list[str], rows: list[list[str]], *, width: float, styles) -> Table:
    small = styles["small"]
    data = [[_p(text, small) for text in header]] + [[_p(text, small) for text in row] for row in rows]
    first = min(width * 0.34, 6.5 * 28.35)
    rest = (width - first) / max(len(header) - 1, 1)
    table = Table(data, colWidths=[first] + [rest] * (len(header) - 1), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f4")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _cell_text(cell) -> str:
    return cell.display + "".join(f" {flag.code}" for flag in cell.flags)


def series_pdf(renderer, embed, *, user, styles) -> list[Flowable] | None:
    series = renderer.build(embed, user=user)
    if series is None or not series.periods:
        return None
    width = styles["width"]
    indicator = series.indicator
    title = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
    story: list[Flowable] = [_p(title, styles["caption"])]
    if renderer.chart:
        chart = series_chart(series)
        if chart is not None:
            story.append(chart_drawing(chart, width=width))
    periods = series.labels[-8:]  # a page is narrower than a screen: the last eight periods
    offset = len(series.labels) - len(periods)
    rows = [[row.name] + [_cell_text(c) for c in row.cells[offset:]] for row in series.rows]
    table = _table([_("Area"), *periods], rows, width=width, styles=styles)
    from stadskennis.indicators.embeds import _notes

    notes = _notes(series)
    flags = sorted({f"{f.code}: {f.label}" for cell in series.cells() for f in cell.flags})
    after = [_p("; ".join(flags + notes), styles["small"])] if flags or notes else []
    if offset:
        after.append(
            _p(_("The last %(n)d periods; the page gives them all.") % {"n": len(periods)}, styles["small"])
        )
    return [KeepTogether(story), table, *after, Spacer(1, 8)]


def chart_drawing(chart, *, width: float) -> Drawing:
    """charts.Chart as vectors: the page's SVG turned upside up (ReportLab's y runs upwards)."""
    scale = width / chart.width
    group = Group(transform=(scale, 0, 0, scale, 0, 0))
    top = chart.height

    def y(value: float) -> float:
        return top - value

    left, plot_top, right, bottom = chart.plot
    for tick_y, label in chart.y_ticks:
        group.add(Line(left, y(tick_y), right, y(tick_y), strokeColor=GRID, strokeWidth=1))
        group.add(
            String(
                left - 6,
                y(tick_y) - 4,
                label,
                fontName="Helvetica",
                fontSize=11,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    for tick_x, label in chart.x_ticks:
        group.add(
            String(
                tick_x,
                y(bottom + 20),
                label,
                fontName="Helvetica",
                fontSize=11,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    for rule_x, label in chart.rules:
        group.add(
            Line(
                rule_x,
                y(plot_top),
                rule_x,
                y(bottom),
                strokeColor=TEXT,
                strokeWidth=1,
                strokeDashArray=[3, 3],
            )
        )
        group.add(
            String(
                rule_x + 4, y(plot_top + 8), f"‡ {label}", fontName="Helvetica", fontSize=10, fillColor=TEXT
            )
        )
    for line in chart.lines:
        colour = colors.HexColor(line.colour)
        dash = [float(d) for d in line.dash.split()] if line.dash else None
        segment: list[float] = []
        for step, px, py in [*_STEP.findall(line.path), ("M", "0", "0")]:
            if step == "M" and segment:
                if len(segment) >= 4:
                    group.add(
                        PolyLine(
                            segment,
                            strokeColor=colour,
                            strokeWidth=line.width,
                            strokeDashArray=dash,
                            strokeLineJoin=1,
                        )
                    )
                segment = []
            segment += [float(px), y(float(py))]
        for px, py in line.points:
            marker = _marker(line.marker, px, y(py), colour)
            if marker is not None:
                group.add(marker)
        if line.label_y is not None:
            group.add(
                String(
                    right + 10,
                    y(line.label_y) - 4,
                    line.short[:22],
                    fontName="Helvetica",
                    fontSize=11,
                    fillColor=TEXT,
                )
            )
    drawing = Drawing(width, chart.height * scale)
    drawing.add(group)
    return drawing


def _marker(shape: str, x: float, y: float, colour):
    if shape == "circle":
        return Circle(x, y, 4, fillColor=colour, strokeColor=None)
    if shape == "square":
        return Rect(x - 3.5, y - 3.5, 7, 7, fillColor=colour, strokeColor=None)
    if shape == "triangle":
        return Polygon([x, y + 5, x + 5, y - 3.5, x - 5, y - 3.5], fillColor=colour, strokeColor=None)
    if shape == "diamond":
        return Polygon([x, y + 5, x + 5, y, x, y - 5, x - 5, y], fillColor=colour, strokeColor=None)
    return None


def map_pdf(renderer, embed, *, user, styles) -> list[Flowable] | None:
    from stadskennis.indicators.embeds import map_build

    built = map_build(embed, user=user)
    if built is None:
        return None
    indicator, the_map = built
    width = styles["width"]
    title = _("%(name)s per municipality, %(period)s") % {"name": indicator.name, "period": the_map.period}
    legend = [[" ", f"{c.label} ({c.count})"] for c in the_map.classes]
    legend.append([" ", _("no figure (missing, not computable or confidential)") + f" ({the_map.no_data})"])
    key = Table(legend, colWidths=[14, width - 14])
    key.setStyle(
        TableStyle(
            [("FONTSIZE", (0, 0), (-1, -1), 8), ("BOX", (0, 0), (0, -1), 0.25, MUTED)]
            + [
                ("BACKGROUND", (0, i), (0, i), colors.HexColor(c.colour))
                for i, c in enumerate(the_map.classes)
            ]
            + [("BACKGROUND", (0, len(the_map.classes)), (0, len(the_map.classes)), NO_DATA)]
        )
    )
    rows = [[f"{a.name} ({a.code})", _cell_text(a.cell)] for a in the_map.areas]
    table = _table([_("Municipality"), indicator.unit or _("Value")], rows, width=width, styles=styles)
    story = [_p(title, styles["caption"]), map_drawing(the_map, width=width), key]
    return [KeepTogether(story), Spacer(1, 6), table, Spacer(1, 8)]


def map_drawing(the_map, *, width: float) -> Drawing:
    """maps.Choropleth as vectors: each municipality's outline from its SVG path (`M x y l dx dy … z`)."""
    x0, y0, box_width, box_height = (float(n) for n in the_map.viewbox.split())
    scale = width / box_width
    group = Group(transform=(scale, 0, 0, scale, 0, 0))
    for area in the_map.areas:
        path = Path(
            fillColor=NO_DATA if area.fill.startswith("url(") else colors.HexColor(area.fill),
            strokeColor=colors.white, strokeWidth=7, fillMode=0,
        )  # fmt: skip
        for ring in area.path.split("M")[1:]:
            numbers = [float(n) for n in _NUMBER.findall(ring)]
            x, y = numbers[0], numbers[1]
            path.moveTo(x - x0, box_height - (y - y0))
            for i in range(2, len(numbers) - 1, 2):
                x, y = x + numbers[i], y + numbers[i + 1]
                path.lineTo(x - x0, box_height - (y - y0))
            path.closePath()
        group.add(path)
    drawing = Drawing(width, box_height * scale)
    drawing.add(group)
    return drawing
