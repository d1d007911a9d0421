"""The compare builder (/cijfers/vergelijken/): chosen cities × indicators × years as tables with the
centre cities together and Flanders beside them, exact figures, bounded queries, bounds and tampered
input answered in Dutch (never a 500), its CSV and JSON twins, and confidential figures withheld."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.cache import cache

from stadskennis.core.reference import reference_load
from stadskennis.indicators.tests.factories import CENTRE_CITY_CODES as CITIES
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

GENT, ANTWERPEN, KORTESSEM = "44021", "11002", "73040"
URL = "/cijfers/vergelijken/"


@pytest.fixture
def share(cast):
    """As the indicator page's tests: city i has (i+1)² × 10 over (i+1) × 1,000, so (i+1) %; the centre
    cities together 8,190 / 91,000 = 9,0 %. Gent's count of 2021 (4,321) is confidential."""
    reference_load()
    count = IndicatorFactory(code="teller", name="Teller", unit="personen")
    base = IndicatorFactory(code="noemer", name="Noemer", unit="inwoners")
    ratio = IndicatorFactory(
        code="aandeel", name="Aandeel", unit="%", aggregation="ratio", numerator=count, denominator=base,
        scale=100, decimals=1,
    )  # fmt: skip
    for period in ("2020", "2021"):
        observe(count, period, {code: (i + 1) ** 2 * 10 for i, code in enumerate(CITIES)})
        observe(base, period, {code: (i + 1) * 1000 for i, code in enumerate(CITIES)})
    observe(count, "2020", {KORTESSEM: 40})
    observe(base, "2020", {KORTESSEM: 4000})
    observe(count, "2021", {GENT: 4321}, confidentiality="C")
    return ratio


def table(html: str, number: int = 1) -> dict[str, list[str]]:
    """The compare table `number` as {row name: [cell text per period]} (flags and notes left out)."""
    found = re.search(rf'<caption id="tabel-{number}">.*?</caption>(.*?)</table>', html, re.S).group(1)
    rows = {}
    for name, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', found, re.S):
        texts = re.findall(r'<td class="number[^"]*">(.*?)</td>', cells, re.S)
        rows[name] = [re.sub(r"<.*", "", t, flags=re.S).strip() for t in texts]
    return rows


def test_the_table_has_the_chosen_cities_then_the_centre_cities_together_and_flanders(client, share):
    response = client.get(
        URL, {"stad": [GENT, ANTWERPEN, KORTESSEM], "indicator": "aandeel", "van": "2020", "tot": "2021"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    rows = table(html)
    assert list(rows) == ["Gent", "Antwerpen", "Kortessem", "Centrumsteden samen", "Vlaams Gewest"]
    assert rows["Gent"] == ["5,0", "niet getoond"]  # computed over its confidential count
    assert rows["Antwerpen"] == ["2,0", "2,0"]
    assert rows["Kortessem"] == ["1,0", "–"]
    assert rows["Centrumsteden samen"] == ["9,0", "niet getoond"]  # the ratio of sums, not 7,0
    assert rows["Vlaams Gewest"] == ["–", "niet getoond"]
    assert 'class="line-chart"' in html and 'id="grafiek-aandeel-titel"' in html


def test_the_years_choose_the_periods(client, share):
    rows = table(
        client.get(URL, {"stad": GENT, "indicator": "aandeel", "van": "2021", "tot": "2030"}).content.decode()
    )
    assert rows["Gent"] == ["niet getoond"]


def test_staff_see_the_confidential_figure_the_others_do_not(client_for, cast, share):
    query = {"stad": GENT, "indicator": "teller", "van": "2021", "tot": "2021"}
    assert table(client_for(cast["editor"]).get(URL, query).content.decode())["Gent"] == ["4.321"]
    assert table(client_for(cast["member"]).get(URL, query).content.decode())["Gent"] == ["vertrouwelijk"]
    member = client_for(cast["member"]).get(URL, query | {"formaat": "json"}).json()
    gent = member["indicators"][0]["series"][0]
    assert gent["values"][0]["value"] is None and gent["values"][0]["withheld"] is True
    assert "4321" not in client_for(cast["member"]).get(URL, query | {"formaat": "csv"}).content.decode()


def test_the_csv_and_json_twins_carry_the_same_figures(client, share):
    query = {"stad": [GENT, ANTWERPEN], "indicator": ["aandeel", "teller"], "van": "2020", "tot": "2020"}
    response = client.get(URL, query | {"formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    found = {(r["indicator"], r["naam"]): r["waarde"] for r in lines}
    assert found == {
        ("aandeel", "Gent"): "5", ("aandeel", "Antwerpen"): "2",
        ("aandeel", "Centrumsteden samen"): "9", ("aandeel", "Vlaams Gewest"): "",
        ("teller", "Gent"): "250", ("teller", "Antwerpen"): "40",
        ("teller", "Centrumsteden samen"): "8190", ("teller", "Vlaams Gewest"): "",
    }  # fmt: skip
    data = client.get(URL, query | {"formaat": "json"}).json()
    assert [i["indicator"]["code"] for i in data["indicators"]] == ["aandeel", "teller"]
    assert [c["geo"] for c in data["cities"]] == [GENT, ANTWERPEN]
    group = data["indicators"][0]["series"][2]
    assert (group["geo"], group["values"]) == ("group:centrumsteden", [group["values"][0]])
    assert group["values"][0]["value"] == 9 and group["values"][0]["period"] == "2020"


def test_tampered_choices_are_left_out_without_an_error(client, share):
    query = {
        "stad": ["44021", "99999", "²²²²²", "4402", "' or 1=1", GENT, "0" * 400],
        "indicator": ["aandeel", "bestaat-niet", "x" * 500, "<script>"],
        "van": "twintig", "tot": "9" * 30,
    }  # fmt: skip
    response = client.get(URL, query)
    assert response.status_code == 200
    assert list(table(response.content.decode())) == ["Gent", "Centrumsteden samen", "Vlaams Gewest"]
    data = client.get(URL, query | {"formaat": "json"}).json()
    assert [c["geo"] for c in data["cities"]] == [GENT]
    assert data["indicators"][0]["periods"] == ["2020", "2021"]  # bad years: no bound


def test_too_many_cities_and_indicators_are_cut_back_with_a_message(client, share):
    from stadskennis.indicators.models import Area

    many = sorted(set(Area.objects.filter(level="municipality").values_list("code", flat=True)))[:25]
    for n in range(11):
        IndicatorFactory(code=f"extra-{n:02d}", name=f"Extra {n:02d}")
    codes = ["aandeel"] + [f"extra-{n:02d}" for n in range(11)]
    response = client.get(URL, {"stad": many, "indicator": codes})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Je koos 25 steden of gemeenten; er kunnen er hoogstens 20 tegelijk vergeleken worden." in html
    assert "Je koos 12 indicatoren; er kunnen er hoogstens 10 tegelijk vergeleken worden." in html
    data = client.get(URL, {"stad": many, "indicator": codes, "formaat": "json"}).json()
    assert len(data["cities"]) == 20 and len(data["indicators"]) == 10


def test_more_than_thirty_periods_keep_the_last_thirty_with_a_message(client, share):
    monthly = IndicatorFactory(code="maandelijks", name="Maandelijks", periodicity="month")
    for year in (2020, 2021, 2022):
        for month in range(1, 13):
            observe(monthly, f"{year}-{month:02d}", {GENT: month})
    response = client.get(URL, {"stad": GENT, "indicator": "maandelijks", "van": "2020", "tot": "2022"})
    assert "Maandelijks heeft 36 perioden in de gekozen jaren; er worden er hoogstens 30 getoond" in (
        response.content.decode()
    )
    data = client.get(URL, {"stad": GENT, "indicator": "maandelijks", "formaat": "json"}).json()
    assert data["indicators"][0]["periods"][0] == "2020-07" and len(data["indicators"][0]["periods"]) == 30


def test_without_a_city_the_centre_cities_are_compared(client, share):
    rows = table(client.get(URL, {"indicator": "aandeel", "van": "2020", "tot": "2020"}).content.decode())
    assert len(rows) == 15 and rows["Aalst"] == ["1,0"] and rows["Turnhout"] == ["13,0"]


def test_the_catalogue_and_the_indicator_page_link_to_it(client, share):
    assert 'href="/cijfers/vergelijken/"' in client.get("/cijfers/").content.decode()
    assert (
        'href="/cijfers/vergelijken/?indicator=aandeel"' in client.get("/cijfers/aandeel/").content.decode()
    )


def test_fourteen_cities_ten_indicators_ten_years_cost_a_bounded_number_of_queries(
    client, share, django_assert_max_num_queries
):
    codes = []
    for n in range(10):
        indicator = IndicatorFactory(code=f"reeks-{n}", name=f"Reeks {n}")
        codes.append(indicator.code)
        for year in range(2015, 2025):
            observe(indicator, str(year), {code: n + year for code in CITIES + [KORTESSEM]})
    query = {"stad": CITIES + [KORTESSEM], "indicator": codes, "van": "2015", "tot": "2024"}
    # For all ten indicators at once: the rows' observations and the Flemish Region's kept sums; per
    # indicator, since only 14 of 300 municipalities have figures here, the whole of its periods to
    # name who is missing; besides, the ten cache keys (one query), the geography and the groups to
    # choose. None per period.
    with django_assert_max_num_queries(27):
        response = client.get(URL, query)
    assert response.status_code == 200
    assert table(response.content.decode(), 10)["Kortessem"][-1] == "2.033"


def test_hasselt_is_one_city_under_its_old_and_its_new_code(client, share):
    """Hasselt got the code 71072 when it merged with Kortessem: either code names the same row, and in
    2020 its figure is that of the Hasselt of then (71022)."""
    for codes in (["71022"], ["71072"], ["71022", "71072"]):
        query = {"stad": codes, "indicator": "aandeel", "van": "2020", "tot": "2020"}
        data = client.get(URL, query | {"formaat": "json"}).json()
        assert [c["name"] for c in data["cities"]] == ["Hasselt"], codes
        assert data["indicators"][0]["series"][0]["values"][0]["value"] == 6  # 360 / 6,000
    page = client.get(URL, {"indicator": "aandeel"}).content.decode()
    assert page.count('value="71072"') == 1 and 'value="71022"' not in page


def test_the_data_links_keep_the_choice_and_the_site_search_stays_empty(client, share):
    html = client.get(URL, {"stad": GENT, "indicator": "aandeel", "van": "2020"}).content.decode()
    assert 'href="?stad=44021&amp;indicator=aandeel&amp;van=2020&amp;formaat=csv"' in html
    assert 'id="site-search-q" type="search" name="q" value=""' in html


def test_a_revised_figure_shows_at_once_although_the_reference_rows_are_kept(client, share):
    query = {"stad": [GENT, "41002"], "indicator": "aandeel", "van": "2020", "tot": "2020"}
    first = table(client.get(URL, query).content.decode())
    assert first["Centrumsteden samen"] == ["9,0"] and first["Aalst"] == ["1,0"]
    observe(share.numerator, "2020", {"41002": 10 + 9100})  # Aalst's count revised: +9,100 of 91,000
    again = table(client.get(URL, query).content.decode())
    assert again["Centrumsteden samen"] == ["19,0"] and again["Aalst"] == ["911,0"]


def test_with_the_reference_rows_kept_a_merged_city_is_still_the_sum_of_its_parts(client, share):
    """The second request reads only the chosen cities' figures (the reference rows come from the
    cache): Hasselt on the 2025 boundaries still needs Kortessem's."""
    query = {"indicator": "aandeel", "van": "2020", "tot": "2020", "grenzen": "2025"}
    assert table(client.get(URL, query | {"stad": GENT}).content.decode())["Gent"] == ["5,0"]
    rows = table(client.get(URL, query | {"stad": "71072"}).content.decode())
    assert rows["Hasselt"] == ["4,0"]  # (360 + 40) / (6,000 + 4,000)
    cache.clear()
    assert table(client.get(URL, query | {"stad": "71072"}).content.decode()) == rows  # as from scratch
