"""A city profile (/cijfers/stad/<NIS code or name>/): the city against the centre cities together and
Flanders on every indicator of a theme, better or worse said in words; and the demo catalogue that
gives the demo something to show, marked as demo data."""

from __future__ import annotations

import re

import pytest

from stadskennis.core.models import AuditEntry, Theme
from stadskennis.core.reference import reference_load
from stadskennis.indicators.demo_catalogue import demo_indicators_load
from stadskennis.indicators.models import Indicator, Observation
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

CITIES = ["41002", "11002", "31005", "71016", "44021", "71022", "34022", "24062", "12025", "35013", "36015",
          "46021", "13040"]  # fmt: skip


@pytest.fixture
def theme_figures(db):
    """On the theme Wonen: a ratio ×100 where higher is better (city i: (i+1) %, together 9,0 %), and
    its count, whose total is no yardstick for one city."""
    reference_load()
    wonen = [Theme.objects.get(slug="wonen")]
    count = IndicatorFactory(code="woningen", name="Woningen", themes=wonen)
    base = IndicatorFactory(code="huishoudens", name="Huishoudens")
    IndicatorFactory(
        code="aandeel-woningen", name="Aandeel woningen", unit="%", aggregation="ratio", numerator=count,
        denominator=base, scale=100, decimals=1, direction="higher", themes=wonen,
    )  # fmt: skip
    observe(count, "2020", {code: (i + 1) ** 2 * 10 for i, code in enumerate(CITIES)} | {"11001": 50})
    observe(base, "2020", {code: (i + 1) * 1000 for i, code in enumerate(CITIES)} | {"11001": 1000})


def cells(html: str, name: str) -> list[str]:
    row = re.search(rf">{name}</a>.*?</tr>", html, flags=re.S).group(0)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]


def test_a_centre_city_against_the_centre_cities_and_flanders(client, theme_figures):
    response = client.get("/cijfers/stad/gent/?thema=wonen")
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Gent in cijfers</h1>" in html
    gent = cells(html, "Aandeel woningen")
    assert gent[:3] == ["2020", "5,0", "9,0"]  # Gent, then the centre cities together
    assert gent[4] == "▼ lager dan de centrumsteden samen, slechter"  # higher is better
    assert cells(html, "Woningen")[4] == "–"  # a count is not compared with a total
    by_code = client.get("/cijfers/stad/44021/?thema=wonen").content.decode()  # by NIS code too
    assert cells(by_code, "Aandeel woningen") == gent


def test_any_municipality_has_a_profile_and_an_unknown_one_is_not_found(client, theme_figures):
    aartselaar = cells(
        client.get("/cijfers/stad/aartselaar/?thema=wonen").content.decode(), "Aandeel woningen"
    )
    assert aartselaar[1] == "5,0" and aartselaar[4].startswith("▼ lager dan de centrumsteden samen")
    data = client.get("/cijfers/stad/11001/?thema=wonen&formaat=json").json()
    line = next(i for i in data["indicators"] if i["code"] == "aandeel-woningen")
    assert (data["name"], line["city"]["value"], line["centre_cities"]["value"]) == ("Aartselaar", 5, 9)
    assert client.get("/cijfers/stad/atlantis/").status_code == 404
    assert client.get("/cijfers/stad/99999/").status_code == 404


def test_the_demo_catalogue_is_marked_as_demo_and_loads_once(client, db):
    reference_load()
    counts = demo_indicators_load()
    assert counts == {"demo_indicators": 19, "demo_figures": 31978}
    assert set(Indicator.objects.filter(code__startswith="demo-").values_list("is_demo", flat=True)) == {True}
    audit, figures = AuditEntry.objects.count(), Observation.objects.count()
    demo_indicators_load()
    assert (AuditEntry.objects.count(), Observation.objects.count()) == (audit, figures)
    html = client.get("/cijfers/demo-werkzaamheidsgraad/").content.decode()
    assert "<strong>Demogegevens.</strong> Deze cijfers zijn gegenereerd" in html
    assert "Vanaf 2019 telt ook wie in het buitenland werkt mee." in html  # the changed definition
    assert '2019 <span class="break-mark" aria-hidden="true">‡</span>' in html
    catalogue = client.get("/cijfers/").content.decode()
    assert re.search(
        r'demo-werkzaamheidsgraad/">Werkzaamheidsgraad 20–64 jaar</a> <span class="badge">demogegevens',
        catalogue,
    )
