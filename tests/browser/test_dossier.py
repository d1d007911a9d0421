"""A theme's dossier in real Chromium, on a laptop (1280 px) and a phone (390 px): never wider than the
window, zero axe-core violations, readable buttons and links, and the overview a table on the laptop and a
stacked list on the phone (issue 13, point 8). With SCREENSHOT_DIR set it keeps docs/screenshots/
dossier.png and dossier-telefoon.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.demo.cast import DEMO_PASSWORD
from stadskennis.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR = "redacteur@stadskennis.example"
MEMBER = "lid.gent@stadskennis.example"
DOSSIER = "/kennisbank/thema/gdpr/"  # the demo's filled dossier (stadskennis/demo/dossier.py)
WIDTHS = {"dossier": 1280, "dossier-telefoon": 390}


@pytest.fixture
def demo(db):
    demo_load()


def look(v, width: int) -> dict:
    v.page.set_viewport_size({"width": width, "height": 900})
    response = v.page.goto(DOSSIER)
    assert response.status == 200
    return v.page.evaluate(
        """() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          cities: document.querySelectorAll('.dossier-city').length,
          failed: document.querySelectorAll('.dossier-failed').length,
          headerShown: getComputedStyle(document.querySelector('.matrix thead')).position !== 'absolute',
          rowsStacked: getComputedStyle(document.querySelector('.matrix tbody tr')).display === 'block',
        })"""
    )


@pytest.mark.parametrize("email", [EDITOR, MEMBER])
def test_the_dossier_fits_a_laptop_and_a_phone(visit, demo, email):
    v = visit()
    v.login(email, DEMO_PASSWORD)
    for width in WIDTHS.values():
        seen = look(v, width)
        assert seen["scrollWidth"] <= seen["innerWidth"], (width, seen)
        assert seen["cities"] >= 5 and seen["failed"] == 1, seen
        assert (seen["headerShown"], seen["rowsStacked"]) == (width > 640, width <= 640), (width, seen)
        assert v.axe_violations() == [], width
        assert v.low_contrast_controls() == [], width
    assert v.foreign_requests() == []


def test_dossier_screenshots(visit, demo, tmp_path):
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v = visit()
    v.login(EDITOR, DEMO_PASSWORD)
    for name, width in WIDTHS.items():
        look(v, width)
        v.page.set_viewport_size({"width": width, "height": 2400 if width > 640 else 3000})
        v.page.screenshot(path=str(target / f"{name}.png"), full_page=False)
        assert (target / f"{name}.png").stat().st_size > 10_000
