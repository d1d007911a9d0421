from django import template

from stadskennis.indicators.chart_svg import chart_svg

register = template.Library()


@register.simple_tag
def line_chart(chart, chart_id: str, name: str, others: str = ""):
    """`{% line_chart chart chart_id name others %}`: the chart as SVG (chart_svg.py)."""
    return chart_svg(chart, chart_id=chart_id or "grafiek", name=name, others=others or "")
