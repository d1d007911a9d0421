"""Centre staff edit the indicator catalogue in real Chromium: a new ratio from the catalogue page,
refused at its field while its denominator is missing, then saved; its edit page reached from the
indicator page, a new definition from a chosen date, and the definitions over time on the page. Zero
axe-core violations, readable buttons, nothing from another host, with and without JavaScript.
Screenshots go to SCREENSHOT_DIR (or a temporary folder): cijfers-indicator-nieuw-fouten.png and
cijfers-indicator-bewerken.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, EditorFactory
from stadskennis.core.reference import reference_load
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.tests.factories import IndicatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR = "catalogus@centrum.example"


@pytest.fixture
def catalogue(db):
    reference_load()
    IndicatorFactory(code="leefloners", name="Leefloners")
    IndicatorFactory(code="inwoners-18-64", name="Inwoners van 18 tot 64")
    EditorFactory(email=EDITOR)


def accessible(v):
    assert v.axe_violations() == []
    assert v.low_contrast_controls() == []
    assert v.foreign_requests() == []


def _login_without_js(v):
    v.page.goto("/account/aanmelden/")
    v.page.fill("#id_username", EDITOR)
    v.page.fill("#id_password", PASSWORD)
    v.click("main button[type=submit]")
    v.page.wait_for_url("**/start/")


@pytest.mark.parametrize("javascript", [True, False])
def test_an_editor_adds_and_edits_an_indicator(visit, catalogue, tmp_path, javascript):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    v = visit(javascript=javascript)
    v.login(EDITOR, PASSWORD) if javascript else _login_without_js(v)
    v.page.goto("/cijfers/")
    if javascript:
        accessible(v)
    v.click("text=Nieuwe indicator")
    assert v.page.url.endswith("/cijfers/nieuw/")

    v.page.fill("#id_code", "aandeel-leefloners")
    v.page.fill("#id_name", "Leefloners per 100 inwoners")
    v.page.fill("#id_description", "Leefloners op 100 inwoners van 18 tot 64 jaar.")
    v.page.fill("#id_valid_from", "2010-01-01")
    v.page.fill("#id_unit", "%")
    v.page.get_by_label("Diversiteit en sociaal kapitaal").check()
    v.page.select_option("#id_aggregation", "ratio")
    v.page.select_option("#id_numerator", "leefloners")
    v.page.fill("#id_scale", "100")
    v.click("main form button.button[type=submit]")
    summary = v.page.inner_text(".error-summary")
    assert "Noemer: verplicht bij aggregatie ratio" in summary
    assert not Indicator.objects.filter(code="aandeel-leefloners").exists()
    if javascript:
        accessible(v)
        v.page.screenshot(path=str(shots / "cijfers-indicator-nieuw-fouten.png"), full_page=True)

    v.page.select_option("#id_denominator", "inwoners-18-64")
    v.click("main form button.button[type=submit]")
    v.page.wait_for_url("**/cijfers/aandeel-leefloners/")
    assert "De indicator aandeel-leefloners staat nu in de catalogus." in v.page.inner_text("main")

    v.click("main >> text=Bewerken")
    assert v.page.url.endswith("/cijfers/aandeel-leefloners/bewerken/")
    assert v.page.input_value("#id_denominator") == "inwoners-18-64"
    v.page.fill("#id_name", "Aandeel leefloners")
    v.page.fill("#id_description", "Leefloners op 100 inwoners van 18 tot 64 jaar, op 1 januari.")
    v.page.fill("#id_valid_from", "2024-01-01")
    if javascript:
        accessible(v)
        v.page.screenshot(path=str(shots / "cijfers-indicator-bewerken.png"), full_page=True)
    v.click("main form button.button[type=submit]")
    v.page.wait_for_url("**/cijfers/aandeel-leefloners/")
    main = v.page.inner_text("main")
    assert "de nieuwe definitie geldt vanaf 1 januari 2024" in main
    assert "Vanaf 1 januari 2010" in main and "Vanaf 1 januari 2024 (huidige)" in main
    assert v.page.inner_text("h1") == "Aandeel leefloners"
    indicator = Indicator.objects.get(code="aandeel-leefloners")
    assert [t.name for t in indicator.themes.all()] == ["Diversiteit en sociaal kapitaal"]
    if javascript:
        accessible(v)
