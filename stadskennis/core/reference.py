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
from django.db.models import Model
from django.utils import timezone

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


def upsert(model, rows: list[dict], *, key: str | tuple[str, ...]) -> tuple[dict, list]:
    """Rows of `model` (field values by name, the `key` fields among them) created or brought up to
    date in three queries: `({key value: object}, [objects that changed])`, a key of several fields
    giving tuples. Reference data is loaded on every `load-reference` and in hundreds of tests; one
    `update_or_create` per row made that thousands of queries."""
    names = (key,) if isinstance(key, str) else key
    candidates = model.objects.filter(**{f"{names[0]}__in": {row[names[0]] for row in rows}})
    existing = {tuple(_stored(obj, name) for name in names): obj for obj in candidates}
    new, changed, fields = [], [], set()
    for row in rows:
        obj = existing.get(tuple(_stored_as(model, name, row[name]) for name in names))
        if obj is None:
            obj = model(**row)
            existing[tuple(_stored(obj, name) for name in names)] = obj
            new.append(obj)
            continue
        differs = [
            name for name, value in row.items() if _stored(obj, name) != _stored_as(model, name, value)
        ]
        for name in differs:
            setattr(obj, name, row[name])
        if differs and not obj._state.adding:  # a row repeated in the file: its last values are inserted
            changed.append(obj)
            fields.update(differs)
    model.objects.bulk_create(new)
    if changed:
        if hasattr(model, "updated_at"):
            fields.add("updated_at")  # what a save sets (auto_now), which bulk_update leaves alone
            for obj in changed:
                obj.updated_at = timezone.now()
        model.objects.bulk_update(changed, sorted(fields))
    return {(k[0] if isinstance(key, str) else k): obj for k, obj in existing.items()}, changed


def _stored(obj, name: str):
    """What `obj` holds in the column of field `name` (a related row's id, not the row)."""
    return getattr(obj, obj._meta.get_field(name).attname)


def _stored_as(model, name: str, value):
    """`value` as the column of field `name` holds it: a row's id, a date for "2025-01-01"."""
    return value.pk if isinstance(value, Model) else model._meta.get_field(name).to_python(value)


def _programme_line(period, row: dict, position: int, *, parent, previous: dict, existing: dict):
    """A line (or a sub-programme) of `period`; one that continues the previous period's line of the
    same name, or the one its row names, is linked to it. The description is kept once an editor made
    it their own (only an empty one is filled)."""
    continues = previous.get(row.get("continues", row["name"]))
    line = existing.get(row["name"])
    if line is None:
        existing[row["name"]] = line = ProgrammeLine.objects.create(
            period=period, name=row["name"], description=row.get("description", ""),
            position=position, parent=parent, continues=continues,
        )  # fmt: skip
        return line
    changed = []
    for field, value in (("position", position), ("parent_id", parent.pk if parent else None)):
        if getattr(line, field) != value:
            setattr(line, field, value)
            changed.append(field.removesuffix("_id"))
    if not line.description and row.get("description"):
        line.description = row["description"]
        changed.append("description")
    if continues is not None and line.continues_id is None:
        line.continues = continues
        changed.append("continues")
    if changed:
        line.save(update_fields=changed)
    return line


def _set_line_themes(wanted: dict[int, set[int]]) -> None:
    """Each line's themes made exactly `wanted[line id]` (theme ids), in three queries for all lines."""
    links = ProgrammeLine.themes.through
    rows = links.objects.filter(programmeline_id__in=wanted).values_list("id", "programmeline_id", "theme_id")
    have = {(line, theme): link for link, line, theme in rows}
    want = {(line, theme) for line, themes in wanted.items() for theme in themes}
    links.objects.filter(id__in=[link for pair, link in have.items() if pair not in want]).delete()
    links.objects.bulk_create(
        [links(programmeline_id=line, theme_id=theme) for line, theme in want - set(have)]
    )


@transaction.atomic
def reference_load(*, path: Path = REFERENCE_FILE) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    organisations, renamed = upsert(
        Organisation,
        [
            {
                "slug": row["slug"],
                "name": row["name"],
                "short_name": row.get("short_name") or "",
                "kind": row["kind"],
                "website": row.get("website") or "",
            }
            for row in data["organisations"]
        ],
        key="slug",
    )
    upsert(
        OrganisationCode,
        [
            {
                "code": code["code"],
                "valid_from": _day(code["valid_from"]),
                "organisation": organisations[row["slug"]],
                "valid_until": _day(code.get("valid_until")),
            }
            for row in data["organisations"]
            for code in row.get("codes", [])
        ],
        key=("code", "valid_from"),
    )
    themes, rethemed = upsert(
        Theme,
        [
            {
                "slug": row["slug"],
                "name": row["name"],
                "kind": row["kind"],
                "description": row.get("description", ""),
            }
            for row in data["themes"]
        ],
        key="slug",
    )
    for changed in (*renamed, *rethemed):
        record_change(changed)  # a renamed organisation or theme reaches the documents that carry it
    periods, _changed = upsert(
        Period,
        [
            {"name": row["name"], "start_year": row["start_year"], "end_year": row["end_year"]}
            for row in data["periods"]
        ],
        key="name",
    )
    existing_lines: dict[int, dict[str, ProgrammeLine]] = {}
    for line in ProgrammeLine.objects.filter(period__in=periods.values()):
        existing_lines.setdefault(line.period_id, {})[line.name] = line
    line_themes: dict[int, set[int]] = {}
    lines = 0
    previous: dict[str, ProgrammeLine] = {}  # the last period's lines by name
    for row in data["periods"]:
        period = periods[row["name"]]
        existing = existing_lines.get(period.pk, {})
        current: dict[str, ProgrammeLine] = {}
        for position, line_row in enumerate(row["programme_lines"]):
            line = _programme_line(
                period, line_row, position, parent=None, previous=previous, existing=existing
            )
            line_themes[line.pk] = {themes[slug].pk for slug in line_row.get("themes", [])}
            current[line.name] = line
            lines += 1
            for sub_position, sub_row in enumerate(line_row.get("sub_programmes", [])):
                sub = _programme_line(
                    period, sub_row, sub_position, parent=line, previous=previous, existing=existing
                )
                line_themes[sub.pk] = line_themes[line.pk]
                current[sub.name] = sub
                lines += 1
        previous = current
    _set_line_themes(line_themes)
    counts = {
        "organisations": len(data["organisations"]),
        "themes": len(themes),
        "periods": len(data["periods"]),
        "programme_lines": lines,
    }
    for loader in _LOADERS:
        counts.update(loader())
    return counts
