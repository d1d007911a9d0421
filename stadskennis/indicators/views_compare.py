"""The compare builder (/cijfers/vergelijken/): chosen cities × chosen indicators × a range of years,
per indicator a table and a line chart, with its data twins (`?formaat=csv|json`). A GET form of
checkboxes, so it works without JavaScript and every comparison is bookmarkable by its address.
Without a city chosen, the centre cities are compared. What is read from the address: compare.py."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.indicators.charts import line_chart
from stadskennis.indicators.choices import indicator_choices
from stadskennis.indicators.compare import (
    MAX_CITIES,
    MAX_INDICATORS,
    MAX_PERIODS,
    compare_build,
    place_choices,
    request_read,
)
from stadskennis.indicators.display import escape, legend, number_notes
from stadskennis.indicators.groups import group_choices, group_for, series_with_group
from stadskennis.indicators.series import Series
from stadskennis.indicators.twins import CSV_FIELDS, _cell, _csv_row, number


def _chart(series: Series):
    lines = [
        (row.name, "highlight" if i == 0 and row.kind == "city" else row.kind, [c.value for c in row.cells])
        for i, row in enumerate(series.rows)
        if row.kind in ("city", "vgc") or any(c.shown for c in row.cells)
    ]
    breaks = {
        period: _("definition from %(year)s") % {"year": f"{b.valid_from:%Y}"}
        for period, b in series.breaks.items()
    }
    return line_chart(periods=series.labels, series=lines, decimals=series.indicator.decimals, breaks=breaks)


def _indicator_choices(user, chosen: list) -> SafeString:
    """The indicators to choose (choices.py), as checkboxes in a fieldset per theme."""
    demo, retired = escape(_("demo data")), escape(_("retired"))
    picked = {i.code for i in chosen}
    return mark_safe(  # noqa: S308 (every text escaped here)
        "".join(
            f'<fieldset class="compare-theme"><legend>{escape(theme)}</legend>'
            + "".join(
                '<div class="picker-option"><label><input type="checkbox" name="indicator" '
                f'value="{escape(c.code)}"{" checked" if c.code in picked else ""}> {escape(c.name)}'
                f'{f""" <span class="badge">{demo}</span>""" if c.is_demo else ""}'
                f'{f""" <span class="badge">{retired}</span>""" if c.retired else ""}</label></div>'
                for c in choices
            )
            + "</fieldset>"
            for theme, choices in indicator_choices(user, picked)
        )
    )


def _place_choices(places, chosen: set[str], *, with_code: bool) -> SafeString:
    """Checkboxes for `places` (`with_code`: the NIS code beside the name), written here rather than by
    a template loop: the list of 300 municipalities was a third of the page's time."""
    return mark_safe(  # noqa: S308 (every text escaped here)
        "".join(
            '<div class="picker-option"><label><input type="checkbox" name="stad" '
            f'value="{escape(p.code)}"{" checked" if p.code in chosen else ""}> {escape(p.name)}'
            f'{f""" <span class="nis">({escape(p.code)})</span>""" if with_code else ""}</label></div>'
            for p in places
        )
    )


def _definition(indicator) -> dict:
    return {
        "code": indicator.code, "name": indicator.name, "unit": indicator.unit,
        "aggregation": indicator.aggregation, "decimals": indicator.decimals,
        "direction": indicator.direction,
        "scale": number(indicator.scale) if indicator.aggregation == "ratio" else None,
        "source": indicator.source, "licence": indicator.licence, "demo": indicator.is_demo,
    }  # fmt: skip


def _json(asked, built: list[Series]) -> dict:
    return {
        "cities": [{"geo": p.code, "name": p.name} for p in asked.places],
        "from": asked.first,
        "to": asked.last,
        "boundaries": asked.boundaries or "per periode",
        "messages": asked.messages,
        "indicators": [
            {
                "indicator": _definition(series.indicator),
                "periods": series.labels,
                "series": [
                    {
                        "geo": row.key, "name": row.name, "kind": row.kind,
                        "values": [
                            {"period": period, **_cell(cell)}
                            for period, cell in zip(series.labels, row.cells, strict=True)
                        ],
                    }
                    for row in series.rows
                ],
            }
            for series in built
        ],
    }  # fmt: skip


def _csv(built: list[Series]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel reads the accents right
    writer = csv.DictWriter(out, fieldnames=["indicator", *CSV_FIELDS], lineterminator="\r\n")
    writer.writeheader()
    for series in built:
        for row in series.rows:
            for period, cell in zip(series.labels, row.cells, strict=True):
                line = {
                    "indicator": series.indicator.code,
                    **_csv_row(row.key, row.name, row.kind, period, cell),
                }
                writer.writerow({key: spreadsheet_safe(value) for key, value in line.items()})
    return out.getvalue()


def compare(request):
    first, others, places = place_choices()
    asked = request_read(request.GET, user=request.user, places=places)
    if not asked.places and asked.indicators:
        asked.places = [p for p in first if p.kind == "city"]
    built = compare_build(asked, user=request.user)
    group = group_for(request.user, request.GET.get("groep"))  # a comparison group beside the series
    built = [series_with_group(series, group, user=request.user) for series in built]
    wanted = request.GET.get("formaat")
    if wanted == "json":
        return JsonResponse(_json(asked, built), json_dumps_params={"ensure_ascii": False})
    if wanted == "csv":
        response = HttpResponse(_csv(built), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="vergelijking.csv"'
        return response
    if wanted == "xlsx":
        from stadskennis.indicators.twins_xlsx import series_sheet, xlsx_response

        return xlsx_response(
            [series_sheet(s, s.indicator.code, with_indicator=True) for s in built], "vergelijking"
        )
    notes = number_notes(cell for series in built for cell in series.cells())  # one numbering: unique ids
    tables = [
        {
            "number": at,
            "series": series,
            "indicator": series.indicator,
            "chart": _chart(series),
            "flags": legend(series.cells()),
        }
        for at, series in enumerate(built, start=1)
    ]
    query = request.GET.copy()
    query.pop("formaat", None)
    chosen = {p.code for p in asked.places}
    return render(
        request,
        "indicators/compare.html",
        {
            "asked": asked,
            "groups": group_choices(request.user),
            "group": group,
            "tables": tables,
            "notes": notes,
            "first": _place_choices(first, chosen, with_code=False),
            "others": _place_choices(others, chosen, with_code=True),
            "others_chosen": any(p.code in chosen for p in others),
            "indicator_choices": _indicator_choices(request.user, asked.indicators),
            "data_query": query.urlencode(),
            "limits": {"cities": MAX_CITIES, "indicators": MAX_INDICATORS, "periods": MAX_PERIODS},
        },
    )
