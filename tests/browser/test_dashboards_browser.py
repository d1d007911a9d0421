"""Dashboards in real Chromium, on a laptop (1280 px) and a phone (390 px): the list, a centre
dashboard seen for Gent (figures, chart, ranking, map), Gent's own dashboard and its compose page;
zero axe-core violations, readable buttons, never wider than the window, nothing from another host;
and a tile added, moved and removed without JavaScript. With SCREENSHOT_DIR set it keeps
docs/screenshots/dashboard.png (the whole dashboard), dashboard-samenstellen.png and
dashboard-verwijderen.png, each shot first checked for what it must show."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, MemberFactory
from stadskennis.core.models import Organisation
from stadskennis.core.reference import reference_load
from stadskennis.dashboards.demo import demo_dashboards_load
from stadskennis.dashboards.models import Dashboard
from stadskennis.indicators.demo_catalogue import demo_indicators_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CENTRE = "/cijfers/dashboards/stad-in-cijfers-diversiteit-en-sociaal-kapitaal/"
OWN = "/cijfers/dashboards/gent-in-cijfers/"
PAGES = [
    "/cijfers/dashboards/", CENTRE + "?stad=gent", CENTRE + "?stad=", OWN, OWN + "samenstellen/",
    OWN + "verwijderen/",
]  # fmt: skip


@pytest.fixture
def dashboards(db):
    reference_load()
    demo_indicators_load()
    member = MemberFactory(email="lid@gent.example", organisation=Organisation.objects.get(slug="gent"))
    demo_dashboards_load(editor=None)
    return member


def test_the_dashboards_are_accessible_on_a_laptop_and_a_phone(visit, dashboards):
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    assert v.problems_at_widths(PAGES) == {}
    assert v.foreign_requests() == []


def test_a_member_composes_their_dashboard_without_javascript(visit, dashboards):
    v = visit(javascript=False)
    v.login("lid@gent.example", PASSWORD)
    v.page.goto(OWN + "samenstellen/")
    v.page.select_option("#id_tegel-indicator", "demo-meldingen-per-1000")
    v.page.check("input[name='tegel-kind'][value='map']")
    v.click("form:has(#id_tegel-indicator) button[type=submit]")
    assert v.page.url.endswith("/samenstellen/#tegels")
    assert "De tegel is achteraan toegevoegd." in v.page.inner_text(".messages")
    names = v.page.locator(".compose-tile-name")
    assert names.count() == 6 and "Meldingen per 1.000 inwoners" in names.nth(5).inner_text()
    v.page.locator(".compose-tiles li").nth(5).get_by_role("button", name="Omhoog").click()
    assert "Meldingen per 1.000 inwoners" in v.page.locator(".compose-tile-name").nth(4).inner_text()
    v.page.goto(OWN)
    titles = v.page.locator(".tile-title").all_inner_texts()
    assert titles[4] == "Meldingen per 1.000 inwoners"
    assert v.page.locator("svg.choropleth path").count() == 319
    v.page.goto(OWN + "samenstellen/")
    v.page.locator(".compose-tiles li").nth(4).get_by_role("button", name="Verwijderen").click()
    assert v.page.locator(".compose-tile-name").count() == 5
    assert Dashboard.objects.get(slug="gent-in-cijfers").tiles.count() == 5


def test_dashboard_screenshots(visit, dashboards, tmp_path):
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v = visit()
    v.login("lid@gent.example", PASSWORD)
    shots = {  # name: address, width, height (None: the whole page)
        "dashboard": (CENTRE + "?stad=gent", 1280, None),
        "dashboard-telefoon": (CENTRE + "?stad=gent", 390, 1800),
        "dashboard-samenstellen": (OWN + "samenstellen/", 1280, None),
        "dashboard-verwijderen": (OWN + "verwijderen/", 1280, 900),
    }
    seen = {  # what each shot must show, as a person reads it
        "dashboard": ("article.tile-figure >> nth=0", "Gent"),
        "dashboard-telefoon": ("article.tile-figure >> nth=0 >> .tile-references", "Centrumsteden samen"),
        "dashboard-samenstellen": (".compose-tile-name >> nth=0", "1. Werkzaamheidsgraad"),
        "dashboard-verwijderen": ("main button.button-danger", "Het dashboard verwijderen"),
    }
    for name, (path, width, height) in shots.items():
        v.page.set_viewport_size({"width": width, "height": height or 900})
        v.page.goto(path)
        selector, words = seen[name]
        shown = v.page.locator(selector)
        assert shown.is_visible() and words in shown.inner_text(), (name, shown.inner_text())
        v.page.screenshot(path=str(target / f"{name}.png"), full_page=height is None)
        assert (target / f"{name}.png").stat().st_size > 20_000
