"""Loads the reference data (organisations, NIS codes, themes, periods) idempotently.

The data lives in reference/reference.json, drawn from the centre's own documents and Statbel's
list of NIS codes; running the loader again updates rows in place and never duplicates them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.db import transaction

from stadskennis.core.models import Organisation, OrganisationCode, Period, ProgrammeLine, Theme
from stadskennis.core.outbox import record_change

REFERENCE_FILE = Path(__file__).parent / "reference" / "reference.json"

# Modules above core add their own reference data (Stad in cijfers: geography and population) here, in
# their AppConfig.ready; each loader runs after core's and returns its counts (decision 0011).
_LOADERS: list[Callable[[], dict[str, int]]] = []


def register_reference_loader(loader: Callable[[], dict[str, int]]) -> None:
    if loader not in _LOADERS:
        _LOADERS.append(loader)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _programme_line(period, row: dict, position: int, *, parent, previous: dict) -> ProgrammeLine:
    """A line (or a sub-programme) of `period`; one that continues the previous period's line of the
    same name, or the one its row names, is linked to it. The description is kept once an editor made
    it their own (only an empty one is filled)."""
    continues = previous.get(row.get("continues", row["name"]))
    line, created = ProgrammeLine.objects.get_or_create(
        period=period,
        name=row["name"],
        defaults={"description": row.get("description", ""), "position": position, "parent": parent},
    )
    changed = []
    if not created:
        for field, value in (("position", position), ("parent", parent)):
            if getattr(line, field) != value:
                setattr(line, field, value)
                changed.append(field)
        if not line.description and row.get("description"):
            line.description = row["description"]
            changed.append("description")
    if continues is not None and line.continues_id is None:
        line.continues = continues
        changed.append("continues")
    if changed:
        line.save(update_fields=changed)
    return line


@transaction.atomic
def reference_load(*, path: Path = REFERENCE_FILE) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["organisations"]:
        org, created = Organisation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "short_name": row.get("short_name") or "",
                "kind": row["kind"],
                "website": row.get("website") or "",
            },
        )
        if not created:
            record_change(org)  # a renamed organisation reaches the documents that carry its name
        for code in row.get("codes", []):
            OrganisationCode.objects.update_or_create(
                code=code["code"],
                valid_from=_day(code["valid_from"]),
                defaults={"organisation": org, "valid_until": _day(code.get("valid_until"))},
            )
    themes = {}
    for row in data["themes"]:
        themes[row["slug"]], created = Theme.objects.update_or_create(
            slug=row["slug"],
            defaults={"name": row["name"], "kind": row["kind"], "description": row.get("description", "")},
        )
        if not created:
            record_change(themes[row["slug"]])
    lines = 0
    previous: dict[str, ProgrammeLine] = {}  # the last period's lines by name
    for row in data["periods"]:
        period, _ = Period.objects.update_or_create(
            name=row["name"], defaults={"start_year": row["start_year"], "end_year": row["end_year"]}
        )
        current: dict[str, ProgrammeLine] = {}
        for position, line_row in enumerate(row["programme_lines"]):
            line = _programme_line(period, line_row, position, parent=None, previous=previous)
            line.themes.set([themes[slug] for slug in line_row.get("themes", [])])
            current[line.name] = line
            lines += 1
            for sub_position, sub_row in enumerate(line_row.get("sub_programmes", [])):
                sub = _programme_line(period, sub_row, sub_position, parent=line, previous=previous)
                sub.themes.set(line.themes.all())
                current[sub.name] = sub
                lines += 1
        previous = current
    counts = {
        "organisations": len(data["organisations"]),
        "themes": len(themes),
        "periods": len(data["periods"]),
        "programme_lines": lines,
    }
    for loader in _LOADERS:
        counts.update(loader())
    return counts
