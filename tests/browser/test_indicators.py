"""Stad in cijfers in real Chromium, on a laptop (1280 px) and a phone (390 px): the catalogue, an
indicator page with its chart, ranking and map (on either boundaries), a city profile; zero axe-core
violations, readable buttons and links, never wider than the window (wide tables scroll in their own
box), nothing from another host, and the boundaries switched without JavaScript. With SCREENSHOT_DIR set
it keeps docs/screenshots/indicator.png (the whole page), indicator-telefoon.png (its top on a
phone) and stadsprofiel.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, MemberFactory
from stadskennis.core.models import Organisation
from stadskennis.core.reference import reference_load
from stadskennis.indicators.demo_catalogue import demo_indicators_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INDICATOR = "/cijfers/demo-werkzaamheidsgraad/"
PAGES = [
    "/cijfers/",
    INDICATOR,
    INDICATOR + "?grenzen=2025&stad=gent",
    "/cijfers/demo-leefloners-per-1000/",  # Herstappe's count is confidential: withheld, and Flanders with it
    "/cijfers/demo-tevredenheid-stad/",  # measured in the centre cities only, never added up
    "/cijfers/bevolking/",  # the real population of 2020, on the date periodicity
    "/cijfers/stad/gent/",
    "/cijfers/stad/herstappe/?thema=diversiteit-en-sociaal-kapitaal",
]
WIDTHS = (1280, 390)


@pytest.fixture
def figures(db):
    reference_load()
    demo_indicators_load()
    return MemberFactory(email="lid@gent.example", organisation=Organisation.objects.get(slug="gent"))


def test_the_figures_pages_are_accessible_on_a_laptop_and_a_phone(visit, figures):
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    assert v.problems_at_widths(PAGES, WIDTHS) == {}
    assert v.foreign_requests() == []


def test_the_map_and_the_boundaries_work_without_javascript(visit, figures):
    v = visit(javascript=False)
    v.page.goto(INDICATOR)
    assert v.page.locator("svg.choropleth path").count() == 319
    title = v.page.text_content("svg.choropleth title#kaart-titel")
    assert title == "Werkzaamheidsgraad 20–64 jaar per gemeente, 2024"
    v.page.check("input[name=grenzen][value='2025']")
    v.click("form.filters button[type=submit]")
    assert "grenzen=2025" in v.page.url
    assert v.page.locator("svg.choropleth path").count() == 304
    assert "Hasselt (71022) + Kortessem (73040)" in v.page.inner_text("table.figures-table")


def test_indicator_screenshots(visit, figures, tmp_path):
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    profile = "/cijfers/stad/gent/?thema=dynamiseren-en-economische-hefbomen"
    shots = {  # name: address, width, height (None: the whole page)
        "indicator": (INDICATOR, 1280, None),
        "indicator-telefoon": (INDICATOR, 390, 1800),
        "stadsprofiel": (profile, 1280, None),
    }
    for name, (path, width, height) in shots.items():
        v.page.set_viewport_size({"width": width, "height": height or 900})
        v.page.goto(path)
        v.page.screenshot(path=str(target / f"{name}.png"), full_page=height is None)
        assert (target / f"{name}.png").stat().st_size > 20_000
