"""Two editors on one indicator in real Chromium: the one who saves second, over a form opened before
the other's save, is told in Dutch that nothing was written and sees the current values. Zero axe-core
violations, readable buttons, nothing from another host. Screenshot in SCREENSHOT_DIR (or a temporary
folder): cijfers-indicator-tegelijk-bewerkt.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, EditorFactory
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.services import indicator_save
from stadskennis.indicators.tests.factories import IndicatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR = "tegelijk@centrum.example"


def test_a_save_over_another_editor_s_shows_the_current_values(visit, tmp_path):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    IndicatorFactory(code="banen", name="Banen", description="Loontrekkende banen.")
    EditorFactory(email=EDITOR)
    v = visit(javascript=True)
    v.login(EDITOR, PASSWORD)
    v.page.goto("/cijfers/banen/bewerken/")
    indicator_save(code="banen", fields={"name": "Jobs"})  # a colleague saves in the meantime
    v.page.fill("#id_name", "Werk")
    v.click("main form button.button[type=submit]")
    message = v.page.inner_text(".messages")
    assert "Iemand anders heeft deze indicator bewaard nadat je het formulier opende" in message
    assert "Het formulier toont nu de huidige waarden" in message
    assert v.page.input_value("#id_name") == "Jobs"
    assert Indicator.objects.get(code="banen").name == "Jobs"
    assert v.axe_violations() == []
    assert v.low_contrast_controls() == []
    assert v.foreign_requests() == []
    v.page.screenshot(path=str(shots / "cijfers-indicator-tegelijk-bewerkt.png"), full_page=True)
    v.page.fill("#id_name", "Werk")
    v.click("main form button.button[type=submit]")
    v.page.wait_for_url("**/cijfers/banen/")
    assert Indicator.objects.get(code="banen").name == "Werk"
    v.page.wait_for_load_state("networkidle")  # the page's own requests end before the database is flushed
