"""Import and export of knowledge items as JSON Lines (DESIGN.md §5).

Every line is checked before anything is written; by default one bad line means nothing is written,
and the report names each bad line with its field. Items are matched on their external `id`, so a
second import updates instead of duplicating. Writes go in batches through bulk operations and the
search index is fed in the same transactions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from stadskennis.core.bulk import insert_objects, insert_rows
from stadskennis.core.maintenance import refresh_planner_statistics
from stadskennis.core.models import AuditEntry, Organisation, Theme
from stadskennis.core.outbox import record_changes
from stadskennis.core.visibility import Visibility
from stadskennis.knowledge.models import SUMMARY_MAX_LENGTH, TEXT_MAX_LENGTH, Attachment, KnowledgeItem

FIELDS = {
    "id", "title", "summary", "body", "kind", "outcome", "themes", "organisations", "owner", "year", "date",
    "url", "source", "visibility", "attachments", "what_worked", "what_failed", "lessons", "period",
}  # fmt: skip
BATCH = 500


@dataclass
class LineError:
    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"regel {self.line}" + (f", veld '{self.field}'" if self.field else "")
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[LineError] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False


@dataclass
class _Row:
    line: int
    external_id: str
    fields: dict
    themes: list[Theme]
    organisations: list[Organisation]
    attachments: list[Path]


class _Lookup:
    """Themes and organisations by slug, name or NIS code, loaded once per import."""

    def __init__(self):
        self.themes = {}
        for theme in Theme.objects.all():
            self.themes[theme.slug] = theme
            self.themes[theme.name.lower()] = theme
        self.organisations = {}
        for org in Organisation.objects.prefetch_related("codes"):
            for key in (
                org.slug,
                org.name.lower(),
                org.short_name.lower(),
                *[c.code for c in org.codes.all()],
            ):
                if key:
                    self.organisations[key] = org

    def theme(self, key: str) -> Theme | None:
        return self.themes.get(str(key).strip().lower())

    def organisation(self, key) -> Organisation | None:
        return self.organisations.get(str(key).strip().lower())


TEXT_LIMITS = {"summary": SUMMARY_MAX_LENGTH, "body": TEXT_MAX_LENGTH, "what_worked": TEXT_MAX_LENGTH,
               "what_failed": TEXT_MAX_LENGTH, "lessons": TEXT_MAX_LENGTH}  # fmt: skip


def _validate(number: int, raw: str, lookup: _Lookup, base_dir: Path | None, default_owner, seen: dict):
    errors: list[LineError] = []

    def fail(field_name, message):
        errors.append(LineError(number, field_name, message))

    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        return None, [LineError(number, None, f"geen geldige JSON ({error.msg}, kolom {error.colno})")]
    if not isinstance(data, dict):
        return None, [LineError(number, None, "een regel moet één JSON-object zijn")]
    for unknown in sorted(set(data) - FIELDS):
        fail(unknown, "onbekend veld")
    external_id = str(data.get("id") or "").strip()
    if not external_id:
        fail("id", "verplicht: een vaste externe id")
    elif external_id in seen:
        fail("id", f"komt al voor op regel {seen[external_id]}")
    else:
        seen[external_id] = number
    title = str(data.get("title") or "").strip()
    if not title:
        fail("title", "verplicht")
    elif len(title) > 300:
        fail("title", "langer dan 300 tekens")
    kind = data.get("kind")
    if kind not in KnowledgeItem.Kind.values:
        fail("kind", f"moet een van {', '.join(KnowledgeItem.Kind.values)} zijn")
    outcome = data.get("outcome") or ""
    if outcome and outcome not in KnowledgeItem.Outcome.values:
        fail("outcome", f"moet een van {', '.join(KnowledgeItem.Outcome.values)} zijn")
    elif outcome and kind != "practice":
        fail("outcome", "alleen een praktijk heeft een uitkomst")
    visibility = data.get("visibility", Visibility.PUBLIC)
    if visibility not in Visibility.values:
        fail("visibility", f"moet een van {', '.join(Visibility.values)} zijn")
    themes, organisations = [], []
    for key in _list(data, "themes", fail):
        theme = lookup.theme(key)
        themes.append(theme) if theme else fail("themes", f"onbekend thema '{key}'")
    for key in _list(data, "organisations", fail):
        org = lookup.organisation(key)
        organisations.append(org) if org else fail("organisations", f"onbekende organisatie '{key}'")
    owner = default_owner
    if data.get("owner"):
        owner = lookup.organisation(data["owner"])
        if owner is None:
            fail("owner", f"onbekende organisatie '{data['owner']}'")
    if owner is None:
        fail("owner", "geef een eigenaar op")
    year, day = data.get("year"), None
    if year is not None and (not isinstance(year, int) or not 1800 <= year <= 2100):
        fail("year", "moet een jaartal zijn, bv. 2019")
    if data.get("date"):
        try:
            day = date.fromisoformat(str(data["date"]))
            year = year or day.year
        except ValueError:
            fail("date", "moet een datum zijn als 2019-05-31")
    url = str(data.get("url") or "")
    if url and not url.startswith(("http://", "https://")):
        fail("url", "moet met http:// of https:// beginnen")
    attachments = []
    for path in _list(data, "attachments", fail):
        if base_dir is None:
            fail("attachments", "bijlagen kunnen alleen met het commando import-items worden ingelezen")
            continue
        resolved = (base_dir / str(path)).resolve()
        if not resolved.is_relative_to(base_dir.resolve()):
            fail("attachments", f"pad buiten de map van het importbestand: {path}")
        elif resolved.is_file():
            attachments.append(resolved)
        else:
            fail("attachments", f"bestand niet gevonden: {path}")
    for name, limit in TEXT_LIMITS.items():
        if len(str(data.get(name) or "")) > limit:
            fail(name, f"te lang: hoogstens {limit} tekens")
    if errors:
        return None, errors
    fields = {
        "title": title,
        "summary": str(data.get("summary") or ""),
        "body": str(data.get("body") or ""),
        "kind": kind,
        "outcome": outcome,
        "owner": owner,
        "year": year,
        "url": url[:500],
        "source": str(data.get("source") or "")[:300],
        "what_worked": str(data.get("what_worked") or ""),
        "what_failed": str(data.get("what_failed") or ""),
        "lessons": str(data.get("lessons") or ""),
        "period": str(data.get("period") or "")[:100],
        "visibility": visibility,
    }
    return _Row(number, external_id, fields, themes, organisations, attachments), []


def _list(data: dict, name: str, fail) -> list:
    value = data.get(name, [])
    if value is None:
        return []
    if not isinstance(value, list):
        fail(name, "moet een lijst zijn")
        return []
    return value


def items_import(
    *,
    lines: Iterable[str],
    actor=None,
    dry_run: bool = False,
    partial: bool = False,
    base_dir: Path | None = None,
    default_owner: Organisation | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    lookup, seen, rows = _Lookup(), {}, []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        row, errors = _validate(number, raw, lookup, base_dir, default_owner, seen)
        report.errors.extend(errors)
        if row:
            rows.append(row)
    if dry_run or (report.errors and not partial):
        existing = set(
            KnowledgeItem.objects.filter(external_id__in=[r.external_id for r in rows]).values_list(
                "external_id", flat=True
            )
        )
        report.updated = sum(1 for r in rows if r.external_id in existing)
        report.created = len(rows) - report.updated
        return report
    for start in range(0, len(rows), BATCH):
        created, updated = _write_batch(rows[start : start + BATCH], actor)
        report.created += created
        report.updated += updated
        if progress:
            progress(min(start + BATCH, len(rows)), len(rows))
    report.written = True
    refresh_planner_statistics()  # the tables grew: without this SQLite plans them as if empty
    return report


@transaction.atomic
def _write_batch(rows: list[_Row], actor) -> tuple[int, int]:
    existing = {
        i.external_id: i for i in KnowledgeItem.objects.filter(external_id__in=[r.external_id for r in rows])
    }
    now = timezone.now()
    new, changed = [], []
    for row in rows:
        item = existing.get(row.external_id)
        if item is None:
            item = KnowledgeItem(external_id=row.external_id, created_by=actor, created_at=now, **row.fields)
            new.append(item)
        else:
            for name, value in row.fields.items():
                setattr(item, name, value)
            item.deleted_at = None
            changed.append(item)
    insert_objects(new, key="external_id")
    if changed:
        KnowledgeItem.objects.bulk_update(changed, [*rows[0].fields.keys(), "deleted_at"])
    items = {i.external_id: i for i in new + changed}
    ids = [i.pk for i in items.values()]
    _replace_links(
        KnowledgeItem.themes.through, "theme_id", {items[r.external_id].pk: r.themes for r in rows}
    )
    _replace_links(
        KnowledgeItem.organisations.through,
        "organisation_id",
        {items[r.external_id].pk: r.organisations for r in rows},
    )
    for row in rows:
        for path in row.attachments:
            _attach(items[row.external_id], path)
    content_type = ContentType.objects.get_for_model(KnowledgeItem).pk
    by = actor.pk if actor and actor.is_authenticated else None
    insert_rows(
        AuditEntry,
        ("created_at", "actor", "action", "content_type", "object_id", "object_repr", "changes"),
        (
            (
                now,
                by,
                AuditEntry.Action.IMPORT.value,
                content_type,
                str(item.pk),
                item.title[:300],
                {"external_id": item.external_id},
            )
            for item in items.values()
        ),
    )
    record_changes(KnowledgeItem, ids)
    return len(new), len(changed)


def _replace_links(through, target: str, links: dict[int, list]) -> None:
    """Set many-to-many links of many items at once: delete theirs, insert the new (duplicates once)."""
    through.objects.filter(knowledgeitem_id__in=list(links)).delete()
    pairs = {(item_id, obj.pk) for item_id, objects in links.items() for obj in objects}
    insert_rows(through, ("knowledgeitem", target.removesuffix("_id")), sorted(pairs))


def _attach(item: KnowledgeItem, path: Path) -> None:
    from stadskennis.knowledge.tasks import extract_attachment_text

    if item.attachments.filter(original_name=path.name).exists():
        return
    attachment = Attachment(item=item, original_name=path.name, size=path.stat().st_size)
    with path.open("rb") as handle:
        attachment.file.save(path.name, File(handle), save=True)
    extract_attachment_text.enqueue(attachment.pk)


def items_export(*, queryset=None) -> Iterator[str]:
    """The same format back: one JSON object per line, attachments as their stored names."""
    queryset = queryset if queryset is not None else KnowledgeItem.objects.alive()
    queryset = queryset.select_related("owner").prefetch_related("themes", "organisations", "attachments")
    for item in queryset.order_by("pk").iterator(chunk_size=1000):
        record = {
            "id": item.external_id or f"stadskennis:{item.pk}",
            "title": item.title,
            "summary": item.summary,
            "body": item.body,
            "kind": item.kind,
            "outcome": item.outcome or None,
            "themes": [t.slug for t in item.themes.all()],
            "organisations": [o.slug for o in item.organisations.all()],
            "owner": item.owner.slug,
            "year": item.year,
            "url": item.url or None,
            "source": item.source or None,
            "what_worked": item.what_worked or None,
            "what_failed": item.what_failed or None,
            "lessons": item.lessons or None,
            "period": item.period or None,
            "visibility": item.visibility,
            "attachments": [a.file.name for a in item.attachments.all()],
        }
        yield json.dumps({k: v for k, v in record.items() if v not in (None, "", [])}, ensure_ascii=False)
