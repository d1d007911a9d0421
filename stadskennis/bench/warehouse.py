"""The warehouse benchmark of issue 14 (part of `make bench`): `python -m stadskennis.bench.warehouse`.

Per backend, in a child process with the production settings (as stadskennis.bench.run): the reference
geography (`load-reference`), a catalogue of BENCH_WAREHOUSE_INDICATORS indicators on PostgreSQL (default
2,000; SQLite gets a tenth) and their figures for the 300 Flemish municipalities over 25 years: 15,000,000
rows on PostgreSQL, 1,500,000 on SQLite. Most are written straight into the table (warehouse_data.py); the
last 22/150 go in through the product's own `stadskennis import-observations FILE` in two files (2,000,000
and 200,000 rows at full size), each in its own process, timed, with its peak memory (VmHWM, read while
it runs), and the command's start-up timed on a file without rows. Then, with
Django's test client as in run.py and a static file as the baseline of the same process: the indicator
page, the compare builder (14 cities × 10 indicators × 25 years) and the choropleth of 300 municipalities,
each first-time (a different indicator per request, so the figure cache cannot help) and repeated; the
worker's warm-up of the imported indicators (tasks.figures_warm) timed, and the page of an imported
indicator as a process that did not compute it reads it ("after an import"); the catalogue and the similar
municipalities' page, which list every indicator; and the Flemish Region's figures beside DuckDB's
(warehouse_duckdb.py). BENCH_BACKENDS as in run.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stadskennis.bench.run import PG_ADMIN_URL, _measure, _percentile, child_environment

DATABASE = "stadskennis_bench_warehouse"
ROUNDS = 30  # requests per page and kind (first-time and repeated)
CENTRE_CITIES_PLUS = ["23088"]  # Vilvoorde: the 14th city of the comparison, beside the 13 centre cities


def _say(message: str) -> None:
    """Progress on stderr (the report comes at the end, on stdout)."""
    print(f"{time.strftime('%H:%M:%S')} warehouse: {message}", file=sys.stderr, flush=True)


def _high_water_mib(pid: int) -> float | None:
    """The process's peak resident memory so far (VmHWM, of its own program only), or None if gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next(
        (int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), None
    )


def _import(path: Path, *args: str) -> dict:
    """`stadskennis import-observations path` in its own process: seconds, peak RSS, its report.

    The peak is the command's own: read from /proc while it runs (VmHWM, its last reading before it
    ended). `wait4`'s ru_maxrss would not do: Linux carries a process's peak across exec, so it reports
    this bench process's size, from before the fork."""
    command = [str(Path(sys.executable).parent / "stadskennis"), "import-observations", str(path), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)  # noqa: S603 (our own command)
        peak = 0.0
        while True:
            pid, status, _usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _high_water_mib(process.pid) or 0.0)
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        report, problems = out.read().decode().strip(), err.read().decode()[-2000:]
    if process.returncode != 0:
        raise RuntimeError(f"import-observations failed: {problems}")
    return {"seconds": seconds, "peak_rss_mb": peak, "report": report.splitlines()[-1]}


def _warm(specs, imported: list[int]) -> dict:
    """What the worker does after an import (tasks.figures_warm), timed: the imported indicators' pages
    computed and kept in the database. This process's own cache is emptied afterwards, so the pages
    timed next read what was kept, as another web process would."""
    from django.core.cache import cache

    from stadskennis.indicators.models import Indicator
    from stadskennis.indicators.series import series_warm

    ids = list(
        Indicator.objects.filter(code__in=[specs[n].code for n in imported]).values_list("pk", flat=True)
    )
    started = time.perf_counter()
    computed = series_warm(ids)
    seconds = time.perf_counter() - started
    cache.clear()
    return {"indicators": computed, "seconds": seconds}


def _pages(specs, n_rows_each: int, imported: list[int]) -> dict:
    from django.templatetags.static import static
    from django.test import Client

    from stadskennis.indicators.aggregation import municipalities_on
    from stadskennis.indicators.maps import choropleth
    from stadskennis.indicators.models import AreaGroup, Indicator
    from stadskennis.indicators.reference import CENTRE_CITIES

    client = Client()
    results = {"static file": _measure(client, static("css/stadskennis.css"))}
    # sums, ratios and `none` alike, never computed before (not among the imported ones, which the
    # worker's warm-up computed)
    shown = [s for s in specs if s.number % 10 in (0, 5, 6, 8) and s.number not in set(imported)]
    step = max(1, len(shown) // (ROUNDS + 1))
    first_time = [s.code for s in shown[::step]][: ROUNDS + 1]

    def timed(path: str) -> float:
        started = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return (time.perf_counter() - started) * 1000

    cold = [timed(f"/cijfers/{code}/") for code in first_time[1:]]
    warm = [timed(f"/cijfers/{first_time[0]}/") for _ in range(ROUNDS)]
    results["indicator page, first time"] = _stats(cold)
    results["indicator page, repeated"] = _stats(warm)
    kept = [specs[n].code for n in imported if n % 10 in (0, 5, 6, 8)]
    kept = kept[:: max(1, len(kept) // ROUNDS)][:ROUNDS]
    results["indicator page, after an import"] = _stats([timed(f"/cijfers/{code}/") for code in kept])

    centre = AreaGroup.objects.get(slug=CENTRE_CITIES)
    cities = sorted({a.code for a in centre.members.filter(valid_from__isnull=True)}) + CENTRE_CITIES_PLUS
    ten = [s.code for s in specs if s.number % 10 in (0, 1, 5, 6, 7)]

    def compare_path(round_: int) -> str:
        chosen = [ten[(round_ * 10 + k) % len(ten)] for k in range(10)]
        query = "&".join([f"stad={c}" for c in cities] + [f"indicator={c}" for c in chosen])
        return f"/cijfers/vergelijken/?{query}&van=2000&tot=2024"

    timed(compare_path(0))  # warm-up: the geography and the templates
    results["compare 14 x 10 x 25, first time"] = _stats(
        [timed(compare_path(r)) for r in range(1, ROUNDS + 1)]
    )
    results["compare 14 x 10 x 25, repeated"] = _stats([timed(compare_path(1)) for _ in range(ROUNDS)])
    results["compare cities"] = len(cities)
    # Pages that list every indicator the visitor may see: the catalogue, and the similar
    # municipalities' form (with a result for five indicators, a different five each time)
    results["catalogue, every indicator"] = _stats([timed("/cijfers/") for _ in range(ROUNDS)])
    results["similar municipalities, form"] = _stats(
        [timed("/cijfers/vergelijkbaar/") for _ in range(ROUNDS)]
    )

    def similar_path(round_: int) -> str:
        chosen = "&".join(f"indicator={ten[(round_ * 5 + k) % len(ten)]}" for k in range(5))
        return f"/cijfers/vergelijkbaar/?gemeente=44021&{chosen}&jaar=2020"

    results["similar municipalities, 5 indicators"] = _stats(
        [timed(similar_path(r)) for r in range(1, ROUNDS + 1)]
    )

    map_codes = [s.code for s in shown[step // 2 :: step]][:ROUNDS]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=map_codes)}
    from datetime import date

    def drawn(code: str, year: int) -> float:
        started = time.perf_counter()
        the_map = choropleth(
            indicators[code], str(year), date(year, 1, 1), boundaries=None, confidential_visible=False
        )
        the_map.paths_html(), the_map.rows_html()
        assert len(the_map.areas) >= 300, len(the_map.areas)
        return (time.perf_counter() - started) * 1000

    results["choropleth, first time"] = _stats([drawn(c, 2000 + i % 25) for i, c in enumerate(map_codes)])
    results["choropleth, repeated"] = _stats([drawn(map_codes[0], 2000) for _ in range(ROUNDS)])
    results["choropleth municipalities"] = municipalities_on(date(2020, 1, 1)).count()
    return results


def _as_autovacuum() -> None:
    """What autovacuum does after a load, now rather than at some moment during the timings: on
    PostgreSQL the new rows' visibility (so the covering indexes answer without reading the table) and
    the planner statistics; on SQLite the statistics."""
    from django.db import connection

    from stadskennis.core.maintenance import refresh_planner_statistics

    if connection.vendor != "postgresql":
        refresh_planner_statistics()
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) indicators_observation")
        cursor.execute("VACUUM (ANALYZE) indicators_areasum")
    refresh_planner_statistics()


def _stats(samples: list[float]) -> dict:
    return {"median_ms": _percentile(samples, 0.5), "p95_ms": _percentile(samples, 0.95), "n": len(samples)}


def run_one() -> dict:
    """Inside the child process: the environment names the database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from stadskennis.core.process import ready_to_serve

    # As the web server's entry point does (config/wsgi.py): every view module and template loaded
    # now (a long run is not hit by an edit made meanwhile), then frozen for the garbage collector.
    ready_to_serve()

    from stadskennis.bench import warehouse_data as data

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load-reference", verbosity=0)
    wanted = int(os.environ.get("BENCH_WAREHOUSE_INDICATORS", "2000"))
    n_indicators = max(10, (wanted if connection.vendor == "postgresql" else wanted // 10) // 10 * 10)
    specs = data.catalogue(n_indicators)
    pks = data.catalogue_create(specs)
    areas = data.municipalities()
    total = n_indicators * len(areas) * len(data.YEARS)
    big = total * 2 // 15
    small = big // 10
    generated = total - big - small
    out = {
        "backend": connection.vendor,
        "indicators": n_indicators,
        "municipalities": len(areas),
        "total": total,
    }
    started = time.perf_counter()
    _say(f"{connection.vendor}: writing {generated:,} rows straight in")
    out["generated_rows"] = data.warehouse_fill(specs, pks, areas, 0, generated)
    out["generate_s"] = time.perf_counter() - started
    # What the merges that wrote these figures would have done in their transactions: note the change
    # and sum the regions (area_sums.py), timed apart.
    from django.utils import timezone

    from stadskennis.indicators.area_sums import area_sums_refresh
    from stadskennis.indicators.models import Indicator

    started = time.perf_counter()
    Indicator.objects.filter(pk__in=pks.values()).update(figures_changed_at=timezone.now())
    out["sums_written"] = area_sums_refresh(list(pks.values()))
    out["sums_s"] = time.perf_counter() - started
    _as_autovacuum()
    folder = Path(tempfile.mkdtemp(prefix="warehouse-"))
    files = {"small": folder / "small.csv", "big": folder / "big.csv"}
    out["small_rows"] = data.write_csv(files["small"], specs, areas, generated, generated + small)
    out["big_rows"] = data.write_csv(files["big"], specs, areas, generated + small, total)
    _say(f"importing {small:,} and {big:,} rows through import-observations")
    files["empty"] = folder / "empty.csv"
    files["empty"].write_text("indicator,geo,period,value\n", encoding="utf-8")
    out["import_empty"] = _import(files["empty"])  # the command's own start-up, to tell apart
    out["import_small"] = _import(files["small"], "--source-version", "bench-1")
    out["import_big"] = _import(files["big"], "--source-version", "bench-1")
    out["reimport_small"] = _import(files["small"], "--source-version", "bench-1")
    for name in ("import_empty", "import_small", "import_big", "reimport_small"):
        _say(f"{name}: {out[name]}")  # on record even if a later step fails
    for path in files.values():
        path.unlink()
    _as_autovacuum()
    from stadskennis.indicators.models import Observation

    out["observations"] = Observation.objects.filter(source_version__startswith="bench").count()
    per_indicator = len(areas) * len(data.YEARS)
    imported = list(range(generated // per_indicator, n_indicators))
    _say(f"{out['observations']:,} observations; the worker's warm-up of {len(imported)} imported indicators")
    out["warm"] = _warm(specs, imported)
    _say(f"warm-up: {out['warm']}; timing the pages")
    out["pages"] = _pages(specs, len(areas), imported)
    _say("the Flemish Region against DuckDB")
    from stadskennis.bench import warehouse_duckdb

    codes = [s.code for s in specs if s.number in (0, 1, 5, 6, 7)]  # two sums, three ratios of them
    out["duckdb"] = warehouse_duckdb.run(folder, codes)
    folder.rmdir()
    return out


def _child(database_url: str, workdir: Path) -> dict:
    env = child_environment(database_url, workdir)
    out = subprocess.run(  # noqa: S603 (this very module)
        [sys.executable, "-m", "stadskennis.bench.warehouse", "--child"],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _postgres(action: str) -> str | None:
    import psycopg

    try:
        with psycopg.connect(
            PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True, connect_timeout=5
        ) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            if action == "create":
                conn.execute(f"CREATE DATABASE {DATABASE}")
                conn.execute(f"ALTER DATABASE {DATABASE} SET random_page_cost = 1.1")  # docs/deploy.md
    except psycopg.Error as error:
        if os.environ.get("CI") == "true":
            raise SystemExit(f"PostgreSQL unreachable under CI=true: {error}") from error
        print(f"(PostgreSQL unreachable, warehouse bench skipped there: {error})")
        return None
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{DATABASE}"


def _print(run: dict) -> None:
    print(
        f"\n== {run['backend']}: warehouse of {run['observations']:,} observations "
        f"({run['indicators']} indicators × {run['municipalities']} municipalities × 25 years)"
    )
    print(
        f"  written straight in (bench only)  {run['generated_rows']:>10,} rows in {run['generate_s']:6.1f} s"
    )
    print(
        f"  regions' sums of those rows (what their merges write)  {run['sums_written']:>10,} sums"
        f" in {run['sums_s']:6.1f} s"
    )
    target = 100_000 if run["backend"] == "postgresql" else 30_000
    startup = run["import_empty"]["seconds"]
    print(f"  the command's start-up (a file without rows): {startup:.1f} s, left out of 'net'")
    for name in ("import_small", "import_big", "reimport_small"):
        i = run[name]
        rows = run["small_rows" if "small" in name else "big_rows"]
        print(
            f"  {name.replace('_', ' '):<17} {rows:>10,} rows in {i['seconds']:6.1f} s"
            f" = {rows / i['seconds']:8,.0f} rows/s"
            + (f" (net {rows / (i['seconds'] - startup):8,.0f})" if i["seconds"] > 2 * startup else "")
            + f"  peak RSS {i['peak_rss_mb']:6.0f} MiB  ({i['report']}; target ≥ {target:,} rows/s)"
        )
    ratio = run["import_big"]["peak_rss_mb"] / run["import_small"]["peak_rss_mb"]
    print(f"  peak RSS, big file / file ten times smaller: {ratio:.2f} (flat memory: ~1)")
    pages = run["pages"]
    base = pages["static file"]["p95_ms"]
    print(
        f"  {'request (Django test client, server time)':<44}{'median ms':>10}{'p95 ms':>9}"
        f"{'p95/static':>12}  n"
    )
    for name, figures in pages.items():
        if isinstance(figures, dict):
            print(
                f"  {name:<44}{figures['median_ms']:>10.1f}{figures['p95_ms']:>9.1f}"
                f"{figures['p95_ms'] / base:>11.0f}x  {figures.get('n', 300)}"
            )
    print("  targets p95: indicator page ≤ 100 ms, compare ≤ 150 ms, choropleth ≤ 80 ms")
    w = run["warm"]
    print(
        f"  the worker's warm-up after the imports: {w['indicators']} indicators (and ratios on them)"
        f" computed and kept in {w['seconds']:.1f} s; 'after an import' reads what it kept"
    )
    d = run["duckdb"]
    print(
        f"  Flemish Region, ours against DuckDB {__import__('duckdb').__version__}"
        f" over the same {d['rows']:,} rows"
        f" (export {d['export_s']:.1f} s, DuckDB load {d['duckdb_load_s']:.1f} s):"
    )
    ours = d["ours_ms_per_indicator"]
    print(
        f"    DuckDB: every sum and ratio indicator × 25 years ({d['duckdb_cube_cells']:,} figures) in"
        f" {d['duckdb_cube_ms']:.0f} ms; the {len(ours)} indicators below in {d['duckdb_chosen_ms']:.0f} ms"
    )
    print(
        f"    ours:   {len(ours)} indicators × 25 years, per indicator median"
        f" {_percentile(ours, 0.5):.0f} ms,"
        f" max {max(ours):.0f} ms; {d['cells_compared']} figures compared, largest relative difference"
        f" {d['max_relative_difference']}"
    )
    for code, period, theirs, mine in d["sample"]:
        print(f"    {code} {period}: DuckDB {theirs:>22}  ours {mine:>22}")
    sys.stdout.flush()


def main() -> None:
    if "--child" in sys.argv:
        print(json.dumps(run_one()))
        return
    runs = []
    backends = os.environ.get("BENCH_BACKENDS", "sqlite,postgresql").split(",")
    with tempfile.TemporaryDirectory() as tmp:
        print("\nWarehouse (issue 14): production settings, one process per backend; imports through")
        print("`stadskennis import-observations FILE`, each in its own process.", flush=True)
        if "sqlite" in backends:
            runs.append(_child(f"sqlite:///{tmp}/warehouse.sqlite3", Path(tmp) / "sqlite"))
            _print(runs[-1])
        if "postgresql" in backends and (url := _postgres("create")):
            try:
                runs.append(_child(url, Path(tmp) / "pg"))
                _print(runs[-1])
            finally:
                _postgres("drop")


if __name__ == "__main__":
    main()
