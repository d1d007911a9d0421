"""The Kennisbank's search at scale (part of `make bench`).

Builds a corpus of BENCH_ITEMS knowledge items (default 100,000) of real Dutch public-sector prose
(sentences of the federal Chamber's written questions in ../shared/data), about 400 words each,
20% with an attachment text of about 3,000 words; imports it through the real bulk importer;
then times search calls with facets, the results page, and the plain database full-text search
on the same corpus and queries. Runs inside one process per backend (see stadskennis.bench).
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import time
from pathlib import Path

SEED = 2026
KAMERVRAGEN = Path(__file__).resolve().parents[2] / "shared" / "data" / "kamervragen-2020-nl.jsonl"


def _sentences() -> list[str]:
    text = [json.loads(line)["text"] for line in KAMERVRAGEN.read_text(encoding="utf-8").splitlines()]
    sentences = []
    for t in text:
        sentences.extend(s.strip() for s in re.split(r"(?<=[.?!])\s*", t) if len(s.split()) >= 6)
    return sentences


def _text(rng: random.Random, sentences: list[str], words: int) -> str:
    out, n = [], 0
    while n < words:
        s = rng.choice(sentences)
        out.append(s)
        n += len(s.split())
    return " ".join(out)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _timed(fn, rounds: int = 1) -> list[float]:
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def run(n_items: int) -> dict:
    from django.db import connection
    from django.test import Client

    from stadskennis.accounts.models import User
    from stadskennis.core.models import Organisation, Theme
    from stadskennis.knowledge.importer import items_import
    from stadskennis.knowledge.models import Attachment, ExtractionStatus, KnowledgeItem
    from stadskennis.knowledge.services import item_update
    from stadskennis.search.index import index_objects
    from stadskennis.search.relevance import build_plain_index, plain_sql
    from stadskennis.search.services import search

    rng = random.Random(SEED)
    sentences = _sentences()
    cities = list(Organisation.objects.filter(kind="centre_city").values_list("slug", flat=True))
    themes = list(Theme.objects.values_list("slug", flat=True))
    kinds = ["practice", "study", "research", "instrument", "foreign_example", "case", "presentation", "news"]
    visibilities = ["public"] * 70 + ["network"] * 15 + ["organisation"] * 10 + ["draft"] * 5

    def lines():
        for i in range(n_items):
            kind = rng.choice(kinds)
            yield json.dumps(
                {
                    "id": f"bench:{i}",
                    "title": " ".join(rng.choice(sentences).split()[:10]).rstrip(".,"),
                    "body": _text(rng, sentences, max(100, int(rng.gauss(400, 120)))),
                    "kind": kind,
                    "outcome": rng.choice(["success", "partial", "failed"]) if kind == "practice" else None,
                    "themes": rng.sample(themes, rng.randint(1, 3)),
                    "organisations": rng.sample(cities, rng.randint(1, 2)),
                    "owner": rng.choice(cities),
                    "year": rng.randint(2007, 2026),
                    "visibility": rng.choice(visibilities),
                }
            )

    editor = User.objects.get(email="redacteur@stadskennis.example")
    started = time.perf_counter()
    report = items_import(lines=lines(), actor=editor)
    import_seconds = time.perf_counter() - started
    assert not report.errors, report.errors[:3]

    # 20% of the items get an attachment whose text (about 3,000 words) was extracted.
    bench_items = list(
        KnowledgeItem.objects.filter(external_id__startswith="bench:").values_list("pk", flat=True)
    )
    with_attachment = rng.sample(bench_items, n_items // 5)
    started = time.perf_counter()
    for start in range(0, len(with_attachment), 500):
        batch = with_attachment[start : start + 500]
        Attachment.objects.bulk_create(
            Attachment(
                item_id=pk,
                original_name="bijlage.pdf",
                file="bench/bijlage.pdf",
                extraction_status=ExtractionStatus.DONE,
                extracted_text=_text(rng, sentences, max(1000, int(rng.gauss(3000, 500)))),
            )
            for pk in batch
        )
        index_objects(
            KnowledgeItem.objects.filter(pk__in=batch).prefetch_related(
                "themes", "organisations", "attachments"
            )
        )
    attachment_seconds = time.perf_counter() - started

    build_plain_index()
    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum gives production
        cursor.execute("ANALYZE")

    vocabulary = [w for w in re.findall(r"[a-zë]{5,}", " ".join(rng.sample(sentences, 3000)).lower())]
    queries = [" ".join(rng.sample(vocabulary, k)) for k in (1, 2, 3) for _ in range(20)]
    member = User.objects.get(email="lid.gent@stadskennis.example")

    ours, plain, pages = [], [], []
    for q in queries:
        ours += _timed(lambda q=q: search(user=member, query=q), rounds=3)
        sql, params = plain_sql(q, limit=20)
        with connection.cursor() as cursor:

            def run_plain(sql=sql, params=params):
                cursor.execute(sql, params)
                cursor.fetchall()

            plain += _timed(run_plain, rounds=3)
    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    for q in queries:

        def page(q=q):
            assert client.get("/zoeken/", {"q": q}).status_code == 200

        pages += _timed(page, rounds=2)

    item = KnowledgeItem.objects.get(external_id="bench:7")
    started = time.perf_counter()
    item_update(item=item, actor=editor, title=item.title + " zeldzaamwoordxyz")
    found = search(user=editor, query="zeldzaamwoordxyz").total
    update_ms = (time.perf_counter() - started) * 1000

    return {
        "items": n_items,
        "attachments": len(with_attachment),
        "import_items_per_s": n_items / import_seconds,
        "import_seconds": import_seconds,
        "attachment_items_per_s": len(with_attachment) / attachment_seconds,
        "search_p50_ms": _percentile(ours, 0.5),
        "search_p95_ms": _percentile(ours, 0.95),
        "plain_p50_ms": _percentile(plain, 0.5),
        "plain_p95_ms": _percentile(plain, 0.95),
        "page_p50_ms": _percentile(pages, 0.5),
        "page_p95_ms": _percentile(pages, 0.95),
        "update_then_found_ms": update_ms,
        "update_found": found,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "queries": len(queries),
    }


def items_from_env() -> int:
    return int(os.environ.get("BENCH_ITEMS", "100000"))
