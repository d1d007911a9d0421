"""Indicators are found by the one search, through the outbox their service writes (issue 14, point 7):
a new or renamed indicator at once, a city's own indicator by that city only."""

from __future__ import annotations

import pytest

from stadskennis.core.models import OutboxEntry, Theme
from stadskennis.indicators.services import indicator_save
from stadskennis.indicators.tests.factories import IndicatorFactory
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def population(db):
    demography = Theme.objects.create(slug="demografie", name="Demografie en capaciteit", kind="field")
    return IndicatorFactory(
        code="bevolking", name="Bevolking op 1 januari", unit="inwoners", source="Statbel",
        description="Aantal inwoners ingeschreven in het rijksregister.", periodicity="date",
        themes=[demography],
    )  # fmt: skip


def test_bevolking_finds_the_indicator_with_its_kind_theme_and_page(client, population):
    response = search(user=None, query="bevolking")
    [hit] = [r for r in response.results if r.kind == "indicator"]
    assert (hit.title, hit.kind_label) == ("Bevolking op 1 januari", "Indicator")
    assert hit.url in ("/cijfers/bevolking/", "/cijfers/")  # its page, once the indicator page exists
    assert response.facets["module"]["indicator"] == ("Stad in cijfers", 1)
    assert response.facets["theme"]["demografie"] == ("Demografie en capaciteit", 1)
    found = client.get("/api/search", {"q": "rijksregister", "module": "indicator"}).json()
    assert [r["title"] for r in found["results"]] == ["Bevolking op 1 januari"]


def test_a_renamed_indicator_is_found_at_once_by_its_new_name_through_the_outbox(population):
    before = OutboxEntry.objects.filter(model="indicators.indicator", object_id=str(population.pk)).count()
    indicator_save(code="bevolking", fields={"name": "Inwonersaantal op 1 januari"})
    after = OutboxEntry.objects.filter(model="indicators.indicator", object_id=str(population.pk)).count()
    assert after == before + 1
    assert [r.title for r in search(user=None, query="inwonersaantal").results] == [
        "Inwonersaantal op 1 januari"
    ]
    # still found by its code, which never changes, but under its new name only
    assert [r.title for r in search(user=None, query="bevolking").results] == ["Inwonersaantal op 1 januari"]
    indicator_save(code="bevolking", fields={"name": "Inwonersaantal op 1 januari"})  # no change: no entry
    assert OutboxEntry.objects.filter(model="indicators.indicator").count() == after


def test_a_city_s_own_indicator_is_found_by_that_city_only(cast, gent):
    IndicatorFactory(code="eigen-telling", name="Fietstelling Gent", visibility="organisation", owner=gent)
    assert [r.title for r in search(user=cast["member"], query="fietstelling").results] == [
        "Fietstelling Gent"
    ]
    assert [r.title for r in search(user=cast["editor"], query="fietstelling").results] == [
        "Fietstelling Gent"
    ]
    for who in ("anonymous", "other_member"):
        assert search(user=cast[who], query="fietstelling").results == [], who
