"""The database side of search: match, score, count and facet counts inside one statement.

Visibility is part of every query (core.visibility.visible_filter on the documents), so a result,
a facet count or a snippet of something the asker may not see is never even read.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from stadskennis.core.visibility import visible_filter
from stadskennis.search.models import SearchDocument, SearchFacet
from stadskennis.search.query import to_fts5, to_tsquery


class Backend:
    def compile(self, required: list, excluded: list, *, title_only: bool = False) -> str:
        raise NotImplementedError

    def matching_ids(self, expression: str) -> RawSQL:
        raise NotImplementedError

    def ranked(self, queryset: QuerySet, expression: str) -> QuerySet:
        raise NotImplementedError

    def recent_ranked(self, visible, provider: str, expression: str, *, about: bool, window: int, limit: int):
        """The `limit` best (object id, score) of the `window` most recently indexed matches of
        `provider` that pass `visible` (a WHERE clause and its parameters, see where_visible)."""
        raise NotImplementedError


class SQLiteBackend(Backend):
    def compile(self, required, excluded, *, title_only=False):
        return to_fts5(required, excluded, title_only=title_only)

    def matching_ids(self, expression, *, about=False):
        table = "search_about_fts" if about else "search_fts"
        # the table name is one of two constants; the expression travels as a parameter
        return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [expression])  # noqa: S608, S611

    # bm25 is lower-is-better; title terms weigh 10, body 3, compound parts and synonyms 1.
    SCORES = {False: ("search_fts", "-bm25(search_fts, 10.0, 3.0, 1.0)"),
              True: ("search_about_fts", "-bm25(search_about_fts, 10.0, 1.0)")}  # fmt: skip

    def ranked(self, queryset, expression, *, about=False):
        table, score = self.SCORES[about]
        return queryset.extra(  # noqa: S610 - table and score are constants; the expression is a parameter
            tables=[table],
            where=[f"{table}.rowid = search_searchdocument.id", f"{table} MATCH %s"],
            params=[expression],
            select={"score": score},
        )

    def recent_ranked(self, visible, provider, expression, *, about, window, limit):
        table, score = self.SCORES[about]
        where, params = visible
        sql = (  # FTS5 hands out matches newest rowid first and stops at the window: no full sort
            f"SELECT object_id, score FROM (SELECT search_searchdocument.id AS id,"  # noqa: S608
            f" search_searchdocument.object_id AS object_id, {score} AS score"
            f" FROM {table} JOIN search_searchdocument ON search_searchdocument.id = {table}.rowid"
            f" WHERE {table} MATCH %s AND search_searchdocument.provider = %s AND {where}"
            f" ORDER BY {table}.rowid DESC LIMIT %s) AS recent ORDER BY score DESC, id DESC LIMIT %s"
        )
        return _rows(sql, [expression, provider, *params, window, limit])


class PostgresBackend(Backend):
    # (matched column, ranked column): the full text ranks on a small vector of its first words
    COLUMNS = {False: ("search_vector", "rank_vector"), True: ("about_vector", "about_vector")}

    def compile(self, required, excluded, *, title_only=False):
        return to_tsquery(required, excluded, title_only=title_only)

    def matching_ids(self, expression, *, about=False):
        column = "about_vector" if about else "search_vector"
        return RawSQL(  # noqa: S611 - the column is one of two constants; the expression is a parameter
            f"SELECT id FROM search_searchdocument WHERE {column} @@ to_tsquery('simple', %s)",  # noqa: S608
            [expression],
        )

    def ranked(self, queryset, expression, *, about=False):
        vector, rank = self.COLUMNS[about]
        return queryset.extra(  # noqa: S610 - column names are constants; the expression is a parameter
            where=[f"{vector} @@ to_tsquery('simple', %s)"],
            params=[expression],
            select={"score": f"ts_rank({rank}, to_tsquery('simple', %s), 1)"},
            select_params=[expression],
        )

    def recent_ranked(self, visible, provider, expression, *, about, window, limit):
        vector, rank = self.COLUMNS[about]
        where, params = visible
        sql = (  # rank outside the window, so only the window's rows are ranked
            f"SELECT object_id, ts_rank({rank}, to_tsquery('simple', %s), 1) AS score"  # noqa: S608
            f" FROM (SELECT id, object_id, {rank} FROM search_searchdocument"
            f" WHERE {vector} @@ to_tsquery('simple', %s) AND provider = %s AND {where}"
            " ORDER BY id DESC LIMIT %s) AS recent ORDER BY score DESC, id DESC LIMIT %s"
        )
        return _rows(sql, [expression, expression, provider, *params, window, limit])


def where_visible(user) -> tuple[str, list]:
    """The visibility filter as a WHERE clause on search_searchdocument, for hand-written SQL."""
    query = visible_documents(user).query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    return sql or "1 = 1", list(params)


def _rows(sql: str, params: list) -> list[tuple[str, float]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(object_id, float(score)) for object_id, score in cursor.fetchall()]


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


# One statement answers the three questions of a search; every part below is a constant or built
# from the whitelisted sort keys, the user's input only ever travels in `params`.
_COUNT = "SELECT 'c', NULL, NULL, CAST(COUNT(*) AS DOUBLE PRECISION), NULL FROM hits"
_FACETS = (
    "SELECT 'f', f.facet, f.value, CAST(COUNT(*) AS DOUBLE PRECISION), f.label FROM hits"
    " {join} search_searchfacet f ON f.document_id = hits.id GROUP BY f.facet, f.value, f.label"
)
_PAGE = (
    "SELECT * FROM (SELECT 'p', NULL, CAST(id AS TEXT), CAST({score} AS DOUBLE PRECISION), NULL"
    " FROM hits ORDER BY {order} LIMIT {limit:d} OFFSET {offset:d}) AS page"
)
SORT_KEYS = {"score", "date", "id"}


def evaluate(hits: QuerySet, *, with_facets: bool, order_by: tuple[str, ...], offset: int, limit: int):
    """The count, the facet counts and one page of (id, score), evaluating the match only once.

    `hits` is the visible, filtered, matching (and, for relevance, scored) queryset. A materialised
    CTE instead of one evaluation per question (count, facets, page) is what keeps a search over
    many matches affordable.
    """
    scored = "score" in hits.query.extra_select
    columns = ["id", "date", "score"] if scored else ["id", "date"]
    inner, params = hits.order_by().values_list(*columns).query.sql_with_params()
    keys = [o for o in order_by if o.lstrip("-") in SORT_KEYS and (scored or o.lstrip("-") != "score")]
    order = ", ".join(f"{o.lstrip('-')} {'DESC' if o.startswith('-') else 'ASC'}" for o in keys)
    page = _PAGE.format(score="score" if scored else "0", order=order, limit=limit, offset=offset)
    # SQLite's CROSS JOIN keeps the hits as the outer loop (each hit looks up its few facet rows);
    # left to itself the planner scans every facet row of the index instead.
    facets_sql = _FACETS.format(join="CROSS JOIN" if connection.vendor == "sqlite" else "JOIN")
    parts = [_COUNT, facets_sql, page] if with_facets else [_COUNT, page]
    sql = "WITH hits AS MATERIALIZED (" + inner + ") " + " UNION ALL ".join(parts)
    total, facets, rows = 0, {}, []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, facet, value, number, label in cursor.fetchall():
            if kind == "c":
                total = int(number)
            elif kind == "f":
                facets.setdefault(facet, []).append((value, label, int(number)))
            else:
                rows.append((int(value), float(number)))
    ordered = {
        facet: {value: (label, n) for value, label, n in sorted(found, key=lambda r: (-r[2], r[0]))}
        for facet, found in sorted(facets.items())
    }
    return total, ordered, rows
