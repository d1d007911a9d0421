"""A line chart (charts.py) written as SVG: in Python, not by a template loop, since a comparison draws
ten of them, each with a line and a legend entry per city and a dozen ticks, and the loop cost more than
computing the chart. What it writes is what `_line_chart.html` wrote before."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from stadskennis.indicators.charts import Chart
from stadskennis.indicators.display import escape

_TICK = '<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#d5dce0" stroke-width="1"></line>'


def _dash(dash: str) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def chart_svg(
    chart: Chart, *, chart_id: str, name: str, others: str = "", others_line: bool = True
) -> SafeString:
    """The figure: the SVG with its title and description for screen readers, and the legend (with
    the grey line of the other centre cities unless `others_line` is False)."""
    left, top, right, bottom = chart.plot
    ident = escape(chart_id)
    title = escape(_("%(name)s over time") % {"name": name})
    description = escape(_("Line chart of the table below, which gives the same figures."))
    parts = [
        '<figure class="chart">'
        f'<svg class="line-chart" role="img" aria-labelledby="{ident}-titel {ident}-uitleg" '
        f'width="{chart.width}" height="{chart.height}" viewBox="0 0 {chart.width} {chart.height}">'
        f'<title id="{ident}-titel">{title}</title>'
        f'<desc id="{ident}-uitleg">{description}</desc><g font-size="12" fill="#4f5b62">'
    ]
    for y, label in chart.y_ticks:
        parts.append(_TICK.format(left=left, right=right, y=y))
        parts.append(f'<text x="{left - 6}" y="{y}" dy="4" text-anchor="end">{escape(label)}</text>')
    for x, label in chart.x_ticks:
        parts.append(f'<text x="{x}" y="{bottom + 20}" text-anchor="middle">{escape(label)}</text>')
    for x, label in chart.rules:
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" stroke="#1d2327" stroke-width="1" '
            f'stroke-dasharray="3 3"></line><text x="{x}" y="{top}" dx="4" dy="8" fill="#1d2327">‡ '
            f"{escape(label)}</text>"
        )
    parts.append("</g>")
    for line in chart.lines:
        markers = f'<path d="{line.markers}" fill="{line.colour}"></path>' if line.markers else ""
        label = (
            f'<text x="{right + 10}" y="{line.label_y}" dy="4" font-size="12" fill="#1d2327">'
            f"{escape(Truncator(line.short).chars(22))}</text>"
            if line.label_y is not None
            else ""
        )
        parts.append(
            f"<g><title>{escape(line.name)}</title>"
            f'<path d="{line.path}" fill="none" stroke="{line.colour}" stroke-width="{line.width}"'
            f'{_dash(line.dash)} stroke-linejoin="round"></path>{markers}{label}</g>'
        )
    parts.append('</svg><figcaption><ul class="chart-legend">')
    sample = '<svg width="36" height="16" viewBox="0 0 36 16" aria-hidden="true" focusable="false">'
    for line in chart.legend:
        marker = f'<path d="{line.sample}" fill="{line.colour}"></path>' if line.marker else ""
        parts.append(
            f'<li>{sample}<line x1="0" x2="36" y1="8" y2="8" stroke="{line.colour}" '
            f'stroke-width="{line.width}"{_dash(line.dash)}></line>{marker}</svg> {escape(line.name)}</li>'
        )
    if others_line:
        others = escape(others or _("the other centre cities"))
        parts.append(
            f'<li>{sample}<line x1="0" x2="36" y1="8" y2="8" stroke="#a3aeb4" stroke-width="1.2">'
            f"</line></svg> {others}</li>"
        )
    parts.append("</ul></figcaption></figure>")
    return mark_safe("".join(parts))  # noqa: S308 (every text escaped here; numbers and styles are ours)
