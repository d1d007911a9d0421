"""A dashboard's data twins: every figure its tiles show this viewer, as CSV (one row per figure), XLSX
(a sheet per tile, indicators/twins_xlsx.py) and JSON (per tile), in the indicator page's columns and
notation (indicators/twins.py) with the tile, its indicator, and a ranking's place and comparison
added."""

from __future__ import annotations

from stadskennis.dashboards.tiles import TileView
from stadskennis.indicators.twins import CSV_FIELDS, cell_json, csv_row, csv_text
from stadskennis.indicators.twins_xlsx import Sheet

FIELDS = ["tegel", "tegelsoort", "indicator", *CSV_FIELDS, "rang", "vergelijking"]


def dashboard_json(dashboard, views: list[TileView], *, focus) -> dict:
    return {
        "dashboard": {
            "slug": dashboard.slug,
            "title": dashboard.title,
            "description": dashboard.description,
            "themes": [t.slug for t in dashboard.themes.all()],
            "owner": dashboard.owner.slug if dashboard.owner_id else None,
            "municipality": {"geo": focus.code, "name": focus.name} if focus else None,
        },
        "tiles": [
            {
                "position": view.number,
                "kind": view.tile.kind,
                "indicator": {
                    "code": view.indicator.code, "name": view.indicator.name, "unit": view.indicator.unit,
                    "direction": view.indicator.direction, "demo": view.indicator.is_demo,
                },
                "period": view.period or view.missing or None,  # missing: no figures in it
                "figures": [
                    {
                        "geo": s.geo, "name": s.name, "kind": s.kind, "period": s.period, **cell_json(s.cell),
                        "rank": s.rank, "comparison": s.comparison or None,
                    }
                    for s in view.shown
                ],
            }
            for view in views
        ],
    }  # fmt: skip


def _rows(view: TileView) -> list[dict]:
    return [
        {
            "tegel": view.number, "tegelsoort": view.tile.kind, "indicator": view.indicator.code,
            **csv_row(s.geo, s.name, s.kind, s.period, s.cell),
            "rang": "" if s.rank is None else s.rank, "vergelijking": s.comparison,
        }
        for s in view.shown
    ]  # fmt: skip


def dashboard_csv(views: list[TileView]) -> str:
    return csv_text((row for view in views for row in _rows(view)), FIELDS)


def dashboard_sheets(views: list[TileView]) -> list[Sheet]:
    """The XLSX twin: a sheet per tile, in the CSV twin's columns."""
    sheets = []
    for view in views:
        rows = [[row[name] for name in FIELDS] for row in _rows(view)]
        title = f"{view.number} {view.indicator.name}"
        sheets.append(
            Sheet(title, FIELDS, rows, [view.indicator.decimals] * len(rows), (FIELDS.index("waarde"),))
        )
    return sheets
