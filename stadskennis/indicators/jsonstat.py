"""An indicator's figures as a JSON-stat 2.0 dataset (https://json-stat.org/format/).

Three dimensions, `indicator` (role metric, with the unit and decimals), `geo` (role geo) and `time`
(role time); `value` in row-major order (the last dimension varies fastest), `null` where there is no
figure, and `status` the SDMX OBS_STATUS of each cell that has one. What JSON-stat has no field for
(the confidentiality, coverage and the reason a cell is empty) is in `extension`, keyed by the cell's
position in `value`, as the format allows.
"""

from __future__ import annotations

from stadskennis.indicators.codes import CONF_STATUS, FREE, OBS_STATUS
from stadskennis.indicators.opendata import Cells

LEVELS = {
    "municipality": "gemeente",
    "arrondissement": "arrondissement",
    "province": "provincie",
    "region": "gewest",
    "group": "groep",
}


def dataset(cells: Cells, *, href: str) -> dict:
    indicator = cells.indicator
    geos, periods = cells.geos, [period for period, _start in cells.periods]
    values, status, confidentiality, notes, coverage = [], {}, {}, {}, {}
    for position, cell in enumerate(cells):
        values.append(None if cell.value is None else float(cell.value))
        key = str(position)
        if cell.status:
            status[key] = cell.status
        if cell.confidentiality != FREE:
            confidentiality[key] = cell.confidentiality
        if cell.note:
            notes[key] = cell.note
        if cell.computed and cell.coverage is not None:
            coverage[key] = float(cell.coverage)
    notes_on_dataset = [f"Bron: {indicator.source}" if indicator.source else "", indicator.licence]
    if cells.boundaries:
        notes_on_dataset.append(f"Cijfers op de gemeentegrenzen van {cells.boundaries}.")
    return {
        "version": "2.0",
        "class": "dataset",
        "href": href,
        "label": indicator.name,
        "source": indicator.source,
        "note": [n for n in notes_on_dataset if n],
        "id": ["indicator", "geo", "time"],
        "size": [1, len(geos), len(periods)],
        "role": {"metric": ["indicator"], "geo": ["geo"], "time": ["time"]},
        "dimension": {
            "indicator": {
                "label": "indicator",
                "category": {
                    "index": [indicator.code],
                    "label": {indicator.code: indicator.name},
                    "unit": {indicator.code: {"label": indicator.unit, "decimals": indicator.decimals}},
                },
            },
            "geo": {
                "label": "gebied",
                "category": {
                    "index": [g.key for g in geos],
                    "label": {g.key: g.name for g in geos},
                },
            },
            "time": {
                "label": "periode",
                "category": {"index": periods, "label": {p: p for p in periods}},
            },
        },
        "value": values,
        "status": status,
        "extension": {
            "boundaries": cells.boundaries,
            "geo_level": {g.key: LEVELS.get(g.level, g.level) for g in geos},
            "confidentiality": confidentiality,
            "coverage": coverage,
            "notes": notes,
            "codes": {"status": OBS_STATUS, "confidentiality": CONF_STATUS},
        },
    }
