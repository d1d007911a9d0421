"""Figures from an Excel workbook (.xlsx), read as the same stream of rows as a long CSV file.

The first sheet is read with openpyxl in read-only mode, so a big workbook is streamed row by row and
memory stays flat. Two layouts are understood:

- long: the columns of the CSV import (`indicator, geo, period, value` [status, confidentiality]);
- wide: `indicator, geo` and then one column per period (`2019`, `2020`, ...); each filled cell is one
  figure, an empty cell is no figure. A row of a wide sheet names the period's column in its problems.

Numbers Excel stores as numbers are taken as they are (never re-read as text, so 1.234 stays one point
two three four); text cells go through the same Dutch/English number reading as CSV. Excel has at most
1,048,576 rows: a sheet that claims more stops there with a message.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO

from stadskennis.indicators.csvfile import FileProblem

EXCEL_MAX_ROWS = 1_048_576
WIDE_KEYS = ["indicator", "geo"]
COLUMNS_KEY = "_columns"  # a row's own names for its logical columns (wide layout)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _geo(cell) -> str:
    """A NIS code Excel turned into a number lost its leading zero (04000 became 4000): give it back."""
    text = _text(cell)
    return text.zfill(5) if isinstance(cell, int | float) and not isinstance(cell, bool) else text


def _value(cell) -> str | Decimal:
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        return Decimal(repr(cell))
    return _text(cell)


UNREADABLE = "dit is geen leesbaar Excel-bestand (.xlsx): bewaar het opnieuw als Excel-werkmap"


def _sheet_rows(handle: BinaryIO) -> Iterator[tuple]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileProblem(1, None, UNREADABLE) from error
    number = 0
    try:
        for cells in workbook.worksheets[0].iter_rows(values_only=True):
            number += 1
            yield cells
    except Exception as error:  # a damaged sheet fails deep in openpyxl's XML reading, in many ways
        raise FileProblem(number + 1, None, UNREADABLE) from error
    finally:
        workbook.close()


def read_xlsx_rows(
    handle: BinaryIO, *, required: list[str], optional: list[str]
) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The header and a stream of (row number, row), as csvfile.read_rows gives them."""
    sheet = _sheet_rows(handle)
    first = next(sheet, None)
    if first is None or not any(_text(cell) for cell in first):
        raise FileProblem(1, None, "het werkblad is leeg: de eerste rij moet de kolomnamen geven")
    header = [_text(cell) for cell in first]
    while header and not header[-1]:
        header.pop()
    names = [name.lower() for name in header]
    wide = "value" not in names
    if wide:
        if names[:2] != WIDE_KEYS or len(names) < 3:
            raise FileProblem(
                1,
                None,
                "onbekende indeling: geef de kolommen indicator, geo, period, value (lang) of "
                "indicator, geo en dan één kolom per periode (breed)",
            )
        if not all(names[2:]):
            empty = names.index("", 2)
            raise FileProblem(1, _letter(empty), "kolom zonder naam: geef elke periode een kolomnaam")
    else:
        for name in required:
            if name not in names:
                raise FileProblem(1, name, f"kolom ontbreekt (verwacht: {', '.join(required)})")
        unknown = [name for name in names if name not in required and name not in optional]
        if unknown:
            raise FileProblem(
                1, unknown[0], f"onbekende kolom (toegelaten: {', '.join(required + optional)})"
            )
    if len(set(names)) != len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise FileProblem(1, twice, "kolom staat er twee keer")

    def rows() -> Iterator[tuple[int, dict]]:
        for number, cells in enumerate(sheet, start=2):
            if number > EXCEL_MAX_ROWS:
                raise FileProblem(
                    number,
                    None,
                    f"meer dan {EXCEL_MAX_ROWS:,} rijen: Excel kan er niet meer bewaren".replace(",", "."),
                )
            cells = list(cells[: len(names)]) + [None] * (len(names) - len(cells))
            if not any(_text(cell) for cell in cells):
                continue
            if not wide:
                row = {name: _text(cell) for name, cell in zip(names, cells, strict=True)}
                row["geo"] = _geo(cells[names.index("geo")])
                row["value"] = _value(cells[names.index("value")])
                yield number, row
                continue
            indicator, geo = _text(cells[0]), _geo(cells[1])
            for index in range(2, len(names)):
                if _text(cells[index]) == "":
                    continue
                period, column = header[index], f"{header[index]} ({_letter(index)})"
                yield number, {
                    "indicator": indicator, "geo": geo, "period": period, "value": _value(cells[index]),
                    COLUMNS_KEY: {"period": column, "value": column},
                }  # fmt: skip

    return header, rows()
