"""The XLSX twins of Stad in cijfers' tables (`?formaat=xlsx`): a workbook with a sheet per table, as
Datasette offers every table as data.

Each sheet holds the rows and columns of the table's CSV twin (twins.py), so it carries exactly what the
page shows this viewer: a withheld figure is an empty cell with its flags and why. A figure is a number
with the indicator's decimals as its number format (so Excel shows 12,5 and computes with 12.5); text
is always text, never a formula (a name that starts with "=" stays a name). Written by openpyxl in
write-only mode, row by row.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse

from stadskennis.indicators.twins import CSV_FIELDS, _csv_row, number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Sheet:
    """One table: `rows` of values in `header`'s order; `decimals[i]` is the number format of row i's
    figures (a compare sheet has one indicator, a profile one per row)."""

    title: str
    header: list[str]
    rows: list[list]
    decimals: list[int]
    figures: tuple[int, ...]  # the columns that hold figures


def number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def sheet_title(title: str, taken: set[str]) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _NOT_IN_SHEET_NAMES.sub("-", title).strip("'") or "blad"
    name, n = base[:31], 1
    while name.lower() in taken:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]}-{n}"
    taken.add(name.lower())
    return name


def workbook(sheets: Iterable[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold, taken, formats = Font(bold=True), set(), {}
    for table in sheets:
        sheet = book.create_sheet(sheet_title(table.title, taken))
        sheet.freeze_panes = "A2"
        header = []
        for name in table.header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.data_type, cell.font = "s", bold
            header.append(cell)
        sheet.append(header)
        for values, decimals in zip(table.rows, table.decimals, strict=True):
            row = []
            for at, value in enumerate(values):
                cell = WriteOnlyCell(sheet, value=None if value == "" else value)
                if at in table.figures and isinstance(cell.value, int | float):
                    cell.number_format = formats.setdefault(decimals, number_format(decimals))
                elif isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
                row.append(cell)
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(sheets: Iterable[Sheet], filename: str) -> HttpResponse:
    response = HttpResponse(workbook(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


_VALUE = CSV_FIELDS.index("waarde")


def _long(rows: list[dict]) -> list[list]:
    return [[row[name] for name in CSV_FIELDS] for row in rows]


def series_sheet(series, title: str | None = None, *, with_indicator: bool = False) -> Sheet:
    """The series table in the CSV twin's long rows (area × period)."""
    rows = _long(
        _csv_row(row.key, row.name, row.kind, period, cell)
        for row in series.rows
        for period, cell in zip(series.labels, row.cells, strict=True)
    )
    header, figures = list(CSV_FIELDS), (_VALUE,)
    if with_indicator:
        header, figures = ["indicator", *header], (_VALUE + 1,)
        rows = [[series.indicator.code, *row] for row in rows]
    return Sheet(title or "reeks", header, rows, [series.indicator.decimals] * len(rows), figures)


def map_sheet(choropleth) -> Sheet:
    """The map's table: every municipality in the map's period."""
    rows = _long(_csv_row(a.code, a.name, "gemeente", choropleth.period, a.cell) for a in choropleth.areas)
    decimals = [choropleth.decimals] * len(rows)
    return Sheet(f"gemeenten {choropleth.period}", list(CSV_FIELDS), rows, decimals, (_VALUE,))


PROFILE_FIELDS = [
    "indicator", "naam", "eenheid", "periode", "stad", "centrumsteden", "vlaams_gewest", "vergelijking",
    "opmerking",
]  # fmt: skip


def _figure(cell):
    value = number(cell.value)
    return "" if value is None else value


def profile_sheet(area, lines) -> Sheet:
    """The city profile's table: per indicator the city, the centre cities together and Flanders."""
    rows = [
        [
            line.indicator.code, line.indicator.name, line.indicator.unit, line.period,
            *(_figure(c) for c in (line.city, line.centre, line.flanders)),
            line.comparison, line.city.note,
        ]
        for line in lines
    ]  # fmt: skip
    decimals = [line.indicator.decimals for line in lines]
    return Sheet(area.name, PROFILE_FIELDS, rows, decimals, (4, 5, 6))
