"""Measured relevance: our search against plain FTS5 bm25 with the question's words OR-ed.

The baseline is what a person would build in an afternoon: SQLite FTS5 with its default tokenizer
over the raw title and text, every word of the question OR-ed, ranked by bm25. It runs in an
in-memory SQLite database beside whichever database the platform uses, so both deployments are
compared with the same baseline. Two collections:

- the judged set on the demo corpus (queries.json, and the natural questions of natural.json):
  nDCG@10 and recall@10;
- the known-item set on the Chamber questions (kamervragen.py): MRR@10.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).parent
COLLECTION = HERE / "queries.json"
NATURAL = HERE / "natural.json"
K = 10
_EPOCH = __import__("datetime").datetime(2020, 1, 1, tzinfo=__import__("datetime").UTC)


def load_collection(path: Path = COLLECTION) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def ndcg(ranked: list[str], judged: dict[str, int], k: int = K) -> float:
    dcg = sum(judged.get(key, 0) / math.log2(i + 2) for i, key in enumerate(ranked[:k]))
    ideal = sorted(judged.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int = K) -> float:
    return len(set(ranked[:k]) & set(judged)) / len(judged)


def reciprocal_rank(ranked: list[str], key: str, k: int = K) -> float:
    return next((1.0 / (i + 1) for i, found in enumerate(ranked[:k]) if found == key), 0.0)


class PlainBaseline:
    """Plain FTS5 bm25 over raw text with the words OR-ed, in memory."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE plain USING fts5(key UNINDEXED, title, text)")

    def add(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.db.executemany("INSERT INTO plain(key, title, text) VALUES (?, ?, ?)", rows)

    def search(self, query: str, k: int = K) -> list[str]:
        terms = [w for w in re.findall(r"\w+", query.lower()) if w]
        if not terms:
            return []
        expression = " OR ".join('"' + t.replace('"', "") + '"' for t in dict.fromkeys(terms))
        rows = self.db.execute(
            "SELECT key FROM plain WHERE plain MATCH ? ORDER BY bm25(plain) LIMIT ?", (expression, k)
        )
        return [key for (key,) in rows]


# --- The judged set on the demo corpus ---------------------------------------------------------


def _demo_keys() -> dict[str, str]:
    from stadskennis.knowledge.models import KnowledgeItem

    return {
        str(pk): ext.removeprefix("demo:")
        for pk, ext in KnowledgeItem.objects.values_list("pk", "external_id")
    }


def ours(query: str, user, keys: dict[str, str] | None = None) -> list[str]:
    from stadskennis.search.services import search

    keys = keys if keys is not None else _demo_keys()
    filters = {"module": "knowledge_item"}  # the judged corpus, as the baseline has it
    found = search(
        user=user, query=query, filters=filters, per_page=K, with_facets=False, correct=False
    ).results
    return [keys.get(r.id.removeprefix("knowledge_item:"), "") for r in found]


def demo_baseline() -> PlainBaseline:
    """The baseline over the demo's knowledge items, with the same text our index gets."""
    from stadskennis.search.registry import provider as provider_of

    provider, keys, baseline = provider_of("knowledge_item"), _demo_keys(), PlainBaseline()
    rows = []
    for item in provider.indexable():
        document = provider.document(item)
        text = " ".join(p for p in (document.summary, document.text, document.attachment_text) if p)
        rows.append((keys[str(item.pk)], document.title, text))
    baseline.add(rows)
    return baseline


def evaluate(user, collection: Path = COLLECTION) -> dict:
    """Mean nDCG@10 and recall@10 for ours and the baseline, and per query."""
    baseline, keys, rows = demo_baseline(), _demo_keys(), []
    for entry in load_collection(collection):
        judged = entry["relevant"]
        a, b = ours(entry["query"], user, keys), baseline.search(entry["query"])
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


# --- The known-item set on the Chamber questions -------------------------------------------------


def evaluate_known_items(corpus_path: Path, folder: Path) -> dict:
    """MRR@10 of ours and of the baseline: derived queries (other words and forms than the question
    uses) and opening sentences copied verbatim, each with its question as the one relevant document.
    Builds its own index in `folder` from the deduplicated corpus; the platform's index is untouched."""
    import tantivy
    from django.test import override_settings

    from stadskennis.bench.relevance import kamervragen
    from stadskennis.core.visibility import Visibility
    from stadskennis.search import index
    from stadskennis.search.registry import Document, provider
    from stadskennis.search.services import engine_ranking

    corpus = kamervragen.load_corpus(corpus_path)
    baseline = PlainBaseline()
    baseline.add((d["key"], "", d["text"]) for d in corpus)
    items = provider("knowledge_item")
    with override_settings(SEARCH_INDEX_DIR=str(folder), SEARCH_INDEX_SYNC=False):
        target = index.new_folder()
        writer = tantivy.Index(index.SCHEMA, path=str(target)).writer(heap_size=128_000_000, num_threads=1)
        for d in corpus:
            document = Document(
                object_id=d["key"], title="", text=d["text"], url="", kind="question", date=_EPOCH,
                visibility=Visibility.PUBLIC, owner_id=None, created_by_id=None,
            )  # fmt: skip
            writer.add_document(index.tantivy_document(items, document))
        writer.commit()
        writer.wait_merging_threads()
        index.Meta().write(target)
        index.swap_in(target)
        index.reader.forget()
        report = {}
        for name, queries in (
            ("derived", kamervragen.load_known_items()),
            ("verbatim", kamervragen.load_verbatim()),
        ):
            ours_rr, plain_rr = [], []
            for entry in queries:
                ours_rr.append(reciprocal_rank(engine_ranking(query=entry["query"], limit=K), entry["key"]))
                plain_rr.append(reciprocal_rank(baseline.search(entry["query"]), entry["key"]))
            report[f"{name}_below"] = [
                (entry["query"], o, p)
                for entry, o, p in zip(queries, ours_rr, plain_rr, strict=True)
                if o < p
            ]
            report[name] = {
                "queries": len(queries),
                "ours": sum(ours_rr) / len(ours_rr),
                "plain": sum(plain_rr) / len(plain_rr),
                "below_plain": sum(o < p for o, p in zip(ours_rr, plain_rr, strict=True)),
            }
        index.reader.forget()
    report["documents"] = len(corpus)
    return report


__all__ = ["PlainBaseline", "evaluate", "evaluate_known_items", "ndcg", "recall", "reciprocal_rank"]
