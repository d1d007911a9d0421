"""Demo plans, written for the demo from what the seed documents say of ORBA (Antwerp's codes, Mechelen
as the pilot city): loaded through the same import a city uses, so running it twice changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from stadskennis.core.models import Organisation
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.selectors import yearly_figures
from stadskennis.plans import plan_indicators, releases
from stadskennis.plans.models import Plan, PlanElement, PlanIndicator, PlanManager
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
        plan, _created = Plan.objects.get_or_create(  # shared: the demo's comparison shows both cities
            owner=organisation, title=title, start_year=2026,
            defaults={"end_year": 2031, "shared_for_comparison": True},
        )  # fmt: skip
        report = plan_import(plan=plan, name=name, data=(DATA / name).read_bytes(), actor=None)
        if report.problems:
            raise ValueError(f"demo plan {name}: {report.problems[0]}")
        elements += report.created + report.updated
        if not PlanIndicator.objects.filter(element__plan=plan).exists():
            _demo_indicators(plan, managers.get(slug))
        if slug in managers:
            PlanManager.objects.get_or_create(organisation=organisation, user=managers[slug])
            if not plan.releases.exists():
                _demo_releases(plan, managers[slug])
    return elements


SOCIAL_HOUSING = "demo-sociale-huurwoningen-per-100"  # in both cities' plans: compared on one chart
# organisation: [(element code, fields)]; a warehouse indicator's baseline is its 2024 figure
DEMO_INDICATORS = {
    "antwerpen": [
        ("2WWS01", {"warehouse": SOCIAL_HOUSING, "target_gain": "0.6", "target_year": 2031}),
        ("2WWS0101", {
            "name": "Woningen in het leegstandsregister", "unit": "woningen", "direction": "lower",
            "baseline": "3200", "baseline_year": 2024, "target": "2000", "target_year": 2031,
            "trajectory": [(2027, "2700")],
        }),
        ("2WWS010101", {
            "name": "Hervormde heffing goedgekeurd door de gemeenteraad", "kind": "yes_no", "target": "1",
            "target_year": 2027,
        }),
    ],
    "mechelen": [
        ("BD1-D1", {"warehouse": SOCIAL_HOUSING, "target_gain": "0.4", "target_year": 2030}),
        ("BD1-D1-A2", {
            "name": "Herbestemmingsplan parochiekerken", "kind": "steps",
            "steps": ["Inventaris", "Overleg met de kerkfabrieken", "Ontwerp van plan", "Goedgekeurd plan"],
            "baseline": "1", "baseline_year": 2025, "target": "4", "target_year": 2028,
            "trajectory": [(2026, "2"), (2027, "3")],
        }),
    ],
}  # fmt: skip
# What the owners reported in the first half of 2026, per element code: {indicator name: (year, value)}
DEMO_VALUES = {
    "2WWS0101": {"Woningen in het leegstandsregister": (2026, "2980")},
    "2WWS010101": {"Hervormde heffing goedgekeurd door de gemeenteraad": (2026, "0")},
}


def _demo_indicators(plan: Plan, manager) -> None:
    for code, fields in DEMO_INDICATORS.get(plan.owner.slug, []):
        element = PlanElement.objects.get(plan=plan, code=code)
        data = {**fields, "name": fields.get("name", ""), "trajectory": fields.get("trajectory", [])}
        if "warehouse" in data:
            data["warehouse"] = Indicator.objects.filter(code=data["warehouse"]).first()
            if data["warehouse"] is None:  # a demo without Stad in cijfers' catalogue
                continue
            gain = Decimal(data.pop("target_gain"))
            start = yearly_figures(data["warehouse"], plan.owner).get(2024)
            if start is not None:
                data.update(baseline=start, baseline_year=2024, target=start + gain)
        for name in ("baseline", "target"):
            if isinstance(data.get(name), str):
                data[name] = Decimal(data[name])
        plan_indicators.indicator_save(element=element, data=data, actor=manager)


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
    statuses = {s.name: s for s in statuses_for(plan.owner)}
    for code, values in DEMO_VALUES.items():
        entry = first.entries.filter(code=code).first()
        if entry is None:
            continue
        copies = {copy.name: copy.pk for copy in entry.indicators.all()}
        reported = {copies[name]: (year, Decimal(value)) for name, (year, value) in values.items()}
        releases.entry_update(
            entry=entry, status=statuses.get(entry.status_name), progress=entry.progress,
            narrative=entry.narrative, based_on=entry.version, actor=manager, indicator_values=reported,
        )  # fmt: skip
    releases.release_freeze(release=first, actor=manager)
    second = releases.release_open(
        plan=plan, title="Rapportering 2e semester 2026", deadline=date(2027, 1, 15), actor=manager
    )
    for code, (status, progress, narrative) in DEMO_UPDATES.items():
        entry = second.entries.get(code=code)
        releases.entry_update(
            entry=entry, status=statuses[status], progress=progress, narrative=narrative,
            based_on=entry.version, actor=manager,
        )  # fmt: skip
