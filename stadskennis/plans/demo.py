"""Demo plans, written for the demo from what the seed documents say of ORBA (Antwerp's codes, Mechelen
as the pilot city): loaded through the same import a city uses, so running it twice changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from stadskennis.core.models import Organisation
from stadskennis.plans import releases
from stadskennis.plans.models import Plan, PlanManager
from stadskennis.plans.services import plan_import, statuses_for

DATA = Path(__file__).parent / "demo_data"
DEMO_PLANS = [  # organisation, title, file
    ("antwerpen", "Meerjarenplan", "antwerpen.csv"),
    ("mechelen", "Meerjarenplan", "mechelen.csv"),
]


def demo_plans_load(*, managers: dict[str, object]) -> int:
    """The demo plans; `managers` names each city's plan manager (a demo login). Returns the elements."""
    elements = 0
    for slug, title, name in DEMO_PLANS:
        organisation = Organisation.objects.get(slug=slug)
        plan, _created = Plan.objects.get_or_create(
            owner=organisation, title=title, start_year=2026, defaults={"end_year": 2031}
        )
        report = plan_import(plan=plan, name=name, data=(DATA / name).read_bytes(), actor=None)
        if report.problems:
            raise ValueError(f"demo plan {name}: {report.problems[0]}")
        elements += report.created + report.updated
        if slug in managers:
            PlanManager.objects.get_or_create(organisation=organisation, user=managers[slug])
            if not plan.releases.exists():
                _demo_releases(plan, managers[slug])
    return elements


# What Antwerp's owners reported in the second half of 2026 (code: status, progress, narrative).
DEMO_UPDATES = {
    "2WWS010101": ("lopend", 55, "Het ontwerp van de hervormde heffing ligt bij de juridische dienst."),
    "2WWS010201": ("vertraagd", 30, "De aanbesteding liep vertraging op; gunning verwacht in maart."),
}


def _demo_releases(plan: Plan, manager) -> None:
    """A frozen release for the first half of 2026 and an open one for the second, partly updated."""
    first = releases.release_open(
        plan=plan, title="Rapportering 1e semester 2026", deadline=date(2026, 7, 15), actor=manager
    )
    releases.release_freeze(release=first, actor=manager)
    second = releases.release_open(
        plan=plan, title="Rapportering 2e semester 2026", deadline=date(2027, 1, 15), actor=manager
    )
    statuses = {s.name: s for s in statuses_for(plan.owner)}
    for code, (status, progress, narrative) in DEMO_UPDATES.items():
        entry = second.entries.get(code=code)
        releases.entry_update(
            entry=entry, status=statuses[status], progress=progress, narrative=narrative,
            based_on=entry.version, actor=manager,
        )  # fmt: skip
