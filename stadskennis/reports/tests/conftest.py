"""The reports' tests' world: a population indicator with two years for Gent and Antwerpen, an own
indicator only Gent's people see, and a public report that embeds them."""

from __future__ import annotations

from datetime import date

import pytest

from stadskennis.core.reference import reference_load
from stadskennis.indicators.tests.factories import IndicatorFactory, observe
from stadskennis.reports import services

GENT, ANTWERPEN = "44021", "11002"
BODY = """## Bevolking

Gent telde [[cijfer bevolking gent]] en Antwerpen [[cijfer bevolking 11002 2023]].

[[grafiek bevolking]]

[[tabel bevolking]]

[[kaart bevolking]]

Eigen cijfers: [[cijfer eigen-cijfers gent]].
"""


@pytest.fixture
def figures(cast, gent):
    reference_load()
    population = IndicatorFactory(code="bevolking", name="Bevolking op 1 januari", unit="inwoners")
    observe(population, "2022", {GENT: 262000, ANTWERPEN: 529000})
    observe(population, "2023", {GENT: 263500, ANTWERPEN: 530500})
    own = IndicatorFactory(
        code="eigen-cijfers", name="Eigen cijfers", unit="stuks", owner=gent, visibility="organisation"
    )
    observe(own, "2023", {GENT: 4242})
    return population


@pytest.fixture
def report(figures, cast, centre):
    return services.report_create(
        actor=cast["editor"], title="Groei van de centrumsteden", slug="groei", owner=centre,
        visibility="public", introduction="Waar de steden groeien.", body=BODY,
        published_on=date(2026, 11, 1),
    )  # fmt: skip
