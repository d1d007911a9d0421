"""A public dossier site in real Chromium: facets and the map read well on a laptop and a phone,
with and without a choice, nothing from another host. With SCREENSHOT_DIR set it keeps
dossier-site*.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dossier_site_with_facets_and_its_map_reads_well(visit):
    from stadskennis.core.reference import reference_load
    from stadskennis.core.tests.factories import OrganisationFactory
    from stadskennis.dossiers.services import entry_add, site_create
    from stadskennis.indicators.selectors import municipality_by_code
    from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

    reference_load()
    centre = OrganisationFactory(slug="centrum-dossier", kind="centre")
    site = site_create(slug="kerken", title="Herbestemming van parochiekerken",
                       introduction="Wat steden **samen** met de kerkbesturen deden.",
                       fields=[("functie", "Nieuwe functie"), ("jaar", "Jaar")], actor=None)  # fmt: skip
    today = timezone.localdate()
    for n, (code, function, year) in enumerate(
        [
            ("44021", "wonen", "2019"),
            ("44021", "bibliotheek", "2020"),
            ("34022", "gedeeld gebruik", "2019"),
            ("13040", "wonen", "2018"),
            ("46021", "nog open", "2019"),
        ]  # fmt: skip
    ):
        item = KnowledgeItemFactory(owner=centre, kind="case", title=f"Case {n}: een kerk wordt {function}",
                                    summary="Een parochiekerk kreeg een nieuwe functie.")  # fmt: skip
        entry_add(site=site, item=item, municipality=municipality_by_code(code, today),
                  values={"functie": function, "jaar": year}, actor=None)  # fmt: skip
    plain = visit(javascript=False)
    plain.page.goto("/dossiers/kerken/")
    plain.page.get_by_role("link", name="wonen", exact=True).click()
    assert "2 van 5 getoond" in plain.page.inner_text("main")
    v = visit()
    pages = ("/dossiers/kerken/", "/dossiers/kerken/?functie=wonen")
    assert v.problems_at_widths(pages) == {}
    assert v.foreign_requests() == []
    if os.environ.get("SCREENSHOT_DIR"):
        folder = Path(os.environ["SCREENSHOT_DIR"])
        for width, name in ((1280, "dossier-site"), (390, "dossier-site-phone")):
            v.page.set_viewport_size({"width": width, "height": 900})
            v.page.goto(pages[0])
            v.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
