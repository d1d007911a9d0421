"""`make bench`: server time of the main pages against a static file served by the same server.

Each backend runs in its own process on a fresh database with the demo content: SQLite always,
PostgreSQL when it answers (required under CI=true). Requests go through the whole WSGI stack
(middleware, sessions, templates, WhiteNoise) with Django's test client, so the figures are server
time without network. The static file is the baseline measured in the same process; the ratio
says how many static-file requests one page costs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stadskennis.bench import plans as bench_plans

WARMUP = 20
ROUNDS = 300
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _measure(client, path: str) -> dict:
    for _ in range(WARMUP):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(samples), "p95_ms": _percentile(samples, 0.95)}


def run_one() -> dict:
    """Runs inside the child process: the environment already names the database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.templatetags.static import static
    from django.test import Client

    from stadskennis.demo.cast import DEMO_LOGINS
    from stadskennis.demo.services import demo_load

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo_load()
    from stadskennis.core.process import ready_to_serve

    ready_to_serve()  # as the web server's entry point does (config/wsgi.py)
    anonymous = Client()
    member = Client()
    from stadskennis.accounts.models import User

    member.force_login(
        User.objects.get(email=DEMO_LOGINS[2].email), backend="django.contrib.auth.backends.ModelBackend"
    )
    from django.db import connection

    if os.environ.get("BENCH_ONLY") == "questions":
        from stadskennis.bench import questions as bench_questions

        return {"backend": connection.vendor, "comparison": bench_questions.run()}
    if os.environ.get("BENCH_ONLY") == "plans":
        from stadskennis.bench import plans as bench_plans

        return {"backend": connection.vendor, "plans": bench_plans.run(bench_plans.elements_from_env())}
    if os.environ.get("BENCH_ONLY") == "events":
        from stadskennis.bench import events as bench_events

        return {"backend": connection.vendor, "events": bench_events.run(bench_events.events_from_env())}
    if os.environ.get("BENCH_ONLY") == "newsletter":
        from stadskennis.bench import newsletter as bench_newsletter

        return {
            "backend": connection.vendor,
            "newsletter": bench_newsletter.run(bench_newsletter.subscribers_from_env()),
        }
    if os.environ.get("BENCH_ONLY") == "werking":
        from stadskennis.bench import werking as bench_werking

        return {"backend": connection.vendor, "werking": bench_werking.run(bench_werking.items_from_env())}
    if os.environ.get("BENCH_ONLY") == "search":  # the curve: BENCH_ITEMS=1000000 BENCH_ONLY=search
        from stadskennis.bench import search as bench_search

        return {"backend": connection.vendor, "search": bench_search.run(bench_search.items_from_env())}

    results = {
        "backend": connection.vendor,
        "static file": _measure(anonymous, static("css/stadskennis.css")),
        "home page": _measure(anonymous, "/"),
        "list page (kennisbank)": _measure(anonymous, "/kennisbank/"),
        "API schema": _measure(anonymous, "/api/openapi.json"),
        "start page (member)": _measure(member, "/start/"),
    }
    # Before the 100,000-item corpus: the comparison does not use it, and the import leaves the
    # process in a state no server process is in (1.8 GB peak, slower allocation and collection:
    # compose p95 287 ms afterwards against 182 ms before, SQLite, 2026-11-23).
    from stadskennis.bench import questions as bench_questions

    results["comparison"] = bench_questions.run()
    from stadskennis.accounts.models import User as _User
    from stadskennis.bench.relevance import NATURAL, evaluate, evaluate_known_items
    from stadskennis.search.indexer import in_process

    in_process().catch_up()  # the demo content, before it is searched
    in_process().close()
    editor = _User.objects.get(email="redacteur@stadskennis.example")
    results["relevance"] = {}
    for name, collection in (("judged", None), ("natural", NATURAL)):
        report = evaluate(editor, collection) if collection else evaluate(editor)
        results["relevance"][name] = {
            "ours": report["ours"],
            "plain": report["plain"],
            "queries": len(report["queries"]),
        }
    from stadskennis.bench import search as bench_search

    with tempfile.TemporaryDirectory() as folder:
        results["known_items"] = evaluate_known_items(bench_search.KAMERVRAGEN, Path(folder))
    from stadskennis.bench import search as bench_search

    results["search"] = bench_search.run(bench_search.items_from_env())
    from stadskennis.bench import network as bench_network

    results["experts"] = bench_network.run(bench_network.people_from_env())
    from stadskennis.bench import hostile as bench_hostile

    results["hostile"] = bench_hostile.run()
    from stadskennis.bench import plans as bench_plans

    results["plans"] = bench_plans.run(bench_plans.elements_from_env())
    from stadskennis.bench import events as bench_events

    results["events"] = bench_events.run(bench_events.events_from_env())
    from stadskennis.bench import newsletter as bench_newsletter

    results["newsletter"] = bench_newsletter.run(bench_newsletter.subscribers_from_env())
    from stadskennis.bench import werking as bench_werking

    results["werking"] = bench_werking.run(bench_werking.items_from_env())
    return results


def child_environment(database_url: str, workdir: Path) -> dict[str, str]:
    """The environment of a bench child: production settings on `database_url`, files under `workdir`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.django.production",
        "SECRET_KEY": "bench-" + "x" * 60,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "SEARCH_INDEX_DIR": str(workdir / "search"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "WARNING",
        "REQUEST_LOG_LEVEL": "WARNING",
    }


def _child(database_url: str, workdir: Path) -> dict:
    env = child_environment(database_url, workdir)
    out = subprocess.run(
        [sys.executable, "-m", "stadskennis.bench", "--child"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _postgres_database() -> str | None:
    import psycopg

    try:
        with psycopg.connect(
            PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True, connect_timeout=5
        ) as conn:
            conn.execute("DROP DATABASE IF EXISTS stadskennis_bench")
            conn.execute("CREATE DATABASE stadskennis_bench")
            conn.execute("ALTER DATABASE stadskennis_bench SET random_page_cost = 1.1")  # docs/deploy.md
    except psycopg.Error as error:
        if os.environ.get("CI") == "true":
            raise SystemExit(f"PostgreSQL unreachable under CI=true: {error}") from error
        print(f"(PostgreSQL unreachable, skipped: {error})")
        return None
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/stadskennis_bench"


def _print_search(run: dict) -> None:
    s = run["search"]
    print(f"\nSearch at scale: {s['items']} items, {s['attachments']} with a ~3,000-word attachment text")
    print(f"  documents in the index         {s['documents_in_index']}")
    print(
        f"  bulk import + analysis + index {s['import_and_index_items_per_s']:8.0f} items/s"
        f" (import {s['import_seconds']:.0f} s, indexer {s['index_seconds']:.0f} s; target ≥ 1,000/s)"
    )
    print(f"  items with attachment text     {s['attachment_items_indexed_per_s']:8.0f} items/s (indexer)")
    print(
        f"  full reindex                   {s['reindex_seconds']:8.1f} s ({s['reindex_items_per_s']:.0f} documents/s;"
        " target ≤ 180 s at 100,000)"
    )
    print(f"  index size on disk             {s['index_size_mb']:8.1f} MiB")
    print(f"  common words match             {s['common_words_match_fraction']} of the items")
    for name, figures in s["search"].items():
        ours, plain = figures["ours"], figures["plain_fts5"]
        print(
            f"  search with facets, {name:<18} p50 {ours['p50_ms']:6.1f} ms  p95 {ours['p95_ms']:6.1f} ms"
            f"  | plain FTS5 p95 {plain['p95_ms']:6.1f} ms  ({ours['p95_ms'] / plain['p95_ms']:.2f}x)"
        )
    print(
        f"  completions as you type        p50 {s['completions']['p50_ms']:6.1f} ms  p95 {s['completions']['p95_ms']:6.1f} ms (target ≤ 15)"
    )
    print(
        f"  results as you type, facets    p50 {s['as_you_type']['p50_ms']:6.1f} ms  p95 {s['as_you_type']['p95_ms']:6.1f} ms"
    )
    print(
        f"  results page                   p50 {s['results_page']['p50_ms']:6.1f} ms  p95 {s['results_page']['p95_ms']:6.1f} ms (target ≤ 80)"
    )
    print(
        f"  update to found (indexer proc) p50 {s['update_to_found']['p50_ms']:6.1f} ms  p95 {s['update_to_found']['p95_ms']:6.1f} ms (target ≤ 1,000)"
    )
    m = s["web_process_rss_mb"]
    print(
        f"  web process with index open    {m['VmHWM']:8.0f} MiB resident at its peak (target ≤ 250);"
        f" now {m['RssAnon']:.0f} MiB its own + {m['RssFile']:.0f} MiB mapped files"
    )
    print(f"  peak memory of the bench       {s['bench_process_peak_rss_mb']:8.0f} MiB")


def main() -> None:
    if "--child" in sys.argv:
        print(json.dumps(run_one()))
        return
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        backends = os.environ.get("BENCH_BACKENDS", "sqlite,postgresql").split(",")
        if "sqlite" in backends:
            runs.append(_child(f"sqlite:///{tmp}/bench.sqlite3", Path(tmp) / "sqlite"))
        pg_url = _postgres_database() if "postgresql" in backends else None
        if pg_url:
            runs.append(_child(pg_url, Path(tmp) / "pg"))
    print(f"Server time over {ROUNDS} requests each ({WARMUP} warm-up), demo content, production settings.")
    for run in runs:
        if "comparison" in run:
            c = run["comparison"]
            print(
                f"\n== {run['backend']}: survey comparison, {c['organisations']} organisations × {c['questions']} questions"
            )
            print(
                f"  compose the comparison  p50 {c['compose_p50_ms']:7.1f} ms  p95 {c['compose_p95_ms']:7.1f} ms  (target p95 ≤ 300 ms)"
            )
            print(f"  XLSX export             p95 {c['xlsx_p95_ms']:7.1f} ms  (target ≤ 2,000 ms)")
            print(f"  comparison page         p95 {c['page_p95_ms']:7.1f} ms")
        if "plans" in run and "static file" not in run:
            print(f"\n== {run['backend']}")
            bench_plans.print_plans(run["plans"])
        if "events" in run:
            from stadskennis.bench import events as bench_events

            print(f"\n== {run['backend']}")
            bench_events.print_events(run["events"])
        if "newsletter" in run:
            from stadskennis.bench import newsletter as bench_newsletter

            print(f"\n== {run['backend']}")
            bench_newsletter.print_newsletter(run["newsletter"])
        if "werking" in run:
            from stadskennis.bench import werking as bench_werking

            print(f"\n== {run['backend']}")
            bench_werking.print_werking(run["werking"])
        if "search" in run and "static file" not in run:
            _print_search(run)
            continue
        if "static file" not in run:
            continue
        baseline = run["static file"]
        print(f"\n== {run['backend']}")
        print(f"{'request':<26}{'median ms':>11}{'p95 ms':>10}{'p95 / static p95':>18}")
        for name, figures in run.items():
            if name in (
                "backend",
                "relevance",
                "known_items",
                "search",
                "experts",
                "comparison",
                "hostile",
                "plans",
                "events",
                "newsletter",
                "werking",
            ):
                continue
            ratio = figures["p95_ms"] / baseline["p95_ms"]
            print(f"{name:<26}{figures['median_ms']:>11.2f}{figures['p95_ms']:>10.2f}{ratio:>17.1f}x")
        for name, rel in run["relevance"].items():
            print(f"\nRelevance, {name} queries on the demo corpus ({rel['queries']} queries):")
            print(f"  ours            nDCG@10 {rel['ours'][0]:.3f}  recall@10 {rel['ours'][1]:.3f}")
            print(f"  plain FTS5 (OR) nDCG@10 {rel['plain'][0]:.3f}  recall@10 {rel['plain'][1]:.3f}")
        known = run["known_items"]
        print(f"\nKnown items on the Chamber questions ({known['documents']} distinct questions), MRR@10:")
        for name in ("derived", "verbatim"):
            k = known[name]
            print(
                f"  {name:<9} ({k['queries']} queries)  ours {k['ours']:.3f}  plain FTS5 (OR) {k['plain']:.3f}"
                f"  (ours below plain on {k['below_plain']} queries)"
            )
        _print_search(run)
        e = run["experts"]
        print(
            f"\nExpert finder: {e['people']} people, {e['items']} items, {e['contact_links']} contact links,"
            f" 300 workgroups ({e['setup_seconds']:.0f} s to build)"
        )
        print(
            f"  'wie is bezig met …?'        p50 {e['experts_p50_ms']:7.1f} ms  p95 {e['experts_p95_ms']:7.1f} ms"
            f"  (target p95 ≤ 50 ms; {e['mean_people_found']:.1f} people per answer)"
        )
        plain = run["search"]["search"]["words"]["plain_fts5"]["p95_ms"]
        print(f"  expert finder / plain FTS5 p95 {e['experts_p95_ms'] / plain:6.1f}x")
        h = run["hostile"]
        print(
            "\nHostile input (a write holds the SQLite write lock for its 'write' time; analysis is the indexer's):"
        )
        for name, figures in h.items():
            if name != "docx":
                print(
                    f"  {name:<28} write {figures['write_ms']:7.1f} ms   indexer {figures['index_ms']:7.1f} ms"
                )
        d = h["docx"]
        print(
            f"  DOCX of {d['size_kb']:.0f} KiB, 40 words of 100,000 letters: text read in {d['extract_ms']:.0f} ms"
            f" (child process), {d['text_chars']:,} characters kept"
        )
        if "plans" in run:
            bench_plans.print_plans(run["plans"])


if __name__ == "__main__":
    main()
