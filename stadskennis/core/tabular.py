"""A table from a file people make in Excel or LibreOffice: CSV (as Excel saves it) or XLSX.

Every importer with a preview reads its file here: the contact lists of the Netwerk and a city's plan
(ORBA). CSV in UTF-8, Windows-1252 (Excel's default) or Excel's "Unicode text" (UTF-16, tabs); the
separator is `;`, `,` or a tab, or Excel's own `sep=` line. XLSX: the first sheet, streamed, with
its cells as Excel holds them (numbers, dates), so a date or an amount is never read back from a text
Excel made of it.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from decimal import Decimal
from pathlib import PurePath

from django.utils.translation import gettext as _

SUFFIXES = (".csv", ".xlsx", ".txt")


def check_table_name(upload) -> None:
    """A form field's validator: the upload's name says CSV or XLSX (what `read_table` reads)."""
    from django.core.exceptions import ValidationError

    if PurePath(upload.name).suffix.lower() not in SUFFIXES:
        raise ValidationError(_("Upload a CSV or XLSX file."))


class TableFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the interface language."""


def read_table(
    name: str, data: bytes, notes: list[str], *, max_rows: int | None = None, max_columns: int | None = None
) -> list[list[object]]:
    """The rows of the file, blank rows kept (a row's index + 1 is the line the person sees). With
    `max_rows`, at most one row more than that is read (so the caller can say the file is too long);
    with `max_columns`, no row is wider: a sheet that declares 16,384 columns costs no more."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(data, max_rows=max_rows, max_columns=max_columns)
    if lower.endswith((".csv", ".txt")):
        rows = _read_csv(data, notes, max_rows=max_rows)
        return [row[:max_columns] for row in rows] if max_columns else rows
    raise TableFileError(_("Upload a CSV or XLSX file."))


def _read_csv(data: bytes, notes: list[str], *, max_rows: int | None = None) -> list[list[object]]:
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text": UTF-16, tab-separated
    if b"\x00" in data and not utf16:
        raise TableFileError(_("This is not a text file. Save the list as CSV or XLSX."))
    try:
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError:
        try:
            if utf16:
                raise
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise TableFileError(_("The file's characters cannot be read. Save it as CSV UTF-8.")) from error
        notes.append(_("The file was not UTF-8; it was read as Windows-1252 (as Excel saves it)."))
    if "\x00" in text:  # PostgreSQL refuses the NUL character
        raise TableFileError(_("This is not a text file. Save the list as CSV or XLSX."))
    lines = text[:65536].splitlines(keepends=True)[:2]  # the first two lines, not a list of every line
    first = lines[0].rstrip("\r\n") if lines else ""
    declared = re.fullmatch(r"sep=(.)", first)  # Excel's own hint; Excel does not show it as a row
    if declared:
        text = text[len(lines[0]) :]
        first = lines[1].rstrip("\r\n") if len(lines) > 1 else ""
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    if "\t" in first and first.count("\t") > max(first.count(";"), first.count(",")):
        delimiter = "\t"
    if declared:
        delimiter = declared.group(1)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return list(itertools.islice(reader, max_rows + 1)) if max_rows is not None else list(reader)
    except csv.Error as error:
        raise TableFileError(_("The CSV file is malformed: %(error)s") % {"error": error}) from error


def _cell(cell) -> object:
    """A cell's value; a number Excel shows as a percentage (0.45 shown as 45%) as the text people see."""
    value = cell.value
    if value is None:
        return ""
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", "") or "")
    ):
        return f"{(Decimal(str(value)) * 100).normalize():f}%"
    return value


def _read_xlsx(
    data: bytes, *, max_rows: int | None = None, max_columns: int | None = None
) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(
                max_col=max_columns, max_row=max_rows + 1 if max_rows is not None else None
            )
            return [[_cell(cell) for cell in row] for row in rows]
        finally:
            workbook.close()
    except Exception as error:
        # A damaged workbook fails in many ways (not a zip, bad XML, missing parts), also mid-sheet.
        raise TableFileError(_("This is not a readable Excel file (.xlsx).")) from error
