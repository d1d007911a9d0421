"""The Werking in real Chromium: the programme lines, the money of a year with its import preview, the
work programme, a governing body and its meeting, participation and the annual report read well on a
laptop and a phone, without a violation, with nothing from another host; the import works without
JavaScript. With SCREENSHOT_DIR set it keeps werking-*.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPORT = (
    "Boekdatum;Rekening;Omschrijving;Bedrag;Kostenplaats\n"
    "15/01/2019;6200;Loon januari;18.250,00;KP-KVS\n"
    "15/02/2019;6100;Koffie;12.50;KP-KVS\n"
)


def test_the_werking_reads_well_for_staff_and_the_board(visit, tmp_path):
    from stadskennis.accounts.tests.factories import EditorFactory
    from stadskennis.core.models import ProgrammeLine
    from stadskennis.core.reference import reference_load
    from stadskennis.programmes.demo import demo_werking_load
    from stadskennis.programmes.models import Body, BodyMeeting

    reference_load()
    editor = EditorFactory(email="staf@centrum.example", password="pw-staf-123")
    demo_werking_load(editor=editor)
    line = ProgrammeLine.objects.get(name__startswith="O(mgeving)", period__name="2022–2026")
    meeting = BodyMeeting.objects.get()
    v = visit()
    v.login("staf@centrum.example", "pw-staf-123")
    pages = (
        "/werking/",
        f"/werking/programma/{line.pk}/",
        "/werking/geld/2019/",
        "/werking/geld/2019/importeren/",
        "/werking/werkprogramma/2019/",
        "/werking/geld/2019/wijzigingen/",
        "/werking/geld/2019/rekening/",
        "/werking/rekeningen/2019/",
        "/werking/organen/",
        f"/werking/organen/{Body.objects.get(kind='executive_board').slug}/",
        meeting.get_absolute_url(),
        "/werking/deelname/2019/",
        "/werking/jaarverslag/2019/",
    )
    assert v.problems_at_widths(pages) == {}
    assert v.foreign_requests() == []
    plain = visit(javascript=False)
    plain.login("staf@centrum.example", "pw-staf-123")
    plain.page.goto("/werking/geld/2019/importeren/")
    upload = tmp_path / "kostenplaats.csv"
    upload.write_text(EXPORT, encoding="utf-8")
    plain.page.set_input_files("#id_file", str(upload))
    plain.click("main button[type=submit]")
    text = plain.page.inner_text("main")
    assert "Rij 3" in text and "verkeerde decimaalteken" in text
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        for path, name in [
            ("/werking/geld/2019/", "werking-money"),
            (f"/werking/programma/{line.pk}/", "werking-line"),
            ("/werking/jaarverslag/2019/", "werking-report"),
        ]:
            v.page.set_viewport_size({"width": 1280, "height": 900})
            v.page.goto(path)
            v.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        plain.page.screenshot(path=str(folder / "werking-import-preview.png"), full_page=True)
