"""Figures from an SDMX-CSV 2.0 file, read as the same stream of rows as a long CSV file.

The columns are those sdmx.py writes (the API's `/api/indicators/{code}/sdmx.csv`): STRUCTURE,
STRUCTURE_ID, ACTION, the dimensions INDICATOR, REF_AREA (a NIS code) and TIME_PERIOD, the measure
OBS_VALUE (a full stop before the decimals, no thousands separator) and the attributes OBS_STATUS,
CONF_STATUS and COMMENT_OBS. A file is recognised by its header (STRUCTURE first), whatever its name.
What an SDMX file asks is read as follows:

- ACTION `I` (information), `A` (append), `R` (replace) and `M` (merge) all mean "these are the
  figures": they go through the same checks and the same merge as a CSV file (new figures added,
  changed ones revised, equal ones left alone). `D` (delete) is refused with the row: an import never
  removes a figure; a figure that should no longer be shown is imported again with a status such as
  `O` (missing) through the CSV import.
- A row without OBS_VALUE is skipped: an SDMX file lists every cell of its cube, also those without a
  figure (missing, cannot exist, or withheld from whoever made the export); importing them would
  empty stored figures.
- A row with a value but no OBS_STATUS is a plain published figure (status `A`), as SDMX-CSV from
  other sources writes it, unless it is one the platform's own export computed (sdmx.py writes an
  empty status only there), which is never stored as if the source published it: it is skipped when
  its COMMENT_OBS says something, when REF_AREA is not a NIS code (a group's slug), and, in the
  import's checks (observation_import.py, which knows the catalogue and the areas), when REF_AREA is
  not a municipality (a region, province or arrondissement) or the indicator is a ratio.

So a file exported from the platform and imported again changes nothing. The skipped rows are counted
(`SdmxRows.skipped`) for the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from stadskennis.indicators.csvfile import FileProblem, read_rows
from stadskennis.indicators.xlsxfile import COLUMNS_KEY

REQUIRED = ["structure", "structure_id", "action", "indicator", "ref_area", "time_period", "obs_value"]
OPTIONAL = ["obs_status", "conf_status", "comment_obs"]
NAMES = {  # the import's logical column → the SDMX column, for the report's messages
    "indicator": "INDICATOR", "geo": "REF_AREA", "period": "TIME_PERIOD", "value": "OBS_VALUE",
    "status": "OBS_STATUS", "confidentiality": "CONF_STATUS",
}  # fmt: skip
STRUCTURES = {"dataflow", "datastructure", "dataprovision"}
ACTIONS = {"", "I", "A", "R", "M"}
DELETE = "D"
_PEEK = 64 * 1024
NIS_CODE = re.compile(r"\d{5}")
IMPLIED_KEY = "_implied"  # the row had no OBS_STATUS: skipped when the platform computes such a figure


def is_sdmx(handle: BinaryIO) -> bool:
    """Whether the file's header is SDMX-CSV's (its first column is STRUCTURE); the handle is left at its
    start."""
    start = handle.tell()
    head = handle.read(_PEEK)
    handle.seek(start)
    lines = head.removeprefix(b"\xef\xbb\xbf").splitlines()
    if lines and lines[0].strip().lower().startswith(b"sep="):
        lines = lines[1:]
    header = lines[0].lower().lstrip(b'"') if lines else b""
    return header.startswith(b"structure") and header[9:10] in (b",", b";", b"\t", b'"')


def _number(raw: str) -> Decimal | str:
    """OBS_VALUE as SDMX writes it (a full stop before the decimals: 2.125 is two and an eighth); any
    other text goes on to the import's number reading, which says what is wrong with it."""
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return raw
    return value if value.is_finite() else raw


class SdmxRows:
    """The stream of (line, row) of an SDMX-CSV file in the import's columns, counting what it skips."""

    def __init__(self, handle: BinaryIO):
        try:
            self.header, self._rows = read_rows(handle, required=REQUIRED, optional=OPTIONAL)
        except FileProblem as problem:
            problem.column = problem.column.upper() if problem.column else None
            raise
        self.skipped = 0

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        for number, cells in self._rows:
            structure, action = cells["structure"].lower(), cells["action"].upper()
            if structure not in STRUCTURES:
                raise FileProblem(
                    number,
                    "STRUCTURE",
                    f"'{cells['structure'][:40]}' is geen SDMX-structuur (verwacht: dataflow)",
                )
            if action == DELETE:
                raise FileProblem(
                    number, "ACTION",
                    "ACTION D (verwijderen) wordt niet ondersteund: een import wist nooit cijfers. Laat deze "
                    "rijen weg, of geef een cijfer dat niet meer geldt opnieuw op met status O (ontbreekt)",
                )  # fmt: skip
            if action not in ACTIONS:
                raise FileProblem(
                    number, "ACTION", f"onbekende ACTION '{cells['action'][:10]}': kies I, A, R of M"
                )
            status = cells.get("obs_status", "")
            computed = status == "" and (
                cells.get("comment_obs") or not NIS_CODE.fullmatch(cells["ref_area"])
            )
            if cells["obs_value"] == "" or computed:
                self.skipped += 1  # a cell without a figure, or one the platform computes
                continue
            yield number, {
                "indicator": cells["indicator"], "geo": cells["ref_area"], "period": cells["time_period"],
                "value": _number(cells["obs_value"]), "status": status or "A",
                "confidentiality": cells.get("conf_status", ""), COLUMNS_KEY: NAMES,
                IMPLIED_KEY: status == "",
            }  # fmt: skip


def read_sdmx_rows(handle: BinaryIO) -> tuple[list[str], SdmxRows]:
    """(header, rows) as csvfile.read_rows gives them; FileProblem for a header that is not SDMX-CSV's."""
    rows = SdmxRows(handle)
    return rows.header, rows
