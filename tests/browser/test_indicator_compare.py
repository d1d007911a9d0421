"""The compare builder in real Chromium, on a laptop (1280 px) and a phone (390 px): zero axe-core
violations, readable buttons and links, never wider than the window (the tables scroll in their own
box), nothing from another host, and a comparison chosen with the checkboxes without JavaScript. With
SCREENSHOT_DIR set it keeps cijfers-vergelijken.png (for docs/screenshots/) and its top on a
phone, cijfers-vergelijken-telefoon.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, MemberFactory
from stadskennis.core.models import Organisation
from stadskennis.core.reference import reference_load
from stadskennis.indicators.demo_catalogue import demo_indicators_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPARE = (
    "/cijfers/vergelijken/?stad=44021&stad=11002&stad=71022&stad=04000&stad=73040"
    "&indicator=demo-werkzaamheidsgraad&indicator=demo-leefloners-per-1000&indicator=demo-tevredenheid-stad"
    "&van=2015&tot=2024"
)


@pytest.fixture
def figures(db):
    reference_load()
    demo_indicators_load()
    return MemberFactory(email="lid@gent.example", organisation=Organisation.objects.get(slug="gent"))


def test_the_compare_builder_is_accessible_on_a_laptop_and_a_phone(visit, figures):
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    assert v.problems_at_widths(("/cijfers/vergelijken/", COMPARE)) == {}
    assert v.foreign_requests() == []


def test_a_comparison_is_chosen_with_checkboxes_without_javascript(visit, figures):
    v = visit(javascript=False)
    v.page.goto("/cijfers/demo-werkzaamheidsgraad/")
    v.click("text=Vergelijk steden")  # the indicator chosen, the 13 centre cities compared
    assert v.page.locator("input[name=stad]:checked").count() == 13
    assert v.page.locator("table.figures-table tbody tr").count() == 15
    v.page.goto("/cijfers/vergelijken/")
    v.page.check("input[name=stad][value='44021']")
    v.page.check("input[name=stad][value='11002']")
    v.page.check("input[name=indicator][value='demo-werkzaamheidsgraad']")
    v.page.fill("#id-van", "2020")
    v.page.fill("#id-tot", "2024")
    v.click("form.compare-form button[type=submit]")
    assert "stad=11002&stad=44021" in v.page.url and "indicator=demo-werkzaamheidsgraad" in v.page.url
    names = v.page.locator("table.figures-table tbody th").all_inner_texts()
    assert names == ["Antwerpen", "Gent", "Centrumsteden samen", "Vlaams Gewest"]
    assert v.page.locator("table.figures-table thead th").all_inner_texts()[1:] == [
        "2020", "2021", "2022", "2023", "2024",
    ]  # fmt: skip
    assert v.page.locator("svg.line-chart").count() == 1


def test_compare_screenshot(visit, figures, tmp_path):
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    v.page.set_viewport_size({"width": 1280, "height": 900})
    v.page.goto(COMPARE)
    v.page.screenshot(path=str(target / "cijfers-vergelijken.png"), full_page=True)
    assert (target / "cijfers-vergelijken.png").stat().st_size > 20_000
    v.page.set_viewport_size({"width": 390, "height": 1800})
    v.page.goto(COMPARE)
    v.page.screenshot(path=str(target / "cijfers-vergelijken-telefoon.png"))
