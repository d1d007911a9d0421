"""An editor retires an indicator on its edit page in real Chromium, and its page then says so near the
title, with its figures still there. Zero axe-core violations and readable controls on both pages.
Screenshots go to SCREENSHOT_DIR (or a temporary folder): cijfers-stopzetten-bewerken.png and
cijfers-stopgezet.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, EditorFactory
from stadskennis.core.reference import reference_load
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR = "stopzetten@centrum.example"


@pytest.fixture
def counts(db):
    reference_load()
    fietsers = IndicatorFactory(code="fietsers", name="Fietsers geteld", unit="fietsers")
    observe(fietsers, "2020", {"44021": 500, "11002": 200})
    observe(fietsers, "2021", {"44021": 520, "11002": 210})
    EditorFactory(email=EDITOR)


def accessible(v):
    assert v.axe_violations() == []
    assert v.low_contrast_controls() == []


def test_an_editor_retires_an_indicator_and_its_page_says_so(visit, counts, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    v = visit()
    v.login(EDITOR, PASSWORD)
    v.page.goto("/cijfers/fietsers/bewerken/")
    v.page.fill("#id_stopzetten-retired_on", "2024-12-31")
    v.page.fill("#id_stopzetten-retirement_note", "Vervangen door de fietstellingen van 2025.")
    accessible(v)
    v.page.screenshot(path=str(shots / "cijfers-stopzetten-bewerken.png"), full_page=True)

    v.click("#stopzetten ~ form button[type=submit]")
    v.page.wait_for_url("**/cijfers/fietsers/")
    notice = v.page.inner_text("#stopgezet")
    assert "Stopgezet op 31 december 2024." in notice
    assert "Vervangen door de fietstellingen van 2025." in notice
    assert "De indicator is stopgezet op 31 december 2024" in v.page.inner_text("main")  # the flash
    assert "520" in v.page.inner_text("main")  # its figures stay
    assert Indicator.objects.get(code="fietsers").retired_on.isoformat() == "2024-12-31"
    accessible(v)
    v.page.screenshot(path=str(shots / "cijfers-stopgezet.png"), full_page=True)

    v.page.goto("/cijfers/")
    assert "Fietsers geteld" not in v.page.inner_text("main table")
    v.page.get_by_label("Toon ook stopgezette indicatoren").check()
    v.click("main form.filters button[type=submit]")
    assert "stopgezet op 31 december 2024" in v.page.inner_text("main table")
    accessible(v)
    v.page.screenshot(path=str(shots / "cijfers-catalogus-stopgezet.png"), full_page=True)
