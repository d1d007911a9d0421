"""What the Kennisbank and the Vraagbaak know on an indicator's themes (issue 14, point 7): knowledge
items, practices, published survey comparisons (they are knowledge items) and answered questions,
found by the one search with the themes as a facet filter, so the viewer's visibility is applied in
the engine. Stad in cijfers does not import those modules: the search sits below it."""

from __future__ import annotations

from dataclasses import dataclass, field

from stadskennis.core.models import Theme
from stadskennis.indicators.models import Indicator
from stadskennis.search.registry import SearchResult
from stadskennis.search.services import newest_on_themes

MODULES = ("knowledge_item", "question")  # the search providers' keys
SHOWN = 6


@dataclass
class KnowledgeLinks:
    themes: list[Theme] = field(default_factory=list)
    results: list[SearchResult] = field(default_factory=list)


def knowledge_links(indicator: Indicator, *, user) -> KnowledgeLinks:
    themes = list(indicator.themes.order_by("name"))
    results = newest_on_themes(user=user, themes=[t.slug for t in themes], modules=MODULES, limit=SHOWN)
    return KnowledgeLinks(themes=themes, results=results)
