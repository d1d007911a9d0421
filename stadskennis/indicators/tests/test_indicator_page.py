"""The indicator page (/cijfers/<code>/): the centre cities' series, their figure together as a ratio
of sums, the Flemish Region with its coverage message, confidential figures withheld from whoever may
not read them (in the page, its CSV and its JSON), the 2025 boundaries with their lineage, a change of
definition marked, and the ranking with its direction in words."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest

from stadskennis.core.reference import reference_load
from stadskennis.indicators.services import indicator_save
from stadskennis.indicators.tests.factories import CENTRE_CITY_CODES as CITIES
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

SECRET = 4321  # Gent's count in 2021, which its source marks confidential


@pytest.fixture
def share(cast):
    """A ratio ×100 over the 13 centre cities: city i has (i+1)² × 10 over (i+1) × 1,000, so (i+1) %;
    together 8,190 / 91,000 = 9,0 % (the average of the 13 ratios would be 7,0 %). Kortessem has 40
    over 4,000 in 2020, the VGC its published 12,5 %. Gent's count of 2021 is confidential."""
    reference_load()
    count = IndicatorFactory(code="teller", name="Teller", unit="personen")
    base = IndicatorFactory(code="noemer", name="Noemer", unit="inwoners")
    ratio = IndicatorFactory(
        code="aandeel", name="Aandeel", unit="%", aggregation="ratio", numerator=count, denominator=base,
        scale=100, decimals=1, direction="lower", description="Teller op 100 van de noemer.",
    )  # fmt: skip
    for period in ("2020", "2021"):
        observe(count, period, {code: (i + 1) ** 2 * 10 for i, code in enumerate(CITIES)})
        observe(base, period, {code: (i + 1) * 1000 for i, code in enumerate(CITIES)})
    observe(count, "2020", {"73040": 40})
    observe(base, "2020", {"73040": 4000})
    observe(ratio, "2020", {"04000": "12.5"})
    observe(count, "2021", {"44021": SECRET}, confidentiality="C")
    return ratio


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def row(data: dict, name: str) -> dict:
    return next(r for r in data["series"] if r["name"] == name)


def test_the_series_table_has_every_centre_city_each_period_and_the_group_as_a_ratio_of_sums(client, share):
    data = client.get("/cijfers/aandeel/?formaat=json").json()
    assert data["periods"] == ["2020", "2021"]
    assert [r["name"] for r in data["series"]] == [
        "Aalst", "Antwerpen", "Brugge", "Genk", "Gent", "Hasselt", "Kortrijk", "Leuven", "Mechelen",
        "Oostende", "Roeselare", "Sint-Niklaas", "Turnhout", "VGC (Brussels Hoofdstedelijk Gewest)",
        "Centrumsteden samen", "Vlaams Gewest",
    ]  # fmt: skip
    assert [v["value"] for v in row(data, "Turnhout")["values"]] == [13, 13]
    assert row(data, "VGC (Brussels Hoofdstedelijk Gewest)")["values"][0]["value"] == 12.5
    together = row(data, "Centrumsteden samen")["values"][0]
    assert together["value"] == 9  # 8,190 / 91,000 × 100, not the 7,0 an average of ratios gives
    assert Decimal(8190) / Decimal(91000) * 100 == 9
    flanders = row(data, "Vlaams Gewest")["values"][0]
    assert flanders["value"] is None
    assert flanders["note"].startswith("niet getoond: slechts 5 % aanwezig, minstens 80 % nodig; ontbreekt: ")
    html = page(client, "/cijfers/aandeel/")
    assert re.search(r'Centrumsteden samen</th>\s*<td class="number">9,0</td>', html)
    assert "niet getoond: slechts 5 % aanwezig, minstens 80 % nodig" in html  # the coverage message


def test_a_confidential_figure_is_withheld_from_those_who_may_not_read_it_everywhere(client_for, cast, share):
    # Given Gent's count of 2021, confidential at the source
    for who in ("anonymous", "member", "other_member"):
        viewer = client_for(cast[who])
        html = page(viewer, "/cijfers/teller/?periode=2021")
        assert "4.321" not in html and "4321" not in html, who
        assert "Gent: vertrouwelijk" in html  # the map's title for Gent says why it is hatched
        gent = row(viewer.get("/cijfers/teller/?formaat=json").json(), "Gent")["values"][1]
        assert (gent["value"], gent["withheld"], gent["confidentiality"]) == (None, True, "C")
        assert "4321" not in viewer.get("/cijfers/teller/?formaat=csv").content.decode()
        assert (
            "4321"
            not in viewer.get("/cijfers/teller/?formaat=csv&tabel=gemeenten&periode=2021").content.decode()
        )
    staff = client_for(cast["editor"])
    assert "4.321" in page(staff, "/cijfers/teller/?periode=2021")
    assert row(staff.get("/cijfers/teller/?formaat=json").json(), "Gent")["values"][1]["value"] == SECRET
    # A figure we compute over it is withheld for everyone, staff included: no subtraction reveals it.
    for viewer in (client_for(None), staff):
        together = row(viewer.get("/cijfers/teller/?formaat=json").json(), "Centrumsteden samen")["values"][1]
        assert together["value"] is None
        assert (
            together["note"]
            == "niet getoond: dit cijfer zou berekend worden over een vertrouwelijke waarde (Gent)"
        )


def test_the_csv_twin_is_the_series_table_in_long_rows(client, share):
    response = client.get("/cijfers/aandeel/?formaat=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="aandeel-reeks.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 16 * 2
    assert rows[8] == {
        "geo": "44021", "naam": "Gent", "soort": "city", "periode": "2020", "waarde": "5", "status": "",
        "vertrouwelijkheid": "", "vlaggen": "", "opmerking": "",
    }  # fmt: skip
    together = next(r for r in rows if r["naam"] == "Centrumsteden samen" and r["periode"] == "2020")
    assert (together["geo"], together["soort"], together["waarde"]) == ("group:centrumsteden", "group", "9")
    secret = next(r for r in rows if r["naam"] == "Gent" and r["periode"] == "2021")
    assert (secret["waarde"], secret["opmerking"]) == (
        "",
        "niet getoond: dit cijfer zou berekend worden over een vertrouwelijke waarde (Gent)",
    )


def test_the_json_twin_carries_the_definition_and_the_map(client, share):
    data = client.get("/cijfers/aandeel/?formaat=json&periode=2020").json()
    fields = ("code", "aggregation", "numerator", "denominator", "scale")
    assert {k: data["indicator"][k] for k in fields} == {
        "code": "aandeel", "aggregation": "ratio", "numerator": "teller", "denominator": "noemer",
        "scale": 100,
    }  # fmt: skip
    assert (data["map"]["period"], data["map"]["boundaries"], len(data["map"]["municipalities"])) == (
        "2020",
        "2019",
        319,
    )
    gent = next(m for m in data["map"]["municipalities"] if m["geo"] == "44021")
    assert (gent["name"], gent["value"]) == ("Gent", 5)
    kortessem = next(m for m in data["map"]["municipalities"] if m["geo"] == "73040")
    assert kortessem["value"] == 1


def test_on_the_2025_boundaries_hasselt_includes_kortessem_and_says_so(client, share):
    data = client.get("/cijfers/aandeel/?grenzen=2025&formaat=json").json()
    hasselt = row(data, "Hasselt")
    assert hasselt["geo"] == "71072"
    assert hasselt["values"][0]["value"] == 4  # (360 + 40) / (6,000 + 4,000) × 100
    assert hasselt["lineage"] == "Hasselt (71022) + Kortessem (73040), samen sinds 1 januari 2025"
    # 2021 has no figure for Kortessem: a merged municipality is all its parts or nothing.
    assert hasselt["values"][1]["value"] is None
    assert hasselt["values"][1]["note"] == "niet berekend: een deel ontbreekt (Kortessem)"
    html = page(client, "/cijfers/aandeel/?grenzen=2025")
    assert "Hasselt (71022) + Kortessem (73040), samen sinds 1 januari 2025" in html
    assert 'value="2025" checked' in html
    assert 'name="q" value=""' in html  # the site search box stays empty
    assert 'href="?grenzen=2025&amp;formaat=csv"' in html  # the data links keep the choice


def test_on_the_2025_boundaries_a_figure_that_does_not_add_up_stays_empty_with_its_reason(client, share):
    median = IndicatorFactory(code="mediaan", name="Mediaan", aggregation="none")
    observe(median, "2020", {"71022": 31000, "73040": 29000, "44021": 30000})
    hasselt = row(client.get("/cijfers/mediaan/?grenzen=2025&formaat=json").json(), "Hasselt")["values"][0]
    assert hasselt["value"] is None
    assert hasselt["note"] == (
        "niet berekend voor Hasselt: deze indicator telt niet op (aggregatie none), hij wordt enkel getoond "
        "waar hij gemeten is"
    )
    gent = row(client.get("/cijfers/mediaan/?grenzen=2025&formaat=json").json(), "Gent")["values"][0]
    assert gent["value"] == 30000  # Gent did not merge: measured, so shown


def test_a_change_of_definition_is_marked_where_the_series_crosses_it(client, share):
    indicator_save(code="aandeel", fields={"description": "Nieuwe definitie."}, on=date(2021, 1, 1))
    html = page(client, "/cijfers/aandeel/")
    assert '2021 <span class="break-mark" aria-hidden="true">‡</span>' in html
    assert "Nieuwe definitie." in html
    data = client.get("/cijfers/aandeel/?formaat=json").json()
    assert data["definition_changes"] == [
        {"period": "2021", "valid_from": "2021-01-01", "description": "Nieuwe definitie."}
    ]


def test_the_ranking_puts_the_best_first_and_says_so_in_words(client, share):
    observe(share.numerator, "2021", {"44021": 250}, confidentiality="F")  # Gent's count released
    html = page(client, "/cijfers/aandeel/")
    ranking = html[html.index('id="rangschikking"') : html.index('id="kaart"')]
    assert "Rangschikking in 2021" in ranking
    assert "lager is beter: de laagste staat eerst" in ranking
    assert ranking.index("Aalst") < ranking.index("Gent") < ranking.index("Turnhout")  # 1 %, 5 %, 13 %
    assert re.search(
        r'Gent</th>\s*<td class="number">5,0</td>\s*<td class="judgement-better"><span aria-hidden="true" '
        r'class="symbol">▼</span> lager dan de centrumsteden samen, beter</td>',
        ranking,
    )
    assert "hoger dan de centrumsteden samen, slechter" in ranking  # Turnhout, 13 % against 9 %


def test_a_withheld_figure_is_not_ranked(client_for, cast, share):
    ranking = page(client_for(None), "/cijfers/teller/")
    assert "Niet gerangschikt: Gent (vertrouwelijk)." in ranking
    assert "Niet gerangschikt" not in page(client_for(cast["editor"]), "/cijfers/teller/")


def test_an_indicator_the_visitor_may_not_see_is_not_found(client_for, cast, share):
    IndicatorFactory(
        code="eigen", name="Eigen telling", visibility="organisation", owner=cast["member"].organisation
    )
    assert client_for(None).get("/cijfers/eigen/").status_code == 404
    assert client_for(cast["other_member"]).get("/cijfers/eigen/?formaat=json").status_code == 404
    assert client_for(cast["member"]).get("/cijfers/eigen/").status_code == 200


def test_a_revised_figure_shows_at_once_although_computed_figures_are_kept(client, share):
    assert (
        row(client.get("/cijfers/aandeel/?formaat=json").json(), "Centrumsteden samen")["values"][0]["value"]
        == 9
    )
    observe(share.numerator, "2020", {"41002": 10 + 9100})  # Aalst's count revised: +9,100 of 91,000
    data = client.get("/cijfers/aandeel/?formaat=json").json()
    assert row(data, "Centrumsteden samen")["values"][0]["value"] == 19
    assert row(data, "Aalst")["values"][0]["value"] == 911
