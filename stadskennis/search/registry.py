"""One search over every module: each module registers a provider that describes its documents.

A provider turns its objects into `Document`s (title, text, visibility, facets); the search
service indexes them with the one Dutch analyser and answers every query from the one index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.db.models import Model, QuerySet


@dataclass
class Document:
    object_id: str
    title: str
    text: str
    url: str
    kind: str
    date: datetime
    visibility: str
    owner_id: int | None
    created_by_id: int | None
    extra: str = ""  # words that should find the object without being its text: theme and city names
    summary: str = ""  # weighs more than the text
    attachment_text: str = ""  # weighs less than the text
    year: int | None = None
    outcome: str = ""
    facets: list[tuple[str, str, str]] = field(default_factory=list)  # (facet, value, label)
    access_group_id: int | None = None  # the named group a document is closed to (visibility "group")


@dataclass(frozen=True)
class SearchResult:
    id: str
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: str
    score: float
    date: str | None = None


@dataclass
class SearchResponse:
    query: str
    results: list[SearchResult] = field(default_factory=list)
    facets: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    total: int = 0
    message: str = ""
    suggestion: str = ""
    corrected_from: str = ""  # nothing was found for this; the results are for `query`
    searched: bool = False  # the question held words to look for, and the index answered
    page: int = 1
    per_page: int = 20

    @property
    def facet_counts(self) -> dict[str, dict[str, int]]:
        return {name: {value: n for value, (_label, n) in rows.items()} for name, rows in self.facets.items()}

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total


class SearchProvider(Protocol):
    """What a module declares once to be searchable; the registry and the indexer do the rest.

    Optional: `label` (the module facet's name), `carries` ({"core.theme": "themes"}: changes of
    those models reach these documents), `documents(objects)` (many at once, for the indexer's
    batches) and `facet_label(facet, value)`.
    """

    key: str
    model: type[Model]

    def indexable(self) -> QuerySet: ...

    def document(self, obj) -> Document | None: ...

    def kind_label(self, kind: str) -> str: ...


_providers: dict[str, SearchProvider] = {}


def register(provider: SearchProvider) -> None:
    _providers[provider.key] = provider


def providers() -> list[SearchProvider]:
    return list(_providers.values())


def provider(key: str) -> SearchProvider:
    return _providers[key]
