"""What a dossier site shows: its public entries, narrowed by the facets a visitor chose, the counts
per facet value, and the map of entries per municipality. A site holds tens to hundreds of entries,
so the facets are counted in Python over one query, and the visibility comes from the Kennisbank's
own rule for what anyone may read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.dossiers.models import VALUE_LENGTH, DossierEntry, DossierField, DossierSite
from stadskennis.indicators.geometry import code_on_map_2025, map_geometry
from stadskennis.indicators.selectors import municipality_by_code
from stadskennis.knowledge.selectors import public_items

MUNICIPALITY = "gemeente"  # the query parameter of the municipality facet
QUERY = "zoek"
SHADES = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")  # 1, 2, 3–4, 5 or more entries
NONE = "#f0f0f0"


def values_of(entry: DossierEntry, dossier_field: DossierField) -> list[str]:
    """The entry's values of one field, each once (the admin checks them; a row from before is read
    as kindly as it can)."""
    values = entry.values if isinstance(entry.values, dict) else {}
    raw = str(values.get(dossier_field.key, "") or "").strip()
    if not raw:
        return []
    parts = raw.split(";") if dossier_field.several else [raw]
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


def place_of(entry: DossierEntry) -> str | None:
    """The entry's municipality as the 2025 map draws it: the NIS code after the mergers."""
    return code_on_map_2025(entry.municipality.code) if entry.municipality else None


def _names_2025(codes) -> dict[str, str]:
    today = timezone.localdate()
    return {code: area.name for code in codes if (area := municipality_by_code(code, today)) is not None}


def public_entries(site: DossierSite) -> list[DossierEntry]:
    """The entries whose item anyone may read, newest first."""
    public = public_items().filter(pk__in=site.entries.values("item_id"))
    return list(
        site.entries.filter(item__in=public)
        .select_related("item", "municipality")
        .order_by("-added_at", "pk")
    )


@dataclass
class Facet:
    key: str
    label: str
    chosen: str
    values: list[tuple[str, str, int]] = field(default_factory=list)  # value, its label, entries


@dataclass
class Browse:
    entries: list[DossierEntry]
    total: int
    facets: list[Facet]
    query: str
    chosen: dict[str, str]


def browse(site: DossierSite, params) -> Browse:
    """The entries matching every chosen facet value (and the words of `zoek`); each facet counts
    the entries matching the other choices, so a visitor sees what each click would give."""
    fields = [f for f in site.fields.all() if f.facet]
    everything = public_entries(site)
    chosen = {f.key: params.get(f.key, "")[: VALUE_LENGTH + 1] for f in fields if params.get(f.key)}
    municipality = params.get(MUNICIPALITY, "")[:10]
    if municipality:
        chosen[MUNICIPALITY] = municipality
    query = " ".join(params.get(QUERY, "")[:200].split())

    def matches(entry: DossierEntry, skip: str = "") -> bool:
        for key, value in chosen.items():
            if key == skip:
                continue
            if key == MUNICIPALITY:
                if place_of(entry) != value:
                    return False
            elif value not in values_of(entry, next(f for f in fields if f.key == key)):
                return False
        if query:
            text = f"{entry.item.title} {entry.item.summary}".lower()
            return all(word.lower() in text for word in query.split())
        return True

    facets = []
    for dossier_field in fields:
        counts = Counter(
            value
            for entry in everything
            if matches(entry, skip=dossier_field.key)
            for value in values_of(entry, dossier_field)
        )
        facets.append(
            Facet(
                dossier_field.key,
                dossier_field.label,
                chosen.get(dossier_field.key, ""),
                [(value, value, n) for value, n in sorted(counts.items())],
            )
        )
    places = Counter(
        place_of(entry) for entry in everything if entry.municipality and matches(entry, skip=MUNICIPALITY)
    )
    names = _names_2025(places)
    rows = sorted(((code, names.get(code, code), n) for code, n in places.items()), key=lambda row: row[1])
    facets.append(Facet(MUNICIPALITY, _("Municipality"), municipality, rows))
    shown = [entry for entry in everything if matches(entry)]
    return Browse(entries=shown, total=len(everything), facets=facets, query=query, chosen=chosen)


@dataclass
class MapArea:
    code: str
    path: str
    fill: str
    title: str
    count: int


def entry_map(entries: list[DossierEntry]) -> dict:
    """Every municipality of Flanders and Brussels on the 2025 map, shaded by its number of entries."""
    geometry = map_geometry("2025")
    counts = Counter(place_of(entry) for entry in entries if entry.municipality)
    names = _names_2025(counts)
    areas = []
    for code, path in geometry.paths.items():
        count = counts.get(code, 0)
        fill = NONE if not count else SHADES[0 if count == 1 else 1 if count == 2 else 2 if count <= 4 else 3]
        title = f"{names.get(code, code)}: {count}" if count else ""
        areas.append(MapArea(code=code, path=path, fill=fill, title=title, count=count))
    return {
        "viewbox": " ".join(str(n) for n in geometry.viewbox),
        "areas": areas,
        "source": geometry.source,
        "licence": geometry.licence,
        "places": sorted(((names.get(c, c), c, n) for c, n in counts.items()), key=lambda row: row[0]),
        "shades": [(SHADES[0], "1"), (SHADES[1], "2"), (SHADES[2], "3–4"), (SHADES[3], _("5 or more"))],
    }


def new_entries_since(since) -> list[tuple[DossierSite, list[DossierEntry]]]:
    """For the newsletter's slot: each site with public entries added since `since`, newest first."""
    public = public_items()
    entries = (
        DossierEntry.objects.filter(added_at__gte=since, item__in=public)
        .select_related("site", "item")
        .order_by("-added_at", "pk")
    )
    by_site: dict[int, tuple[DossierSite, list[DossierEntry]]] = {}
    for entry in entries[:500]:
        by_site.setdefault(entry.site_id, (entry.site, []))[1].append(entry)
    return list(by_site.values())


def sites_with_public_entries(ids) -> set[int]:
    """Which of these sites still show anything (a newsletter's slot links only to one that does)."""
    return set(
        DossierEntry.objects.filter(site_id__in=ids, item__in=public_items()).values_list(
            "site_id", flat=True
        )
    )
