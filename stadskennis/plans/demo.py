"""Demo plans, written for the demo from what the seed documents say of ORBA (Antwerp's codes, Mechelen
as the pilot city): loaded through the same import a city uses, so running it twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from stadskennis.core.models import Organisation
from stadskennis.plans.models import Plan, PlanManager
from stadskennis.plans.services import plan_import

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
    return elements
