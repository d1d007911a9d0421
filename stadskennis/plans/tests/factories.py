from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans.models import Plan


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    owner = factory.SubFactory(OrganisationFactory)
    title = "Meerjarenplan"
    start_year = 2026
    end_year = 2031
