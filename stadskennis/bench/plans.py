"""ORBA at scale (part of `make bench`; alone with BENCH_ONLY=plans).

Fourteen organisations (the centre cities and the VGC) each get a multi-year plan of BENCH_PLAN_ELEMENTS
elements (default 1,500: 10 domains, 50 objectives, 150 action plans, the rest actions), imported
through the city's own CSV import, shared for comparison. The first plan gets 300 indicators and 10
releases, each opened (one entry per element), 200 entries updated by their owners through the service
(with their indicators' values), and frozen. Timed:
the import, opening and freezing a release, comparing the last two releases (the service and the
page), the council report's PDF as the worker draws it, the internal dashboard, the council report
page, an element's page with its indicators, and the cross-city comparison of one theme.
"""

from __future__ import annotations

import os
import random
import time
from datetime import date
from decimal import Decimal

SEED = 2026
RELEASES = 10
INDICATORS = 300
UPDATES_PER_RELEASE = 200


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _timed_page(client, path: str, rounds: int) -> dict:
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": _percentile(samples, 0.5), "p95_ms": _percentile(samples, 0.95)}


def _plan_csv(rng: random.Random, n_elements: int, owners: list[str], themes: list[str]) -> bytes:
    statuses = ["niet gestart", "lopend", "lopend", "lopend", "vertraagd", "gerealiseerd", "geannuleerd", ""]
    words = (
        "wonen leegstand mobiliteit fiets klimaat groen zorg jeugd onderwijs cultuur veiligheid haven".split()
    )
    rows = ["code;bovenliggende code;niveau;titel;status;voortgang;schepen;dienst;start;einde;thema's;tags;"
            "eigenaar;publiek"]  # fmt: skip
    count = 0

    def row(code, parent, level, progress=""):
        nonlocal count
        count += 1
        title = f"{rng.choice(words).capitalize()} {rng.choice(words)} {code}"
        status = rng.choice(statuses) if level == "actie" else ""
        sdg = f"SDG {rng.randint(1, 17)}.{rng.randint(1, 9)}"
        rows.append(
            f"{code};{parent};{level};{title};{status};{progress};Schepen {rng.randint(1, 8)};"
            f"Dienst {rng.randint(1, 12)};2026-01-01;{rng.choice(['2027-12-31', '2031-12-31'])};"
            f"{rng.choice(themes)};{sdg};{rng.choice(owners) if owners and level == 'actie' else ''};"
            f"{'ja' if rng.random() < 0.5 else 'nee'}"
        )

    actions = n_elements - 210
    for d in range(10):
        row(f"D{d}", "", "beleidsdomein")
        for o in range(5):
            row(f"D{d}O{o}", f"D{d}", "beleidsdoelstelling")
            for a in range(3):
                plan_code = f"D{d}O{o}A{a}"
                row(plan_code, f"D{d}O{o}", "actieplan")
                n_actions = actions // 150 + (1 if (d * 15 + o * 3 + a) < actions % 150 else 0)
                for x in range(n_actions):
                    row(
                        f"{plan_code}X{x}",
                        plan_code,
                        "actie",
                        str(rng.randint(0, 100)) if rng.random() < 0.7 else "",
                    )
    assert count == n_elements, count
    return "\n".join(rows).encode()


def run(n_elements: int) -> dict:
    from django.test import Client

    from stadskennis.accounts.models import User
    from stadskennis.core.models import Organisation, Theme
    from stadskennis.plans import release_reports, releases
    from stadskennis.plans.comparison import compare_plans
    from stadskennis.plans.council_pdf import council_pdf
    from stadskennis.plans.models import Plan, PlanElement, PlanManager, Release, ReleaseIndicator
    from stadskennis.plans.services import plan_import, statuses_for

    rng = random.Random(SEED)
    organisations = list(Organisation.objects.filter(kind__in=["centre_city", "vgc"]).order_by("name"))[:14]
    themes = list(Theme.objects.values_list("slug", flat=True))
    import_seconds, plans = [], []
    for n, organisation in enumerate(organisations):
        owners = []
        for k in range(30):
            user, _new = User.objects.get_or_create(
                email=f"bench.plan{n}.{k}@stadskennis.example",
                defaults={"full_name": f"Eigenaar {k}", "organisation": organisation},
            )
            owners.append(user.email)
        manager = User.objects.get(email=owners[0])
        PlanManager.objects.get_or_create(organisation=organisation, user=manager)
        plan = Plan.objects.create(
            owner=organisation, title="Meerjarenplan (bench)", start_year=2026, end_year=2031,
            shared_for_comparison=True, created_by=manager,
        )  # fmt: skip
        started = time.perf_counter()
        report = plan_import(
            plan=plan, name="plan.csv", data=_plan_csv(rng, n_elements, owners, themes), actor=manager
        )
        import_seconds.append(time.perf_counter() - started)
        assert report.written, report.problems[:3]
        plans.append((plan, manager))

    plan, manager = plans[0]
    indicators = _indicators(rng, plan, manager)
    statuses = [s for s in statuses_for(plan.owner) if not s.excluded_from_rollup]
    open_seconds, freeze_seconds, made = [], [], []
    for r in range(RELEASES):
        started = time.perf_counter()
        release = releases.release_open(
            plan=plan, title=f"Rapportering {r + 1}", deadline=date(2026, 12, 31), actor=manager
        )
        open_seconds.append(time.perf_counter() - started)
        entries = list(release.entries.filter(owner__isnull=False).select_related("release", "owner"))
        for entry in rng.sample(entries, min(UPDATES_PER_RELEASE, len(entries))):
            values = {
                copy.pk: (
                    2026 + r // 2,
                    Decimal(rng.randint(0, 1) if copy.kind == "yes_no" else rng.randint(50, 150)),
                )
                for copy in entry.indicators.filter(warehouse=False)
            }
            releases.entry_update(
                entry=entry, status=rng.choice(statuses), progress=rng.randint(0, 100),
                narrative=f"Stand van zaken {r + 1}.", based_on=entry.version, actor=entry.owner,
                indicator_values=values,
            )  # fmt: skip
        started = time.perf_counter()
        releases.release_freeze(release=release, actor=manager)
        freeze_seconds.append(time.perf_counter() - started)
        made.append(release)

    before, after = made[-2], made[-1]
    started = time.perf_counter()
    pdf = council_pdf(after)  # what the worker draws, in the language of the run
    pdf_seconds = time.perf_counter() - started
    compare_samples = []
    for _ in range(10):
        started = time.perf_counter()
        release_reports.release_compare(before, after)
        compare_samples.append((time.perf_counter() - started) * 1000)
    client = Client()
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    rounds = int(os.environ.get("BENCH_PLAN_ROUNDS", "30"))
    theme = Theme.objects.order_by("slug").first()
    cities = compare_plans(user=manager, theme=theme.slug)
    indicated = PlanElement.objects.filter(plan=plan, indicators__isnull=False).order_by("pk").first()
    return {
        "elements_per_plan": n_elements,
        "indicators": indicators,
        "indicator_copies": ReleaseIndicator.objects.filter(entry__release__plan=plan).count(),
        "organisations": len(plans),
        "releases": len(made),
        "frozen": Release.objects.filter(plan=plan, phase="frozen").count(),
        "import_s_max": max(import_seconds),
        "open_s_max": max(open_seconds),
        "freeze_s_max": max(freeze_seconds),
        "council_pdf_s": pdf_seconds,
        "council_pdf_kib": len(pdf) // 1024,
        "compare_service_p95_ms": _percentile(compare_samples, 0.95),
        "compare_page": _timed_page(
            client, f"/plannen/{plan.pk}/rapporteringen/vergelijken/?voor={before.pk}&na={after.pk}", rounds
        ),
        "dashboard": _timed_page(client, f"/plannen/{plan.pk}/dashboard/", rounds),
        "dashboard_by_alderman": _timed_page(
            client, f"/plannen/{plan.pk}/dashboard/?groep=politician", rounds
        ),
        "council_report": _timed_page(client, f"/plannen/rapportering/{after.pk}/rapport/", rounds),
        "element_page": _timed_page(client, f"/plannen/element/{indicated.pk}/", rounds),
        "cross_city": _timed_page(client, f"/plannen/vergelijken/?thema={theme.slug}", rounds),
        "cross_city_plans": len(cities),
        "cross_city_elements": sum(len(c.elements) for c in cities),
    }


def _indicators(rng: random.Random, plan, manager) -> int:
    """INDICATORS indicators on as many elements of `plan`: a tenth of Stad in cijfers (when the demo
    catalogue is there), a tenth yes/no, the rest numbers with a trajectory."""
    from stadskennis.indicators.models import Indicator
    from stadskennis.plans.plan_indicators import indicator_save

    warehouse = list(Indicator.objects.filter(visibility="public").order_by("code")[:20])
    elements = rng.sample(list(plan.elements.order_by("pk")), min(INDICATORS, plan.elements.count()))
    for n, element in enumerate(elements):
        if n % 10 == 0 and warehouse:
            data = {"warehouse": warehouse[n % len(warehouse)], "name": "", "direction": "higher"}
        elif n % 10 == 1:
            data = {"name": f"Besluit {n}", "kind": "yes_no", "target": Decimal(1), "target_year": 2028}
        else:
            data = {
                "name": f"Indicator {n}", "unit": "stuks", "direction": rng.choice(["higher", "lower"]),
                "baseline": Decimal(100), "baseline_year": 2025, "target": Decimal(rng.choice([50, 150])),
                "target_year": 2031, "trajectory": [(2028, Decimal(rng.randint(60, 140)))],
            }  # fmt: skip
        indicator_save(element=element, data=data, actor=manager)
    return len(elements)


def elements_from_env() -> int:
    return int(os.environ.get("BENCH_PLAN_ELEMENTS", "1500"))


def print_plans(p: dict) -> None:
    print(
        f"\nORBA: {p['organisations']} organisations × {p['elements_per_plan']} elements, "
        f"{p['releases']} releases ({p['frozen']} frozen) on the first plan, with {p['indicators']} "
        f"indicators ({p['indicator_copies']} copies in its releases)"
    )
    print(f"  import of one plan (CSV)      max {p['import_s_max']:7.2f} s")
    print(f"  opening a release             max {p['open_s_max']:7.2f} s")
    print(f"  freezing a release            max {p['freeze_s_max']:7.2f} s  (target ≤ 2 s)")
    print(
        f"  comparing two releases        p95 {p['compare_service_p95_ms']:7.1f} ms (service; target ≤ 300)"
    )
    print(
        f"  council report PDF            {p['council_pdf_s']:7.2f} s  "
        f"({p['council_pdf_kib']} KiB; target ≤ 10 s)"
    )
    for name, label, target in (
        ("compare_page", "release comparison page", ""),
        ("dashboard", "internal dashboard", " (target ≤ 150)"),
        ("dashboard_by_alderman", "dashboard per alderman", " (target ≤ 150)"),
        ("council_report", "council report (HTML)", ""),
        ("element_page", "element page with indicators", ""),
        ("cross_city", "cross-city comparison, theme", " (target ≤ 200)"),
    ):
        figure = p[name]
        print(f"  {label:29} p50 {figure['p50_ms']:7.1f} ms  p95 {figure['p95_ms']:7.1f} ms{target}")
    print(f"  (the theme matched {p['cross_city_elements']} elements in {p['cross_city_plans']} plans)")
