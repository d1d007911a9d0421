"""The ORBA bench's plan file: exactly the asked number of elements, in a structure the city's own
import accepts."""

from __future__ import annotations

import random

import pytest

from stadskennis.bench.plans import _plan_csv
from stadskennis.core.tests.factories import OrganisationFactory, ThemeFactory
from stadskennis.plans.models import PlanElement
from stadskennis.plans.services import plan_import
from stadskennis.plans.tests.factories import PlanFactory


@pytest.mark.django_db
def test_the_bench_plan_imports_with_every_element():
    ThemeFactory(slug="wonen")
    plan = PlanFactory(owner=OrganisationFactory())
    data = _plan_csv(random.Random(1), 400, owners=[], themes=["wonen"])
    report = plan_import(plan=plan, name="plan.csv", data=data, actor=None)
    assert report.written, report.problems[:3]
    assert PlanElement.objects.filter(plan=plan).count() == 400
    assert PlanElement.objects.filter(plan=plan, level="action").count() == 190
