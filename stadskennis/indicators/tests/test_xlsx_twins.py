"""The XLSX twins (`?formaat=xlsx`) of the indicator page, the compare builder and the city profile: a
sheet per table with a header row, figures as numbers with the indicator's decimals as number format,
and the same visibility as the CSV twins (a confidential figure withheld from who may not read it)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from stadskennis.core.models import Theme
from stadskennis.core.reference import reference_load
from stadskennis.indicators.tests.factories import IndicatorFactory, observe
from stadskennis.indicators.twins import CSV_FIELDS
from stadskennis.indicators.twins_xlsx import XLSX

CITIES = ["41002", "11002", "31005", "71016", "44021", "71022", "34022", "24062", "12025", "35013", "36015",
          "46021", "13040"]  # fmt: skip
SECRET = 4321  # Gent's count of 2021, confidential at the source


@pytest.fixture
def figures(db):
    """On the theme Wonen: a count (Gent's of 2021 confidential) and a ratio ×100 with one decimal,
    city i: (i+1) %, together 9,0 %."""
    reference_load()
    wonen = [Theme.objects.get(slug="wonen")]
    count = IndicatorFactory(code="teller", name="Teller", themes=wonen)
    base = IndicatorFactory(code="noemer", name="Noemer")
    IndicatorFactory(
        code="aandeel", name="Aandeel", unit="%", aggregation="ratio", numerator=count, denominator=base,
        scale=100, decimals=1, direction="lower", themes=wonen,
    )  # fmt: skip
    for period in ("2020", "2021"):
        observe(count, period, {code: (i + 1) ** 2 * 10 for i, code in enumerate(CITIES)})
        observe(base, period, {code: (i + 1) * 1000 for i, code in enumerate(CITIES)})
    observe(count, "2021", {"44021": SECRET}, confidentiality="C")


def workbook(client, path: str):
    response = client.get(path + ("&" if "?" in path else "?") + "formaat=xlsx")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def records(sheet) -> list[dict]:
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def find(sheet, **wanted):
    return next(r for r in records(sheet) if all(r[k].value == v for k, v in wanted.items()))


def everything(book) -> list:
    return [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]


def test_the_indicator_page_has_a_sheet_per_table_with_numbers_in_the_indicators_decimals(client, figures):
    book = workbook(client, "/cijfers/aandeel/")
    assert book.sheetnames == ["reeks", "gemeenten 2021"]
    series, municipalities = book.worksheets
    assert [c.value for c in next(series.iter_rows())] == CSV_FIELDS
    assert next(series.iter_rows())[0].font.b  # the header row is bold
    turnhout = find(series, naam="Turnhout", periode="2020")["waarde"]
    assert (turnhout.value, turnhout.data_type, turnhout.number_format) == (13, "n", "#,##0.0")
    together = find(series, naam="Centrumsteden samen", periode="2020")["waarde"]
    assert together.value == 9 and together.number_format == "#,##0.0"  # 8,190 / 91,000, a ratio of sums
    assert len(records(series)) == 2 * 15  # 13 cities, the centre cities together, Flanders; two years
    aalst = find(municipalities, geo="41002")
    assert (aalst["naam"].value, aalst["waarde"].value, aalst["periode"].value) == ("Aalst", 1, "2021")
    assert len(records(municipalities)) == 319  # every municipality of Flanders and Brussels, 2019–2024


def test_a_confidential_figure_is_withheld_in_the_xlsx_as_in_the_csv(client_for, cast, figures):
    for who in ("anonymous", "member", "other_member"):
        book = workbook(client_for(cast[who]), "/cijfers/teller/?periode=2021")
        assert SECRET not in everything(book), who
        gent = find(book["reeks"], naam="Gent", periode="2021")
        assert gent["waarde"].value is None
        assert (gent["vertrouwelijkheid"].value, gent["vlaggen"].value) == ("C", "vertrouwelijk")
        assert find(book["gemeenten 2021"], geo="44021")["waarde"].value is None
    book = workbook(client_for(cast["editor"]), "/cijfers/teller/?periode=2021")
    assert find(book["reeks"], naam="Gent", periode="2021")["waarde"].value == SECRET
    together = find(book["reeks"], naam="Centrumsteden samen", periode="2021")
    assert together["waarde"].value is None  # computed over it: withheld for staff too


def test_the_compare_builder_has_a_sheet_per_indicator(client, figures):
    book = workbook(client, "/cijfers/vergelijken/?indicator=aandeel&indicator=teller&stad=44021&stad=11002")
    assert book.sheetnames == ["aandeel", "teller"]
    share = book["aandeel"]
    assert [c.value for c in next(share.iter_rows())] == ["indicator", *CSV_FIELDS]
    gent = find(share, naam="Gent", periode="2020")
    assert (gent["indicator"].value, gent["waarde"].value, gent["waarde"].number_format) == (
        "aandeel",
        5,
        "#,##0.0",
    )
    antwerpen = find(book["teller"], naam="Antwerpen", periode="2021")["waarde"]
    assert (antwerpen.value, antwerpen.number_format) == (40, "#,##0")
    assert find(book["teller"], naam="Gent", periode="2021")["waarde"].value is None  # confidential


def test_the_city_profile_has_its_table_as_a_sheet_and_text_never_becomes_a_formula(client, figures):
    wonen = [Theme.objects.get(slug="wonen")]
    observe(
        IndicatorFactory(code="formule", name='=HYPERLINK("http://example.com")', themes=wonen),
        "2020",
        {"44021": 7},
    )
    book = workbook(client, "/cijfers/stad/antwerpen/?thema=wonen")
    assert book.sheetnames == ["Antwerpen"]
    share = find(book["Antwerpen"], indicator="aandeel")
    assert [share[k].value for k in ("periode", "stad", "centrumsteden")] == ["2021", 2, None]  # over Gent's
    assert share["stad"].number_format == "#,##0.0"
    book = workbook(client, "/cijfers/stad/gent/?thema=wonen")
    assert SECRET not in everything(book)
    count = find(book["Gent"], indicator="teller")
    assert (count["stad"].value, count["opmerking"].value) == (
        None, "vertrouwelijk: de bron geeft dit cijfer niet vrij voor publicatie",
    )  # fmt: skip
    formula = find(book["Gent"], indicator="formule")["naam"]
    assert (formula.value, formula.data_type) == ('=HYPERLINK("http://example.com")', "s")


def test_every_table_links_to_its_xlsx_twin(client, figures):
    assert "formaat=xlsx" in client.get("/cijfers/aandeel/").content.decode()
    assert "formaat=xlsx" in client.get("/cijfers/vergelijken/?indicator=aandeel").content.decode()
    assert "formaat=xlsx" in client.get("/cijfers/stad/gent/?thema=wonen").content.decode()
