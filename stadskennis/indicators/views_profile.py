"""A city profile (/cijfers/stad/<NIS code or name>/): the municipality against the centre cities
together and Flanders on every indicator of a theme (`?thema=<slug>`), with its JSON twin
(`?formaat=json`)."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render

from stadskennis.indicators.display import legend
from stadskennis.indicators.lineage import lineage_of
from stadskennis.indicators.profile import municipality_named, profile_lines, themes_with_indicators
from stadskennis.indicators.twins import number


def _cell(cell) -> dict:
    return {
        "value": number(cell.value),
        "display": cell.display,
        "withheld": cell.withheld,
        "note": cell.note or None,
    }


def city_profile(request, key: str):
    area = municipality_named(key)
    if area is None:
        raise Http404
    themes = list(themes_with_indicators(request.user))
    theme = next((t for t in themes if t.slug == request.GET.get("thema")), themes[0] if themes else None)
    lines = profile_lines(area, theme, user=request.user) if theme else []
    if request.GET.get("formaat") == "xlsx":
        from stadskennis.indicators.twins_xlsx import profile_sheet, xlsx_response

        name = f"{area.code}-{theme.slug if theme else 'profiel'}"
        return xlsx_response([profile_sheet(area, lines)], name)
    if request.GET.get("formaat") == "json":
        return JsonResponse(
            {
                "geo": area.code,
                "name": area.name,
                "theme": theme.slug if theme else None,
                "indicators": [
                    {
                        "code": line.indicator.code, "name": line.indicator.name, "unit": line.indicator.unit,
                        "direction": line.indicator.direction, "period": line.period,
                        "city": _cell(line.city),
                        "centre_cities": _cell(line.centre), "flemish_region": _cell(line.flanders),
                        "comparison": line.comparison or None, "demo": line.indicator.is_demo,
                    }
                    for line in lines
                ],
            },
            json_dumps_params={"ensure_ascii": False},
        )  # fmt: skip
    return render(
        request,
        "indicators/city.html",
        {
            "area": area,
            "lineage": lineage_of(area),
            "themes": themes,
            "theme": theme,
            "lines": lines,
            "demo": any(line.indicator.is_demo for line in lines),
            "flags": legend(cell for line in lines for cell in (line.city, line.centre, line.flanders)),
        },
    )
