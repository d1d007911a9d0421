"""Thematic reports in real Chromium, on a laptop (1280 px) and a phone (390 px): the list, the demo
report with its live figures, chart, table and map, and the editors' form with its preview; zero
axe-core violations, readable controls, never wider than the window, nothing from another host. With
SCREENSHOT_DIR set it keeps docs/screenshots/rapport.png (the whole page), rapport-voorbeeld.png (the
form's preview) and rapport-pdf.png (the PDF's first page, drawn by poppler's pdftoppm, which
`make system-deps` installs)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, EditorFactory
from stadskennis.core.models import Organisation
from stadskennis.core.reference import reference_load
from stadskennis.indicators.demo_catalogue import demo_indicators_load
from stadskennis.reports.demo import SLUG, demo_report_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = f"/cijfers/rapporten/{SLUG}/"
WIDTHS = (1280, 390)


@pytest.fixture
def report(db):
    reference_load()
    demo_indicators_load()
    centre = Organisation.objects.get(kind="centre")
    editor = EditorFactory(email="redacteur@centre.example", organisation=centre)
    demo_report_load(editor=editor)
    return editor


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className)"""


def _fits(v) -> bool:
    seen = v.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    return seen[0] <= seen[1]


def test_the_report_pages_are_accessible_on_a_laptop_and_a_phone(visit, report):
    v = visit()
    v.login("redacteur@centre.example", PASSWORD)
    problems = {}
    for width in WIDTHS:
        v.page.set_viewport_size({"width": width, "height": 900})
        for path in ("/cijfers/rapporten/", REPORT, REPORT + "bewerken/"):
            assert v.page.goto(path).status == 200, path
            if path.endswith("bewerken/"):
                v.click("button[name=preview]")
                assert v.page.locator(".report-preview svg.line-chart").count() == 1
            found = v.axe_violations() + [{"contrast": c} for c in v.low_contrast_controls()]
            if not _fits(v):
                found.append({"too wide": v.page.evaluate(WIDEST)})
            if found:
                problems[(width, path)] = found
    assert problems == {}
    assert v.foreign_requests() == []


def test_the_report_reads_without_javascript(visit, report):
    v = visit(javascript=False)
    v.page.goto(REPORT)
    body = v.page.inner_text(".report-body")
    assert "Gent haalde" in body and "(Gent, 2024)" in body
    assert v.page.locator(".report-body svg.line-chart").count() == 1
    assert v.page.locator(".report-body svg.choropleth path").count() == 319
    assert "niet beschikbaar" not in body
    v.click(".report-body details.embed-table summary >> nth=0")
    assert v.page.locator(".report-body details.embed-table table").first.is_visible()


def test_report_screenshots(visit, report, tmp_path, live_server):
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    v = visit()
    v.page.set_viewport_size({"width": 1280, "height": 900})
    v.page.goto(REPORT)
    v.page.screenshot(path=str(target / "rapport.png"), full_page=True)
    assert (target / "rapport.png").stat().st_size > 20_000
    v.login("redacteur@centre.example", PASSWORD)
    v.page.goto(REPORT + "bewerken/")
    v.page.fill(
        "#id_body", "Gent: [[cijfer demo-werkzaamheidsgraad gent]]\n\n[[grafiek onbekend]]\n\n[[grafiek]]"
    )
    v.click("button[name=preview]")
    assert "Regel 5: [[grafiek]]" in v.page.inner_text(".error-summary")
    v.page.screenshot(path=str(target / "rapport-voorbeeld.png"), full_page=True)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is missing: run make system-deps"
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(v.page.request.get(live_server.url + REPORT + "pdf").body())
    subprocess.run(  # noqa: S603 (our own file, a fixed program)
        [
            pdftoppm,
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(target / "rapport-pdf"),
        ],
        check=True,
    )
    assert (target / "rapport-pdf.png").stat().st_size > 20_000
