"""A city's own datasets in real Chromium (issue 14, point 6): a member of Gent finds "Eigen datasets" in
the catalogue, adds an own indicator mapped to a common one, sees it marked on its page, and lists it,
with zero axe-core violations. Screenshots go to SCREENSHOT_DIR (or a temporary folder):
cijfers-eigen-nieuw.png, cijfers-eigen-indicator.png and cijfers-eigen-datasets.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, UserFactory
from stadskennis.core.reference import reference_load
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "greet@gent.example"


@pytest.fixture
def gent_member(db):
    gent = OrganisationFactory(slug="gent", name="Stad Gent", short_name="Gent")
    reference_load()
    common = IndicatorFactory(code="fietsers", name="Fietsers geteld", unit="fietsers")
    observe(common, "2020", {"44021": 5200, "11002": 7100})
    UserFactory(email=MEMBER, organisation=gent)
    return gent


def accessible(v):
    assert v.axe_violations() == []
    assert v.low_contrast_controls() == []
    assert v.foreign_requests() == []


def test_a_member_adds_an_own_indicator_and_sees_it_marked(visit, gent_member, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    v = visit()
    v.login(MEMBER, PASSWORD)
    v.page.goto("/cijfers/")
    v.click("text=Eigen datasets van je organisatie")
    assert v.page.url.endswith("/cijfers/eigen-datasets/")
    v.click("text=Nieuwe eigen indicator")
    v.page.fill("#id_code", "fietstelling")
    v.page.fill("#id_name", "Fietstelling aan de ring")
    v.page.fill("#id_description", "Fietsers geteld door de telpalen aan de R40.")
    v.page.select_option("#id_aggregation", "sum")
    v.page.select_option("#id_common_definition", "fietsers")
    accessible(v)
    v.page.screenshot(path=str(shots / "cijfers-eigen-nieuw.png"), full_page=True)
    v.click("main form button.button[type=submit]:not([hidden])")
    v.page.wait_for_url("**/cijfers/gent-fietstelling/")
    main = v.page.inner_text("main")
    assert "Eigen dataset van Gent" in main and "niet gedeeld" in main
    assert "zelfde definitie als Fietsers geteld" in main
    indicator = Indicator.objects.get(code="gent-fietstelling")
    assert (indicator.owner, indicator.visibility) == (gent_member, "organisation")
    accessible(v)
    v.page.screenshot(path=str(shots / "cijfers-eigen-indicator.png"), full_page=True)
    v.page.goto("/cijfers/eigen-datasets/")
    assert "Fietstelling aan de ring" in v.page.inner_text("main table")
    accessible(v)
    v.page.screenshot(path=str(shots / "cijfers-eigen-datasets.png"), full_page=True)
