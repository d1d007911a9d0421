"""A theme's dossier, the state of the art city by city: per organisation its items on the theme, and
what the modules above the Kennisbank add to it (the Netwerk: the people who work on it; the
Vraagbaak: the answers to survey rounds on it).

Those modules register a `DossierSection` when their app is ready, so this module imports none of them
(docs/decisions/0011-apps-depend-downwards.md). A section answers for every organisation at once, so a
dossier costs the same number of queries for one city as for fourteen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from stadskennis.core.models import Organisation, Theme
from stadskennis.core.visibility import visible_related
from stadskennis.knowledge.models import KnowledgeItem, ThemeDossier

ITEMS_SHOWN = 5  # per city; the rest is one click away in the filtered list
MEMBER_KINDS = [Organisation.Kind.CENTRE_CITY, Organisation.Kind.VGC]


@dataclass(frozen=True)
class DossierEntry:
    """One line of a city's block: a person, an answer to a survey round."""

    title: str
    url: str = ""
    note: str = ""  # why it is here: "contact person for …", "answered on …"
    details: tuple[str, ...] = ()  # a few short lines under it (an answer or two)


@dataclass(frozen=True)
class DossierSection:
    """What a module adds to every dossier. `contributions(user=, theme=)` returns organisation id →
    entries, best first, holding only what `user` may see; `themes_with_content(user=)` querysets of
    the ids of the themes on which it has something for `user` (subqueries of `themes_offered`, so a
    theme with nothing is not offered as a link)."""

    key: str
    heading: str
    contributions: Callable[..., dict[int, list[DossierEntry]]]
    themes_with_content: Callable[..., list[QuerySet]]
    order: int = 100
    shown: int = 3  # entries per city


_SECTIONS: dict[str, DossierSection] = {}


def register_dossier_section(section: DossierSection) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[DossierSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


@dataclass
class Contribution:
    section: DossierSection
    entries: list[DossierEntry]

    @property
    def shown(self) -> list[DossierEntry]:
        return self.entries[: self.section.shown]

    @property
    def more(self) -> int:
        return max(0, len(self.entries) - self.section.shown)


@dataclass
class City:
    """One organisation in the dossier: its block and its row of the overview."""

    organisation: Organisation
    items: list[KnowledgeItem] = field(default_factory=list)  # newest first
    contributions: list[Contribution] = field(default_factory=list)
    cells: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, label, n)
    section_cells: list[tuple[DossierSection, int]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"stad-{self.organisation.slug}"

    @property
    def shown_items(self) -> list[KnowledgeItem]:
        return self.items[:ITEMS_SHOWN]

    @property
    def more_items(self) -> int:
        return max(0, len(self.items) - ITEMS_SHOWN)

    @property
    def has_content(self) -> bool:
        return bool(self.items or self.contributions)


def newest_first(items):
    """The year an item is about, then when it was added: the order of the item list."""
    return items.order_by(F("year").desc(nulls_last=True), "-created_at", "-id")


def dossier(*, user, theme: Theme) -> dict:
    """'Hoe zit het met thema X in de steden?': the editors' summary and key items, a block per city
    with what `user` may see, and the overview of organisations × kinds."""
    record = ThemeDossier.objects.filter(theme=theme).first()
    visible = KnowledgeItem.objects.visible_to(user).filter(themes=theme)
    items = {
        item.pk: item
        for item in newest_first(visible).only(
            "pk", "title", "kind", "outcome", "year", "created_at", "visibility"
        )
    }
    key_items = (
        list(newest_first(visible_related(user, record.key_items)).select_related("owner")) if record else []
    )
    key_ids = {item.pk for item in key_items}
    for item in items.values():
        item.is_key = item.pk in key_ids
    by_organisation: dict[int, list[KnowledgeItem]] = {}
    links = KnowledgeItem.organisations.through.objects.filter(knowledgeitem__in=visible.values("pk"))
    for item_id, organisation_id in links.values_list("knowledgeitem_id", "organisation_id"):
        by_organisation.setdefault(organisation_id, []).append(items[item_id])
    position = {pk: n for n, pk in enumerate(items)}  # newest first
    for listed in by_organisation.values():
        listed.sort(key=lambda item: position[item.pk])
    found = [(section, section.contributions(user=user, theme=theme)) for section in sections()]
    with_content = set(by_organisation).union(*(set(c) for _s, c in found))
    organisations = Organisation.objects.filter(Q(kind__in=MEMBER_KINDS) | Q(pk__in=with_content))
    kinds = [
        (k, label) for k, label in KnowledgeItem.Kind.choices if any(i.kind == k for i in items.values())
    ]
    cities = []
    for organisation in sorted(organisations, key=lambda o: (o.kind not in MEMBER_KINDS, o.name)):
        city = City(organisation=organisation, items=by_organisation.get(organisation.pk, []))
        for section, contributions in found:
            entries = contributions.get(organisation.pk, [])
            city.section_cells.append((section, len(entries)))
            if entries:
                city.contributions.append(Contribution(section, entries))
        city.cells = [(k, label, sum(1 for i in city.items if i.kind == k)) for k, label in kinds]
        cities.append(city)
    return {
        "theme": theme,
        "dossier": record,
        "key_items": key_items,
        "item_count": len(items),
        "kinds": kinds,
        "sections": [section for section, _c in found],
        "cities": cities,
        "blocks": [city for city in cities if city.has_content],
        "silent": [city.organisation for city in cities if not city.has_content],
    }


def themes_offered(*, user):
    """The themes whose dossier shows `user` something: only these are offered as links. One query,
    however many sections are registered (each adds a subquery)."""
    visible = KnowledgeItem.objects.visible_to(user).values("pk")
    rule = Q(pk__in=KnowledgeItem.themes.through.objects.filter(knowledgeitem__in=visible).values("theme_id"))
    rule |= Q(pk__in=ThemeDossier.objects.exclude(introduction="").values("theme_id"))
    for section in sections():
        for theme_ids in section.themes_with_content(user=user):
            rule |= Q(pk__in=theme_ids)
    return Theme.objects.filter(rule)


def themes_with_content(*, user) -> set[int]:
    return set(themes_offered(user=user).values_list("pk", flat=True))
