"""The indicator page (/cijfers/<code>/): definition, time series with its chart, ranking and map, and
its data twins (`?formaat=csv|json`; `&tabel=gemeenten` for the map's table as CSV).

`?grenzen=2025` shows every period on the 2025 boundaries; `?periode=` chooses the map's period
(the latest by default); `?stad=<slug>` picks the city drawn out in the chart (a member's own city by
default). What a viewer may see is decided by core.visibility, through series.py and display.py.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import slugify

from stadskennis.core.visibility import access_content_or_404, can_manage_indicator
from stadskennis.indicators.charts import series_chart
from stadskennis.indicators.display import format_value, legend, number_notes
from stadskennis.indicators.groups import group_choices, group_for, series_with_group
from stadskennis.indicators.knowledge_links import knowledge_links
from stadskennis.indicators.maps import choropleth
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.ranking import ranking_build
from stadskennis.indicators.selectors import own_versions_visible
from stadskennis.indicators.series import Series, series_build


def _highlighted(request, series: Series) -> str:
    wanted = request.GET.get("stad", "")
    organisation = getattr(request.user, "organisation", None)
    if not wanted and organisation is not None:
        wanted = organisation.slug
    names = {slugify(row.name): row.name for row in series.rows if row.kind == "city"}
    return wanted if wanted in names else ""


def _query(request) -> str:
    """This page's choices, for its data links (which add their own `formaat`)."""
    query = request.GET.copy()
    for name in ("formaat", "tabel"):
        query.pop(name, None)
    return query.urlencode()


def indicator_detail(request, code: str):
    indicator = access_content_or_404(
        request.user,
        Indicator.objects.select_related("numerator", "denominator", "owner", "common_definition"),
        code=code,
    )
    boundaries = "2025" if request.GET.get("grenzen") == "2025" else None
    series = series_build(indicator, user=request.user, boundaries=boundaries)
    group = group_for(request.user, request.GET.get("groep"))  # a comparison group beside the series
    series = series_with_group(series, group, user=request.user)
    starts = dict(series.periods)
    period = request.GET.get("periode", "")
    if period not in starts:
        ranked = [i for i, _p in enumerate(series.labels) if any(r.cells[i].shown for r in series.rows)]
        period = series.labels[ranked[-1] if ranked else -1] if series.labels else ""
    the_map = (
        choropleth(
            indicator, period, starts[period], boundaries=boundaries,
            confidential_visible=series.confidential_visible,
        )
        if period
        else None
    )  # fmt: skip
    wanted = request.GET.get("formaat")
    if wanted == "json":
        from stadskennis.indicators.twins import page_json

        return JsonResponse(page_json(series, the_map), json_dumps_params={"ensure_ascii": False})
    if wanted == "csv":
        from stadskennis.indicators.twins import map_csv, series_csv

        municipalities = request.GET.get("tabel") == "gemeenten" and the_map is not None
        response = HttpResponse(
            map_csv(the_map) if municipalities else series_csv(series), content_type="text/csv; charset=utf-8"
        )
        name = f"{indicator.code}-{'gemeenten-' + period if municipalities else 'reeks'}"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if wanted == "xlsx":
        from stadskennis.indicators.twins_xlsx import map_sheet, series_sheet, xlsx_response

        sheets = [series_sheet(series)] + ([map_sheet(the_map)] if the_map is not None else [])
        return xlsx_response(sheets, indicator.code)
    highlighted = _highlighted(request, series)
    cells = list(series.cells()) + ([a.cell for a in the_map.areas] if the_map else [])
    return render(
        request,
        "indicators/indicator.html",
        {
            "indicator": indicator,
            "series": series,
            "groups": group_choices(request.user),
            "group": group,
            "knowledge": knowledge_links(indicator, user=request.user),
            "chart": series_chart(series, highlighted=highlighted),
            "ranking": ranking_build(series),
            "map": the_map,
            "period": period,
            "flags": legend(cells),
            "notes": number_notes(series.cells()),
            "highlighted": highlighted,
            "cities": [(slugify(r.name), r.name) for r in series.rows if r.kind == "city"],
            "definitions": list(indicator.definitions.order_by("valid_from")),
            "own_versions": own_versions_visible(indicator, user=request.user),  # issue 14, point 6
            "can_manage": indicator.owner_id is not None and can_manage_indicator(request.user, indicator),
            "data_query": _query(request),
            "scale": format_value(indicator.scale, 0 if indicator.scale == int(indicator.scale) else 4),
        },
    )
