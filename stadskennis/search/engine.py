"""The database side of search: match, score and count inside one query per question.

Visibility is part of every query (core.visibility.visible_filter on the documents), so a result,
a facet count or a snippet of something the asker may not see is never even read.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL

from stadskennis.core.visibility import visible_filter
from stadskennis.search.models import SearchDocument, SearchFacet
from stadskennis.search.query import to_fts5, to_tsquery


class Backend:
    def compile(self, required: list, excluded: list) -> str:
        raise NotImplementedError

    def matching_ids(self, expression: str) -> RawSQL:
        raise NotImplementedError

    def ranked(self, queryset: QuerySet, expression: str) -> QuerySet:
        raise NotImplementedError


class SQLiteBackend(Backend):
    def compile(self, required, excluded):
        return to_fts5(required, excluded)

    def matching_ids(self, expression):
        return RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression])

    def ranked(self, queryset, expression):
        # bm25 is lower-is-better; title terms weigh 10, body 3, compound parts and synonyms 1.
        return queryset.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = search_searchdocument.id", "search_fts MATCH %s"],
            params=[expression],
            select={"score": "-bm25(search_fts, 10.0, 3.0, 1.0)"},
        )


class PostgresBackend(Backend):
    def compile(self, required, excluded):
        return to_tsquery(required, excluded)

    def matching_ids(self, expression):
        return RawSQL(
            "SELECT id FROM search_searchdocument WHERE search_vector @@ to_tsquery('simple', %s)",
            [expression],
        )

    def ranked(self, queryset, expression):
        return queryset.extra(
            where=["search_vector @@ to_tsquery('simple', %s)"],
            params=[expression],
            select={"score": "ts_rank(rank_vector, to_tsquery('simple', %s), 1)"},
            select_params=[expression],
        )


def backend() -> Backend:
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()


def visible_documents(user) -> QuerySet:
    return SearchDocument.objects.filter(visible_filter(user))


def apply_filters(queryset: QuerySet, filters: dict[str, str]) -> QuerySet:
    """Facet filters (kind=practice, theme=wonen, …) as joins inside the same query."""
    for facet, value in filters.items():
        if value:
            queryset = queryset.filter(
                id__in=SearchFacet.objects.filter(facet=facet, value=value).values("document_id")
            )
    return queryset


def facet_counts(matched: QuerySet) -> dict[str, dict[str, tuple[str, int]]]:
    rows = (
        SearchFacet.objects.filter(document_id__in=matched.values("id"))
        .values("facet", "value", "label")
        .annotate(n=Count("id"))
        .order_by("facet", "-n", "value")
    )
    counts: dict[str, dict[str, tuple[str, int]]] = {}
    for row in rows:
        counts.setdefault(row["facet"], {})[row["value"]] = (row["label"], row["n"])
    return counts
