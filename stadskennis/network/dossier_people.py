"""The people who work on a theme, for the theme's dossier, city by city.

The expert finder's evidence (contact persons of items, workgroup leads and members, declared
expertise, and what the Vraagbaak registers: experts named in answers, askers, survey answers) read
from everything on the theme the viewer may see, instead of from the matches of a search. Which
relation holds an object's themes is what its search provider declares (`carries["core.theme"]`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from stadskennis.core.visibility import visible_filter
from stadskennis.knowledge.dossier import DossierEntry, DossierSection
from stadskennis.network.expertise import evidence_depths, experts_from
from stadskennis.search.registry import provider

PEOPLE_READ = 200  # the best this many people over all organisations; a block shows three
EVIDENCE_SHOWN = 2


def _on_theme(user, theme=None):
    """Per module with evidence, its objects `user` may see that carry `theme` (every theme: None),
    as (module key, queryset, theme path)."""
    for key in evidence_depths():
        source = provider(key)
        path = getattr(source, "carries", {}).get("core.theme")
        if not path:
            continue
        rows = source.indexable()  # what search shows: alive, no erased people
        if hasattr(source.model, "visibility"):
            rows = rows.filter(visible_filter(user, model=source.model))
        yield key, rows if theme is None else rows.filter(**{path: theme}), path


def _positions(*, user, theme) -> dict[str, dict[str, int]]:
    depths = evidence_depths()
    positions = {}
    for key, rows, _path in _on_theme(user, theme):
        newest = rows.order_by("-pk").values_list("pk", flat=True).distinct()[: depths[key]]
        positions[key] = {str(pk): rank for rank, pk in enumerate(newest)}
    return positions


def _why(expert) -> tuple[str, ...]:
    lines = []
    for evidence in expert.shown_evidence[:EVIDENCE_SHOWN]:
        lines.append(f"{evidence.label}: {evidence.title}" if evidence.title else evidence.label)
    return tuple(lines)


def contributions(*, user, theme) -> dict[int, list[DossierEntry]]:
    found: dict[int, list[DossierEntry]] = {}
    for expert in experts_from(positions=_positions(user=user, theme=theme), limit=PEOPLE_READ):
        person = expert.person
        found.setdefault(person.organisation_id, []).append(
            DossierEntry(
                title=str(person.full_name),
                url=person.get_absolute_url(),
                note=person.function,
                details=_why(expert),
            )
        )
    return found


def themes_with_content(*, user) -> list:
    return [rows.values(path) for _key, rows, path in _on_theme(user)]


SECTION = DossierSection(
    key="people",
    heading=gettext_lazy("Who works on it"),
    contributions=contributions,
    themes_with_content=themes_with_content,
    order=10,
)
