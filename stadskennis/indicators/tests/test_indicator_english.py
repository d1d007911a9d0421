"""The texts Stad in cijfers builds in Python (why a figure is empty, the ranking's order and words, the
map's classes, a merged city's lineage, a change of definition in the chart, the compare builder's
messages) follow the chosen language: English after /taal/, Dutch by default."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date

import pytest
from django.conf import settings

from stadskennis.core.models import Theme
from stadskennis.core.reference import reference_load
from stadskennis.indicators.services import indicator_save
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

CITIES = ["41002", "11002", "31005", "71016", "44021", "71022", "34022", "24062", "12025", "35013", "36015",
          "46021", "13040"]  # fmt: skip
OTHERS = ["11001", "11004", "11005", "11008", "11009", "11013", "11016", "11018", "11021"]  # 13 + 9: too many
# Dutch that only the generated texts would put on these pages (names of places and groups are data).
DUTCH = [
    "samen", "bestaat niet", "niet getoond", "niet berekend", "vertrouwelijk", "tot en met", "is beter",
    "beter", "slechter", "definitie vanaf", "berekend zonder", "Je koos", "ontbreekt", "telt niet op",
    "geen cijfer", "normale waarde", "voorlopig", "Hoofdstedelijk",
]  # fmt: skip


@pytest.fixture
def figures(db):
    """A ratio ×100 where lower is better over the centre cities (Kortessem's count of 2020
    confidential, the VGC's published figure of 2021 provisional), a definition that changes in 2021,
    Kortessem for the 2025 boundaries, and a median that does not add up."""
    reference_load()
    wonen = [Theme.objects.get(slug="wonen")]
    count = IndicatorFactory(code="teller", name="Teller", themes=wonen)
    base = IndicatorFactory(code="noemer", name="Noemer")
    ratio = IndicatorFactory(
        code="aandeel", name="Aandeel", unit="%", aggregation="ratio", numerator=count, denominator=base,
        scale=100, decimals=1, direction="lower", themes=wonen,
    )  # fmt: skip
    for period in ("2020", "2021"):
        observe(count, period, {code: (i + 1) ** 2 * 10 for i, code in enumerate(CITIES)})
        observe(base, period, {code: (i + 1) * 1000 for i, code in enumerate(CITIES)})
    observe(count, "2020", {"73040": 40}, confidentiality="C")
    observe(base, "2020", {"73040": 4000})
    observe(ratio, "2021", {"04000": "12.5"}, status="P")
    indicator_save(code="aandeel", fields={"description": "Nieuwe definitie."}, on=date(2021, 1, 1))
    median = IndicatorFactory(code="mediaan", name="Mediaan", aggregation="none", themes=wonen)
    observe(median, "2020", {"71022": 31000, "73040": 29000, "44021": 30000})
    return ratio


def text(client, path: str) -> str:
    """The page's text as a reader gets it (tags dropped, entities read), titles in the map included."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    body = response.content.decode()
    body = body[body.index("<main") :]  # the page itself, not the site's navigation
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def dutch_in(page: str) -> list[str]:
    return [word for word in DUTCH if re.search(rf"\b{re.escape(word)}\b", page)]


PAGES = {
    "indicator": "/cijfers/aandeel/",
    "indicator on 2025 boundaries": "/cijfers/aandeel/?grenzen=2025",
    "median on 2025 boundaries": "/cijfers/mediaan/?grenzen=2025",
    "city profile": "/cijfers/stad/aalst/?thema=wonen",
    "compare builder": "/cijfers/vergelijken/?indicator=aandeel&indicator=mediaan&"
    + "&".join(f"stad={code}" for code in [*CITIES, *OTHERS]),
}


@pytest.mark.parametrize("name", PAGES)
def test_in_english_no_generated_text_stays_dutch(client, figures, name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(client, PAGES[name])
    assert dutch_in(page) == [], name


def test_in_english_the_generated_texts_say_it_in_english(client, figures):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    indicator = text(client, PAGES["indicator"])
    assert "lower is better: the lowest comes first" in indicator
    assert "Centrumsteden together" in indicator
    assert "definition from 2021" in indicator
    assert "not shown: only" in indicator  # Flanders: 14 of 300 municipalities
    assert "not shown: this figure would be computed over a confidential value (Kortessem)" in indicator
    assert "provisional" in indicator  # the VGC's flag, read out
    assert re.search(r"more than [\d.,]+ up to and including [\d.,]+", indicator)  # the map's classes
    merged = text(client, PAGES["indicator on 2025 boundaries"])
    assert "Hasselt (71022) + Kortessem (73040), together since 1 January 2025" in merged
    median = text(client, PAGES["median on 2025 boundaries"])
    assert "not computed for Hasselt: this indicator does not add up" in median
    profile = text(client, PAGES["city profile"])
    assert "lower than the centre cities together, better" in profile
    compare = text(client, PAGES["compare builder"])
    assert "You chose 22 cities or municipalities; at most 20 can be compared at a time." in compare


def test_in_dutch_the_same_pages_still_say_it_in_dutch(client, figures):
    indicator = text(client, PAGES["indicator"])
    assert "lager is beter: de laagste staat eerst" in indicator
    assert "Centrumsteden samen" in indicator
    assert "definitie vanaf 2021" in indicator
    assert "niet getoond: slechts" in indicator
    assert "voorlopig" in indicator
    merged = text(client, PAGES["indicator on 2025 boundaries"])
    assert "Hasselt (71022) + Kortessem (73040), samen sinds 1 januari 2025" in merged
    assert "niet berekend voor Hasselt" in text(client, PAGES["median on 2025 boundaries"])
    assert "lager dan de centrumsteden samen, beter" in text(client, PAGES["city profile"])
    assert "Je koos 22 steden of gemeenten" in text(client, PAGES["compare builder"])


def test_computed_figures_kept_in_one_language_are_not_served_in_the_other(client, figures):
    """The reasons are kept with the computed figures (caching.py): a Dutch visit first must not leave
    Dutch reasons for the English visitor after it."""
    assert "niet getoond: slechts" in text(client, PAGES["indicator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = text(client, PAGES["indicator"])
    assert "not shown: only" in english and "niet getoond" not in english
