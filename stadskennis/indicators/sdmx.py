"""An indicator's figures as SDMX-CSV 2.0: one row per observation, written as it is read.

Columns: STRUCTURE, STRUCTURE_ID and ACTION (`I`: for information), the dimensions INDICATOR,
REF_AREA (a NIS code, or a group's slug) and TIME_PERIOD (2020, 2020-Q1, 2020-01 or 2020-01-01, as
SDMX writes periods), the measure OBS_VALUE (a full stop before the decimals, no thousands separator,
empty where there is no figure), and the attributes OBS_STATUS and CONF_STATUS (SDMX's code lists) and
COMMENT_OBS (why a cell is empty, in Dutch).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal

from stadskennis.indicators.opendata import GROUP, Cells

DATAFLOW = "KVS:STAD_IN_CIJFERS(1.0)"
COLUMNS = [
    "STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REF_AREA", "TIME_PERIOD",
    "OBS_VALUE", "OBS_STATUS", "CONF_STATUS", "COMMENT_OBS",
]  # fmt: skip


class _Line:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, text: str) -> str:
        return text


def number(value: Decimal | None) -> str:
    """A plain decimal: 263927, 7.786514; never 2.6E+5 nor 263927.000000."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def ref_area(key: str) -> str:
    return key[len(GROUP) :] if key.startswith(GROUP) else key


def rows(cells: Cells) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(COLUMNS)
    code = cells.indicator.code
    for cell in cells:
        yield writer.writerow(
            [
                "dataflow", DATAFLOW, "I", code, ref_area(cell.geo.key), cell.period,
                number(cell.value), cell.status, cell.confidentiality, cell.note,
            ]
        )  # fmt: skip
