"""The editors' upload of figures (/cijfers/importeren/) in real Chromium: reached from the catalogue, a
preview with its counts, a file with a bad row shown row by row, and a confirmation, with zero axe-core
violations and readable buttons, also without JavaScript. Screenshots go to SCREENSHOT_DIR (or a
temporary folder): cijfers-importeren-voorbeeld.png and cijfers-importeren-fouten.png."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from stadskennis.accounts.tests.factories import PASSWORD, EditorFactory
from stadskennis.core.reference import reference_load
from stadskennis.indicators.models import Observation
from stadskennis.indicators.tests.factories import IndicatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR = "uploader@centrum.example"


@pytest.fixture
def catalogue(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    reference_load()
    IndicatorFactory(code="jobs", name="Jobs")
    EditorFactory(email=EDITOR)


def accessible(v):
    assert v.axe_violations() == []
    assert v.low_contrast_controls() == []
    assert v.foreign_requests() == []


def workbook(path: Path, rows) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("javascript", [True, False])
def test_an_editor_previews_and_confirms_an_upload(visit, catalogue, tmp_path, javascript):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    v = visit(javascript=javascript)
    v.login(EDITOR, PASSWORD) if javascript else _login_without_js(v)
    v.page.goto("/cijfers/")
    v.click("text=Cijfers importeren")
    assert v.page.url.endswith("/cijfers/importeren/")
    if javascript:
        accessible(v)

    bad = workbook(
        tmp_path / "fout.xlsx", [["indicator", "geo", "2020", "2021"], ["jobs", "44021", 10, "twaalf"]]
    )
    v.page.set_input_files("#id_file", str(bad))
    v.click("main form[enctype] button[type=submit]")
    table = v.page.inner_text("main table")
    assert "2021 (D)" in table and "'twaalf' is geen getal" in table
    assert "Er is niets weggeschreven" in v.page.inner_text("main")
    if javascript:
        accessible(v)
        v.page.screenshot(path=str(shots / "cijfers-importeren-fouten.png"), full_page=True)

    good = tmp_path / "cijfers.csv"
    good.write_text(
        "indicator;geo;period;value\njobs;44021;2020;1.234,5\njobs;11002;2020;800\n", encoding="utf-8"
    )
    v.page.set_input_files("#id_file", str(good))
    v.click("main form[enctype] button[type=submit]")
    assert "2 nieuw, 0 gewijzigd, 0 ongewijzigd" in v.page.inner_text("main")
    assert Observation.objects.filter(indicator__code="jobs").count() == 0
    if javascript:
        accessible(v)
        v.page.screenshot(path=str(shots / "cijfers-importeren-voorbeeld.png"), full_page=True)
    v.click("text=Bevestig de import")
    assert "Geïmporteerd: 2 nieuw, 0 gewijzigd, 0 ongewijzigd." in v.page.inner_text("main")
    assert Observation.objects.filter(indicator__code="jobs").count() == 2


def _login_without_js(v):
    v.page.goto("/account/aanmelden/")
    v.page.fill("#id_username", EDITOR)
    v.page.fill("#id_password", PASSWORD)
    v.click("main button[type=submit]")
    v.page.wait_for_url("**/start/")
