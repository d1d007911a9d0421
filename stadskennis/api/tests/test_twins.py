"""A page and its API twin list the same things in the same order: one selector (issue 12, point 8)."""

from __future__ import annotations

import pytest

from stadskennis.knowledge.services import item_create

pytestmark = pytest.mark.django_db


def test_the_item_list_and_its_api_agree_on_filters_and_order(cast, client_for, gent, antwerpen):
    def item(title, year, owner, kind="study"):
        created = item_create(
            actor=cast["editor"], title=title, kind=kind, owner=owner, visibility="public", year=year
        )
        created.organisations.add(owner)
        return created

    item("Studie Gent 2019", 2019, gent)
    item("Studie Gent 2024", 2024, gent)
    item("Studie Gent zonder jaar", None, gent)
    item("Praktijk Gent 2025", 2025, gent, kind="practice")
    item("Studie Antwerpen 2025", 2025, antwerpen)
    client = client_for(None)
    page = client.get("/kennisbank/", {"soort": "study", "organisatie": "gent"}).content.decode()
    titles = ["Studie Gent 2024", "Studie Gent 2019", "Studie Gent zonder jaar"]
    on_page = sorted((t for t in titles if t in page), key=page.index)
    api = client.get("/api/items", {"kind": "study", "organisation": "gent"}).json()
    assert on_page == titles  # the newest year first, items without a year last
    assert [row["title"] for row in api["items"]] == titles
