"""The line chart's geometry: round axis values, a gap where a figure is missing, lines told apart by
dash and marker as well as colour, a definition change drawn where it falls, labels that never overlap."""

from decimal import Decimal

from stadskennis.indicators.charts import line_chart, nice_ticks


def test_the_axis_has_round_values_around_the_figures():
    assert nice_ticks(61.3, 79.6) == [60, 65, 70, 75, 80]
    assert nice_ticks(0.12, 0.57) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    assert nice_ticks(5, 5) == [4.4, 4.6, 4.8, 5.0, 5.2, 5.4, 5.6]  # one value: a band around it


def test_a_missing_figure_is_a_gap_and_every_line_is_told_apart_without_colour():
    chart = line_chart(
        periods=["2019", "2020", "2021", "2022"],
        series=[
            ("Gent", "city", [Decimal(70), None, Decimal(72), Decimal(73)]),
            ("Centrumsteden samen", "group", [Decimal(71), Decimal(71), Decimal(71), Decimal(71)]),
            ("Vlaams Gewest", "region", [Decimal(71), Decimal(71), Decimal(71), Decimal(71)]),
        ],
        decimals=1,
        breaks={"2021": "definitie vanaf 2021"},
    )
    gent = next(line for line in chart.lines if line.name == "Gent")
    assert gent.path.count("M") == 2  # the pen lifts over 2020
    assert len(gent.points) == 3 and gent.points[0][1] > gent.points[1][1] > gent.points[2][1]  # 70 < 72 < 73
    group, region = (next(line for line in chart.lines if line.kind == kind) for kind in ("group", "region"))
    assert (group.dash, group.marker, region.dash, region.marker) == ("", "circle", "7 4", "square")
    assert abs(group.label_y - region.label_y) >= 14  # equal values, labels apart
    assert chart.rules == [
        (round((chart.x_ticks[1][0] + chart.x_ticks[2][0]) / 2, 1), "definitie vanaf 2021")
    ]
    assert [label for _y, label in chart.y_ticks] == ["70", "71", "72", "73"]
    assert line_chart(periods=["2020"], series=[("Gent", "city", [None])], decimals=0) is None


def test_the_svg_names_its_lines_escaped_and_shortened_and_marks_the_definition_change():
    """What a screen reader and a sighted reader get from chart_svg.py: the chart's title, each line's
    full name (escaped) in its tooltip and the legend, a short name at the line's end, the rule."""
    from django.utils import translation

    from stadskennis.indicators.chart_svg import chart_svg

    long_name = "Centrumsteden & <gemeenten> van Vlaanderen"
    chart = line_chart(
        periods=["2020", "2021", "2022"],
        series=[
            ("Gent", "city", [Decimal(1), Decimal(2), Decimal(3)]),
            (long_name, "group", [Decimal(2), Decimal(2), Decimal(2)]),
        ],
        decimals=0,
        breaks={"2021": "definitie vanaf 2021"},
    )
    with translation.override("nl"):
        svg = str(chart_svg(chart, chart_id="grafiek-x", name="Banen <alle>", others=""))
    assert '<title id="grafiek-x-titel">Banen &lt;alle&gt; doorheen de tijd</title>' in svg
    assert svg.count("Centrumsteden &amp; &lt;gemeenten&gt; van Vlaanderen") == 2  # tooltip and legend
    assert ">Centrumsteden &amp; &lt;geme…</text>" in svg  # 22 characters at the line's end
    assert "<" + "gemeenten>" not in svg
    assert "‡ definitie vanaf 2021</text>" in svg
    assert svg.endswith("de andere centrumsteden</li></ul></figcaption></figure>")
