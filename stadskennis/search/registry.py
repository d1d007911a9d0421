"""One search over every module: modules register a provider, the search service asks them all.

A provider answers for one kind of object and applies visibility inside its own query, so a
result the asker may not see is never fetched, counted or snipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

MAX_QUERY_LENGTH = 500


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
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    total: int = 0
    message: str = ""


class SearchProvider(Protocol):
    key: str

    def search(self, *, user, terms: list[str], limit: int) -> tuple[list[SearchResult], int, dict]: ...


_providers: dict[str, SearchProvider] = {}


def register(provider: SearchProvider) -> None:
    _providers[provider.key] = provider


def providers() -> list[SearchProvider]:
    return list(_providers.values())
