"""CSV files as spreadsheets write them, read as a stream of rows with their line numbers.

Excel adds a BOM, may put a `sep=;` line first and saves in Windows-1252 unless told "CSV UTF-8". The
`sep=` line is honoured (it names the delimiter), the delimiter is otherwise read from the header
(`;`, `,` or a tab), and text that is not UTF-8 stops the file with the line and column where it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

TOO_LONG = "veld te lang: een veld mag hoogstens 128 KB tekst hebben"
BROKEN = "dit is geen leesbare CSV (een aanhalingsteken staat niet op zijn plaats)"


def _csv_problem(line: int, error: csv.Error) -> FileProblem:
    """csv's own error (a field past its 128 KB limit, a stray quote) as a problem of the file's line."""
    return FileProblem(line, None, TOO_LONG if "field larger" in str(error) else BROKEN)


@dataclass
class FileProblem(Exception):
    line: int
    column: str | None
    message: str
    noun: str = "kolom"  # "veld" in JSON Lines

    def __str__(self) -> str:
        where = f"regel {self.line}" + (f", {self.noun} '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


def _decoded(handle: BinaryIO, first_line: int, delimiter: str, header: list[str]) -> Iterator[str]:
    for number, raw in enumerate(handle, start=first_line):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            cells = next(csv.reader([raw.decode("utf-8", errors="replace")], delimiter=delimiter), [])
            bad = next((i for i, cell in enumerate(cells) if "\ufffd" in cell), None)
            column = header[bad] if bad is not None and bad < len(header) else None
            raise FileProblem(
                number,
                column,
                "de tekst is geen UTF-8 (Excel bewaart CSV vaak als Windows-1252): "
                "bewaar het bestand als 'CSV UTF-8' en importeer opnieuw",
            ) from None


def read_rows(
    handle: BinaryIO, *, required: Iterable[str], optional: Iterable[str] = ()
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and a stream of (line number, row). Raises FileProblem for the header at once and
    for the rows as they are read."""
    required, optional = list(required), list(optional)
    line = 1
    first = handle.readline()
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    delimiter = None
    if first.strip().lower().startswith(b"sep=") and len(first.strip()) == 5:
        delimiter = first.strip()[4:].decode("ascii", errors="replace")
        first, line = handle.readline(), 2
    try:
        header_text = first.decode("utf-8").strip("\r\n")
    except UnicodeDecodeError:
        raise FileProblem(
            line, None, "de kopregel is geen UTF-8: bewaar het bestand als 'CSV UTF-8'"
        ) from None
    if not header_text.strip():
        raise FileProblem(line, None, "het bestand is leeg: de eerste regel moet de kolomnamen geven")
    if delimiter is None:
        delimiter = max(";,\t", key=header_text.count)
    try:
        header = [name.strip().lower() for name in next(csv.reader([header_text], delimiter=delimiter))]
    except csv.Error as error:
        raise _csv_problem(line, error) from None
    missing = [name for name in required if name not in header]
    if missing:
        raise FileProblem(line, missing[0], f"kolom ontbreekt (verwacht: {', '.join(required)})")
    unknown = [name for name in header if name not in required and name not in optional]
    if unknown:
        raise FileProblem(line, unknown[0], f"onbekende kolom (toegelaten: {', '.join(required + optional)})")
    if len(set(header)) != len(header):
        twice = next(name for name in header if header.count(name) > 1)
        raise FileProblem(line, twice, "kolom staat er twee keer")

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        # millions of rows may come through here: one loop, the usual row's work first
        reader = csv.reader(_decoded(handle, line + 1, delimiter, header), delimiter=delimiter)
        width = len(header)
        try:
            for cells in reader:
                values = [cell.strip() for cell in cells]
                if not any(values):
                    continue
                if len(values) != width:
                    raise FileProblem(
                        line + reader.line_num,
                        None,
                        f"{len(values)} velden in plaats van {width} (scheidingsteken '{delimiter}')",
                    )
                yield line + reader.line_num, dict(zip(header, values, strict=True))
        except csv.Error as error:
            raise _csv_problem(line + max(reader.line_num, 1), error) from None

    return header, rows()
