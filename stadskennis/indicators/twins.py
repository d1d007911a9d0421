"""The data twins of the indicator page: its series table and its map table as CSV and JSON.

Both carry exactly what the page shows this viewer (a withheld figure is empty, with its flags and
why), with values as numbers in the machine's notation (a point as decimal sign, at most 6 decimals)
and the Dutch labels of the flags beside their SDMX codes.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.indicators.display import Cell
from stadskennis.indicators.maps import Choropleth
from stadskennis.indicators.series import Series

CSV_FIELDS = [
    "geo",
    "naam",
    "soort",
    "periode",
    "waarde",
    "status",
    "vertrouwelijkheid",
    "vlaggen",
    "opmerking",
]


def number(value: Decimal | None):
    """A figure as JSON writes it: an integer when it is one, else a float of at most 6 decimals."""
    if value is None:
        return None
    rounded = round(value, 6).normalize()
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def cell_json(cell: Cell) -> dict:
    """A figure as the JSON twins write it (the dashboards' too)."""
    return {
        "value": number(cell.value),
        "status": cell.status or None,
        "confidentiality": cell.confidentiality or None,
        "flags": [{"code": f.code, "label": f.label, "kind": f.kind} for f in cell.flags],
        "withheld": cell.withheld,
        "computed": cell.computed,
        "note": cell.note or None,
    }


def definition(series: Series) -> dict:
    indicator = series.indicator
    return {
        "code": indicator.code,
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "source": indicator.source,
        "licence": indicator.licence,
        "periodicity": indicator.periodicity,
        "direction": indicator.direction,
        "decimals": indicator.decimals,
        "aggregation": indicator.aggregation,
        "numerator": indicator.numerator.code if indicator.numerator_id else None,
        "denominator": indicator.denominator.code if indicator.denominator_id else None,
        "scale": number(indicator.scale) if indicator.aggregation == "ratio" else None,
        "demo": indicator.is_demo,
        "definitions": [
            {"valid_from": d.valid_from.isoformat(), "description": d.description}
            for d in indicator.definitions.order_by("valid_from")
        ],
    }


def page_json(series: Series, choropleth: Choropleth | None) -> dict:
    data = {
        "indicator": definition(series),
        "boundaries": series.boundaries or "per periode",
        "periods": series.labels,
        "definition_changes": [
            {"period": b.period, "valid_from": b.valid_from.isoformat(), "description": b.description}
            for b in series.breaks.values()
        ],
        "series": [
            {
                "geo": row.key,
                "name": row.name,
                "kind": row.kind,
                "lineage": row.lineage or None,
                "values": [
                    {"period": period, **cell_json(cell)}
                    for period, cell in zip(series.labels, row.cells, strict=True)
                ],
            }
            for row in series.rows
        ],
    }
    if choropleth is not None:
        data["map"] = {
            "period": choropleth.period,
            "boundaries": choropleth.boundaries,
            "municipalities": [
                {"geo": a.code, "name": a.name, "lineage": a.lineage or None, **cell_json(a.cell)}
                for a in choropleth.areas
            ],
        }
    return data


def csv_text(rows, fields: list[str] = CSV_FIELDS) -> str:
    """Rows (dicts of `fields`) as the CSV twins write them (the dashboards' too): a BOM for Excel,
    CRLF, each cell made safe for spreadsheets."""
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel reads the accents right
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return out.getvalue()


def csv_row(geo: str, name: str, kind: str, period: str, cell: Cell) -> dict:
    """One figure in the CSV_FIELDS columns; a municipality of a map is of kind "gemeente"."""
    value = number(cell.value)
    return {
        "geo": geo, "naam": name, "soort": kind, "periode": period,
        "waarde": "" if value is None else value, "status": cell.status,
        "vertrouwelijkheid": cell.confidentiality, "vlaggen": "; ".join(f.label for f in cell.flags),
        "opmerking": cell.note,
    }  # fmt: skip


def series_csv(series: Series) -> str:
    return csv_text(
        csv_row(row.key, row.name, row.kind, period, cell)
        for row in series.rows
        for period, cell in zip(series.labels, row.cells, strict=True)
    )


def map_csv(choropleth: Choropleth) -> str:
    return csv_text(csv_row(a.code, a.name, "gemeente", choropleth.period, a.cell) for a in choropleth.areas)


_cell, _csv_row = cell_json, csv_row  # the names views_compare.py and twins_xlsx.py still import
