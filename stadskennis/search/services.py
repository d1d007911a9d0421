"""The search service every page and the API call."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from stadskennis.search.registry import MAX_QUERY_LENGTH, SearchResponse, providers

_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The words of a query, lowercased; punctuation and operators are ignored, never an error."""
    return [w.lower() for w in _WORD.findall(query[:MAX_QUERY_LENGTH])][:20]


def search(*, user, query: str, limit: int = 20) -> SearchResponse:
    response = SearchResponse(query=query)
    if len(query) > MAX_QUERY_LENGTH:
        response.message = _("Your search was shortened to its first %(n)d characters.") % {
            "n": MAX_QUERY_LENGTH
        }
    terms = query_terms(query)
    if not terms:
        if query.strip():
            response.message = _("Type one or more words to search for.")
        return response
    for provider in providers():
        results, total, facets = provider.search(user=user, terms=terms, limit=limit)
        response.results.extend(results)
        response.total += total
        for name, counts in facets.items():
            merged = response.facets.setdefault(name, {})
            for key, count in counts.items():
                merged[key] = merged.get(key, 0) + count
    response.results.sort(key=lambda r: r.score, reverse=True)
    response.results = response.results[:limit]
    return response
