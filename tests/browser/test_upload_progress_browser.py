"""A big upload of figures in real Chromium: the progress page (a <progress> bar with its text, zero
axe-core violations, readable links) follows the worker (htmx; without JavaScript when the reader asks
for it) until the worker has checked the file and the page shows the preview. Screenshot in
SCREENSHOT_DIR (or a temporary folder): cijfers-importeren-voortgang.png."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, EditorFactory
from stadskennis.core.reference import reference_load
from stadskennis.indicators import upload_progress
from stadskennis.indicators.models import FiguresImportJob, Observation
from stadskennis.indicators.tasks import figures_import_run
from stadskennis.indicators.tests.factories import IndicatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR = "groot-bestand@centrum.example"
CITIES = ["41002", "11002", "31005", "71016", "44021", "71022", "34022", "24062", "12025", "35013"]


@pytest.fixture
def catalogue(db, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setattr(upload_progress, "BACKGROUND_FROM", {"csv": 1024, "xlsx": 1024})  # 1 KB is big
    reference_load()
    IndicatorFactory(code="jobs", name="Jobs")
    EditorFactory(email=EDITOR)


def big_csv(path: Path) -> Path:
    rows = [
        f"jobs;{code};{year};{i * 10 + year}" for year in range(1990, 2020) for i, code in enumerate(CITIES)
    ]
    path.write_text("indicator;geo;period;value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def login_without_js(v):
    v.page.goto("/account/aanmelden/")
    v.page.fill("#id_username", EDITOR)
    v.page.fill("#id_password", PASSWORD)
    v.click("main button[type=submit]")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_progress_page_follows_the_worker_until_the_preview(visit, catalogue, tmp_path, javascript):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    v = visit(javascript=javascript)
    v.login(EDITOR, PASSWORD) if javascript else login_without_js(v)
    v.page.goto("/cijfers/importeren/")
    v.page.set_input_files("#id_file", str(big_csv(tmp_path / "groot.csv")))
    v.click("main form[enctype] button[type=submit]")
    (job,) = FiguresImportJob.objects.all()
    assert v.page.url.endswith(f"/cijfers/importeren/{job.token}/")
    # While the worker reads it: how far, as a bar and in words, on the page that refreshes itself
    FiguresImportJob.objects.filter(pk=job.pk).update(status="running")
    read = job.bytes_total * 2 // 5
    upload_progress.progress_path(job.token).write_text(json.dumps({"rows": 120, "bytes": read}))
    v.page.goto(f"/cijfers/importeren/{job.token}/")
    bar = v.page.locator("progress#voortgang")
    assert (bar.get_attribute("max"), bar.get_attribute("value")) == (str(job.bytes_total), str(read))
    status = v.page.inner_text("main [role=status]")
    assert "120 rijen gecontroleerd" in status and f"({100 * read // job.bytes_total} %)" in status
    if javascript:
        v.page.screenshot(path=str(shots / "cijfers-importeren-voortgang.png"), full_page=True)
        # No timed refresh nobody asked for (WCAG 2.2.1): htmx follows the worker
        assert v.page.locator("meta[http-equiv=refresh]").count() == 0
        assert v.axe_violations() == []
        assert v.low_contrast_controls() == []
        assert v.foreign_requests() == []
    else:
        v.click("text=Elke 3 seconden vernieuwen")  # without JavaScript, the reader asks for it
        assert v.page.locator("meta[http-equiv=refresh]").count() == 1
    # When the worker is done, the page refreshes itself into the preview: nothing written yet
    assert figures_import_run.call(job.pk) == "done"
    v.page.wait_for_selector("text=300 cijfers gecontroleerd, geen problemen", timeout=10_000)
    assert "300 nieuw, 0 gewijzigd, 0 ongewijzigd" in v.page.inner_text("main")
    assert v.page.locator("main form input[name=token]").count() == 1
    assert Observation.objects.filter(indicator__code="jobs").count() == 0
