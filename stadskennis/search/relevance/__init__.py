"""Measured relevance: nDCG@10 and recall@10 of our search against the database's plain full-text
search (SQLite FTS5 with its default tokenizer; PostgreSQL with the 'dutch' configuration) on the
Dutch test collection in queries.json, over the demo corpus, in the same run."""

from __future__ import annotations

import json
import math
from pathlib import Path

from django.db import connection

from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.search.analysis import words
from stadskennis.search.services import search

COLLECTION = Path(__file__).parent / "queries.json"
K = 10


def load_collection() -> list[dict]:
    return json.loads(COLLECTION.read_text(encoding="utf-8"))["queries"]


def ndcg(ranked: list[str], judged: dict[str, int], k: int = K) -> float:
    dcg = sum(judged.get(key, 0) / math.log2(i + 2) for i, key in enumerate(ranked[:k]))
    ideal = sorted(judged.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int = K) -> float:
    return len(set(ranked[:k]) & set(judged)) / len(judged)


def _keys_by_pk() -> dict[str, str]:
    return {
        str(pk): ext.removeprefix("demo:")
        for pk, ext in KnowledgeItem.objects.values_list("pk", "external_id")
    }


def ours(query: str, user) -> list[str]:
    keys = _keys_by_pk()
    return [keys.get(r.id.split(":", 1)[1], "") for r in search(user=user, query=query, per_page=K).results]


PLAIN_SQLITE = [
    "DROP TABLE IF EXISTS plain_fts",
    "CREATE VIRTUAL TABLE plain_fts USING fts5(title, text)",
    "INSERT INTO plain_fts(rowid, title, text) SELECT id, title, text FROM search_searchdocument",
]
PLAIN_POSTGRES = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS plain_vector",
    """ALTER TABLE search_searchdocument ADD COLUMN plain_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('dutch', coalesce(text, '')), 'B')) STORED""",
    "CREATE INDEX IF NOT EXISTS plain_vector_gin ON search_searchdocument USING gin (plain_vector)",
]


def build_plain_index() -> None:
    """The baseline: the database's own full-text search over the raw text (bench only)."""
    statements = PLAIN_POSTGRES if connection.vendor == "postgresql" else PLAIN_SQLITE
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def plain_sql(query: str, limit: int = K) -> tuple[str, list]:
    """The plain search as a person would write it against the database: all words, ranked."""
    terms = words(query)
    if connection.vendor == "postgresql":
        return (
            "SELECT id FROM search_searchdocument WHERE plain_vector @@ plainto_tsquery('dutch', %s) "
            "ORDER BY ts_rank(plain_vector, plainto_tsquery('dutch', %s)) DESC LIMIT %s",
            [query, query, limit],
        )
    expression = " AND ".join(f'"{t}"' for t in terms) or '""'
    return "SELECT rowid FROM plain_fts WHERE plain_fts MATCH %s ORDER BY rank LIMIT %s", [expression, limit]


def plain(query: str) -> list[str]:
    sql, params = plain_sql(query)
    keys = _keys_by_pk()
    from stadskennis.search.models import SearchDocument

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        doc_ids = [row[0] for row in cursor.fetchall()]
    object_ids = dict(SearchDocument.objects.filter(id__in=doc_ids).values_list("id", "object_id"))
    return [keys.get(object_ids[i], "") for i in doc_ids]


def evaluate(user) -> dict:
    """Mean nDCG@10 and recall@10 for ours and plain, and per query."""
    rows = []
    for entry in load_collection():
        judged = entry["relevant"]
        a, b = ours(entry["query"], user), plain(entry["query"])
        rows.append(
            {
                "query": entry["query"],
                "ours": (ndcg(a, judged), recall(a, judged)),
                "plain": (ndcg(b, judged), recall(b, judged)),
            }
        )
    n = len(rows)
    return {
        "queries": rows,
        "ours": (sum(r["ours"][0] for r in rows) / n, sum(r["ours"][1] for r in rows) / n),
        "plain": (sum(r["plain"][0] for r in rows) / n, sum(r["plain"][1] for r in rows) / n),
    }
