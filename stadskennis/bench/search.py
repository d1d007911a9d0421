"""Search at scale on the engine (part of `make bench`).

Builds a corpus of BENCH_ITEMS knowledge items (default 100,000) of real Dutch public-sector prose
(sentences of the federal Chamber's written questions in ../shared/data), about 400 words each,
20% with an attachment text of about 3,000 words; imports it through the real bulk importer and
applies the outbox with the real indexer; then times search calls with facets and visibility, the
results page, as-you-type, a full reindex and update-to-found through a real indexer process, with
plain FTS5 (bm25, words OR-ed, top ten and the count) on the same corpus and queries as the baseline.
Runs inside one process per backend (see stadskennis.bench).
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

SEED = 2026
KAMERVRAGEN = Path(__file__).resolve().parents[3] / "shared" / "data" / "kamervragen-2020-nl.jsonl"


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


def _stats(samples: list[float]) -> dict:
    return {"p50_ms": _percentile(samples, 0.5), "p95_ms": _percentile(samples, 0.95)}


def _folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def _queries(rng: random.Random, sentences: list[str], titles: list[str]) -> tuple[list[str], list[str]]:
    """Words of every frequency (from words in more than half of the items to rare ones), 1–3 at a
    time, and natural questions of 5–12 words."""
    from stadskennis.search.analysis import STOPWORDS

    counts = Counter(
        w
        for t in rng.sample(sentences, 20_000)
        for w in set(re.findall(r"[a-zë]{4,}", t.lower()))
        if w not in STOPWORDS
    )
    ranked = [w for w, _n in counts.most_common()]
    common, middle, rare = ranked[:40], ranked[200:2000], ranked[5000:20000]
    vocabulary = common + middle + rare
    words = [" ".join(rng.sample(vocabulary, k)) for k in (1, 2, 3) for _ in range(20)]
    words[:5] = common[:5]  # the most common words alone: in more than half of the items
    natural = []
    for sentence in rng.sample(sentences, 30):
        n = rng.randint(5, 12)
        natural.append(" ".join(sentence.rstrip(".?!").split()[:n]).lower() + "?")
    return words, natural


def _plain_baseline(n_items: int):
    from stadskennis.bench.relevance import PlainBaseline
    from stadskennis.knowledge.models import KnowledgeItem

    baseline = PlainBaseline()
    rows = KnowledgeItem.objects.filter(external_id__startswith="bench:").values_list("pk", "title", "body")
    batch = []
    for row in rows.iterator(chunk_size=2000):
        batch.append((str(row[0]), row[1], row[2]))
        if len(batch) == 2000:
            baseline.add(batch)
            batch = []
    baseline.add(batch)
    return baseline


def _web_process_memory(queries: list[str]) -> dict[str, float]:
    """Resident memory (MiB) of a fresh process with Django loaded and the index open, after queries:
    its peak (VmHWM), and now the part of its own (RssAnon) and the part that is files mapped into it
    (RssFile: the search index's segments and, on SQLite, the database, which the page cache shares
    with every process and the kernel takes back when memory runs short)."""
    code = (  # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec
        "import django, json, re, sys; django.setup();"
        "from stadskennis.search.services import search;"
        "[search(user=None, query=q) for q in json.loads(sys.argv[1])];"
        "status = open('/proc/self/status').read();"
        "print(json.dumps({k: int(re.search(k + r':\\s+(\\d+)', status).group(1)) / 1024"
        " for k in ('VmHWM', 'RssAnon', 'RssFile')}))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code, json.dumps(queries)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _update_to_found(editor, item) -> list[float]:
    """An editor saves; a real indexer process applies the outbox; the search finds the new word."""
    from stadskennis.knowledge.services import item_update
    from stadskennis.search.services import search

    indexer = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "stadskennis", "search-indexer", "--interval", "0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    samples = []
    try:
        time.sleep(3)  # the indexer opens the index
        for n in range(10):
            word = f"zeldzaamwoord{n}x"
            item_update(item=item, actor=editor, title=f"{item.title} {word}")
            started = time.perf_counter()
            while not search(user=editor, query=word, with_facets=False, correct=False).total:
                if time.perf_counter() - started > 30:
                    raise RuntimeError("an update was not found within 30 s")
                time.sleep(0.01)
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        indexer.terminate()
        indexer.wait(timeout=30)
    return samples


def run(n_items: int) -> dict:
    from django.test import Client

    from stadskennis.accounts.models import User
    from stadskennis.core.models import Organisation, Theme
    from stadskennis.core.outbox import record_changes
    from stadskennis.knowledge.importer import items_import
    from stadskennis.knowledge.models import Attachment, ExtractionStatus, KnowledgeItem
    from stadskennis.search import index
    from stadskennis.search.indexer import in_process, rebuild
    from stadskennis.search.services import completions, search

    rng = random.Random(SEED)
    sentences = _sentences()
    cities = list(Organisation.objects.filter(kind="centre_city").values_list("slug", flat=True))
    themes = list(Theme.objects.values_list("slug", flat=True))
    kinds = ["practice", "study", "research", "instrument", "foreign_example", "case", "presentation", "news"]
    visibilities = ["public"] * 70 + ["network"] * 15 + ["organisation"] * 10 + ["draft"] * 5
    titles = []

    def lines():
        for i in range(n_items):
            kind = rng.choice(kinds)
            title = " ".join(rng.choice(sentences).split()[:10]).rstrip(".,")
            titles.append(title)
            yield json.dumps(
                {
                    "id": f"bench:{i}",
                    "title": title,
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
    indexer = in_process()
    indexer.catch_up()  # the demo content
    # The import reads a file, as `stadskennis import-items` does: writing the corpus is not timed.
    corpus = Path(tempfile.mkdtemp()) / "items.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines())
    started = time.perf_counter()
    with corpus.open(encoding="utf-8") as handle:
        report = items_import(lines=handle, actor=editor)
    import_seconds = time.perf_counter() - started
    corpus.unlink()
    assert not report.errors, report.errors[:3]
    started = time.perf_counter()
    indexer.catch_up()
    index_seconds = time.perf_counter() - started

    # 20% of the items get an attachment whose text (about 3,000 words) was extracted.
    bench_items = list(
        KnowledgeItem.objects.filter(external_id__startswith="bench:").values_list("pk", flat=True)
    )
    with_attachment = rng.sample(bench_items, n_items // 5)
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
        record_changes(KnowledgeItem, batch)
    started = time.perf_counter()
    indexer.catch_up()
    attachment_seconds = time.perf_counter() - started
    indexer.close()
    # No ANALYZE here: the import refreshed the planner statistics itself, as it does for a user.

    started = time.perf_counter()
    reindexed = rebuild()
    reindex_seconds = time.perf_counter() - started
    index.refresh()
    index_mb = _folder_mb(index.current_folder())

    words, natural = _queries(rng, sentences, titles)
    member = User.objects.get(email="lid.gent@stadskennis.example")
    baseline = _plain_baseline(n_items)
    half = index.searcher().num_docs / 2
    common_matches = [search(user=editor, query=q, with_facets=False).total for q in words[:5]]

    def run_plain(q):
        baseline.search(q, 10)
        baseline.db.execute(
            "SELECT count(*) FROM plain WHERE plain MATCH ?",
            (" OR ".join(f'"{w}"' for w in re.findall(r"\w+", q.lower())),),
        ).fetchone()

    # Each engine over all the queries in turn, not one query at a time by both: at 1,000,000 items the
    # baseline reads gigabytes of its own tables per common word, which pushed the search index out of
    # the page cache between our timings (p95 532 ms interleaved; the results page, timed after, 228).
    measured = {}
    for name, queries in (("words", words), ("natural questions", natural)):
        ours = [
            ms for q in queries for ms in _timed(lambda q=q: search(user=member, query=q, correct=False), 3)
        ]
        plain = [ms for q in queries for ms in _timed(lambda q=q: run_plain(q), 3)]
        measured[name] = {"ours": _stats(ours), "plain_fts5": _stats(plain)}

    typing, completing = [], []
    for q in words[20:40]:
        prefix = q[: max(3, len(q) - 2)]
        typing += _timed(lambda p=prefix: search(user=member, query=p, as_you_type=True), rounds=3)
        completing += _timed(lambda p=prefix: completions(user=member, prefix=p), rounds=3)

    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    pages = []
    for q in words + natural:

        def page(q=q):
            assert client.get("/zoeken/", {"q": q}).status_code == 200

        pages += _timed(page, rounds=2)

    update = _update_to_found(editor, KnowledgeItem.objects.get(external_id="bench:7"))
    return {
        "items": n_items,
        "attachments": len(with_attachment),
        "documents_in_index": reindexed,
        "import_seconds": import_seconds,
        "index_seconds": index_seconds,
        "import_and_index_items_per_s": n_items / (import_seconds + index_seconds),
        "attachment_items_indexed_per_s": len(with_attachment) / attachment_seconds,
        "reindex_seconds": reindex_seconds,
        "reindex_items_per_s": reindexed / reindex_seconds,
        "index_size_mb": index_mb,
        "common_words_match_fraction": [round(n / half / 2, 2) for n in common_matches],
        "search": measured,
        "as_you_type": _stats(typing),
        "completions": _stats(completing),
        "results_page": _stats(pages),
        "update_to_found": _stats(update),
        "web_process_rss_mb": _web_process_memory(words[:20] + natural[:10]),
        "bench_process_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "queries": len(words) + len(natural),
    }


def items_from_env() -> int:
    return int(os.environ.get("BENCH_ITEMS", "100000"))
