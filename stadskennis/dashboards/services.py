"""Writes to dashboards: each one audited. Who may write is decided by the views through
core.visibility (`can_edit_owned`); these functions only keep the dashboard consistent (tiles numbered
1, 2, 3 … without gaps, at most MAX_TILES of them)."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.dashboards.models import MAX_TILES, Dashboard, Tile

RESERVED_SLUGS = {"nieuw"}  # addresses of the app's own pages
SLUG_ATTEMPTS = 5


def _free_slug(title: str) -> str:
    base = slugify(title)[:70] or "dashboard"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Dashboard.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _create_with_free_slug(title: str, **fields) -> Dashboard:
    """Two dashboards made at once with one title both find the same free slug: the second insert
    fails on the unique slug, inside its own savepoint, and tries again with the next free one (the
    last attempt with a random suffix)."""
    for _attempt in range(SLUG_ATTEMPTS - 1):
        try:
            with transaction.atomic():
                return Dashboard.objects.create(title=title, slug=_free_slug(title), **fields)
        except IntegrityError:
            continue  # taken in the meantime: the next free one
    slug = f"{_free_slug(title)[:70]}-{secrets.token_hex(3)}"
    return Dashboard.objects.create(title=title, slug=slug, **fields)


@transaction.atomic
def dashboard_create(
    *, actor, title: str, owner=None, visibility: str, description: str = "", themes=(), area=None
) -> Dashboard:
    dashboard = _create_with_free_slug(
        title, description=description, area=area, owner=owner, visibility=visibility,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )  # fmt: skip
    dashboard.themes.set(themes)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=dashboard)
    return dashboard


@transaction.atomic
def dashboard_update(*, dashboard: Dashboard, actor, fields: dict, themes=None) -> list[str]:
    """Change the dashboard's details; returns what changed (nothing written when nothing did)."""
    changed = [name for name, value in fields.items() if getattr(dashboard, name) != value]
    for name in changed:
        setattr(dashboard, name, fields[name])
    if changed:
        dashboard.save(update_fields=[*changed, "updated_at"])
    if themes is not None and {t.pk for t in themes} != set(dashboard.themes.values_list("pk", flat=True)):
        dashboard.themes.set(themes)
        changed.append("themes")
    if changed:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=dashboard, changes={"fields": changed})
    return changed


@transaction.atomic
def dashboard_delete(*, dashboard: Dashboard, actor) -> None:
    """Delete the dashboard and its tiles (the figures are the indicators'); the audit log keeps its
    title and how many tiles it had."""
    audit_record(
        actor=actor, action=AuditEntry.Action.DELETE, obj=dashboard,
        changes={"slug": dashboard.slug, "tiles": dashboard.tiles.count()},
    )  # fmt: skip
    dashboard.delete()


def _renumber(dashboard: Dashboard, tiles: list[Tile]) -> None:
    for position, tile in enumerate(tiles, start=1):
        if tile.position != position:
            tile.position = position
            tile.save(update_fields=["position"])
    Dashboard.objects.filter(pk=dashboard.pk).update(updated_at=timezone.now())


def _tile_words(tile: Tile) -> dict:
    return {"indicator": tile.indicator.code, "kind": tile.kind, "period": tile.period}


@transaction.atomic
def tile_add(*, dashboard: Dashboard, actor, indicator, kind: str, period: str = "", area=None) -> Tile:
    """A tile at the end of the dashboard. Raises ValueError when it already holds MAX_TILES."""
    Dashboard.objects.select_for_update().filter(pk=dashboard.pk).first()  # one tile added at a time
    count = dashboard.tiles.count()
    if count >= MAX_TILES:
        raise ValueError(MAX_TILES)
    tile = Tile.objects.create(
        dashboard=dashboard, position=count + 1, indicator=indicator, kind=kind, period=period, area=area
    )
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=dashboard, changes={"tile_added": _tile_words(tile)}
    )
    return tile


@transaction.atomic
def tile_remove(*, tile: Tile, actor) -> None:
    dashboard, words = tile.dashboard, _tile_words(tile)
    tile.delete()
    _renumber(dashboard, list(dashboard.tiles.order_by("position", "pk")))
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=dashboard, changes={"tile_removed": words})


@transaction.atomic
def tile_move(*, tile: Tile, actor, up: bool) -> bool:
    """Swap the tile with the one before (`up`) or after it; False when it is already first or last."""
    dashboard = tile.dashboard
    tiles = list(dashboard.tiles.order_by("position", "pk"))
    at = next(i for i, t in enumerate(tiles) if t.pk == tile.pk)
    other = at - 1 if up else at + 1
    if not 0 <= other < len(tiles):
        return False
    tiles[at], tiles[other] = tiles[other], tiles[at]
    _renumber(dashboard, tiles)
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=dashboard,
        changes={"tile_moved": {**_tile_words(tile), "to": other + 1}},
    )  # fmt: skip
    return True
