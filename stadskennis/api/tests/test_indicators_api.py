"""Stad in cijfers in the API: the catalogue, the figures with their flags, JSON-stat and SDMX-CSV read
back, bad parameters answered in Dutch, and a confidential value in no answer but the staff's."""

from __future__ import annotations

import csv
import io
import math
from decimal import Decimal

import pytest

from stadskennis.accounts.models import ApiToken
from stadskennis.core.models import Theme
from stadskennis.core.reference import reference_load
from stadskennis.indicators import opendata
from stadskennis.indicators.codes import CONF_STATUS, OBS_STATUS
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

pytestmark = pytest.mark.django_db

CITIES = ["41002", "11002", "31005", "71016", "44021", "71022", "34022", "24062", "12025", "35013", "36015",
          "46021", "13040"]  # fmt: skip
CENTRE_POPULATION = 1_669_564
GENT_POPULATION = 263_927
SECRET = "4321.987"  # Gent's confidential count in the confidentiality test


@pytest.fixture
def per_thousand(cast):
    """The real geography and population of 2020; 1,000 of something in each centre city, and that per
    1,000 inhabitants (a ratio of `teller` over `bevolking`)."""
    reference_load()
    population = Indicator.objects.get(code="bevolking")
    counted = IndicatorFactory(code="teller", name="Teller", periodicity="date", unit="gevallen")
    ratio = IndicatorFactory(
        code="per-1000", name="Per 1.000 inwoners", aggregation="ratio", numerator=counted,
        denominator=population, scale=1000, periodicity="date", decimals=2,
    )  # fmt: skip
    observe(counted, "2020-01-01", dict.fromkeys(CITIES, 1000))
    return ratio


def bearer(user) -> dict:
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def get(client, path: str, user=None, **params):
    return client.get(path, params, **(bearer(user) if user else {}))


def observations(client, code: str, user=None, **params) -> list[dict]:
    answer = get(client, f"/api/indicators/{code}/observations", user, limit=100, **params)
    assert answer.status_code == 200, answer.content
    return answer.json()["items"]


def test_the_catalogue_lists_what_the_caller_may_see_by_theme_and_by_page(client, cast, gent):
    wonen = Theme.objects.create(slug="wonen", name="Wonen", kind="programme_subject")
    IndicatorFactory(code="bevolking", name="Bevolking", unit="inwoners", themes=[wonen])
    IndicatorFactory(code="leegstand", name="Leegstand")
    IndicatorFactory(
        code="eigen-telling", name="Eigen telling van Gent", visibility="organisation", owner=gent
    )

    anonymous = get(client, "/api/indicators").json()
    assert [i["code"] for i in anonymous["items"]] == ["bevolking", "leegstand"]
    first = anonymous["items"][0]
    assert (first["themes"], first["unit"], first["url"]) == (
        ["wonen"],
        "inwoners",
        "/api/indicators/bevolking",
    )
    assert anonymous["count"] == 2
    assert [i["code"] for i in get(client, "/api/indicators", theme="wonen").json()["items"]] == ["bevolking"]
    assert get(client, "/api/indicators", limit=1, offset=1).json() == {
        "items": [anonymous["items"][1]],
        "count": 2,
    }
    own = get(client, "/api/indicators", cast["member"]).json()["items"]
    assert "eigen-telling" in [i["code"] for i in own]
    other = get(client, "/api/indicators", cast["other_member"]).json()["items"]
    assert "eigen-telling" not in [i["code"] for i in other]
    for path in ("", "/observations", "/jsonstat", "/sdmx.csv"):
        hidden = get(client, f"/api/indicators/eigen-telling{path}", cast["other_member"])
        assert hidden.status_code == 404
        assert hidden.json()["detail"] == "Er is geen indicator met code 'eigen-telling' die je mag zien."
    assert get(client, "/api/indicators/eigen-telling", cast["member"]).status_code == 200


def test_one_indicator_with_its_definition_periods_and_links_and_an_unknown_code_is_a_dutch_404(
    client, per_thousand
):
    answer = get(client, "/api/indicators/per-1000").json()
    assert (answer["aggregation"], answer["numerator"], answer["denominator"]) == (
        "ratio",
        "teller",
        "bevolking",
    )
    assert answer["scale"] == 1000 and answer["periods"] == []  # a ratio is computed, never stored
    assert get(client, "/api/indicators/teller").json()["periods"] == ["2020-01-01"]
    assert answer["jsonstat"] == "/api/indicators/per-1000/jsonstat"
    assert answer["sdmx_csv"] == "/api/indicators/per-1000/sdmx.csv"
    missing = get(client, "/api/indicators/bestaat-niet/jsonstat")
    assert missing.status_code == 404
    assert missing.json() == {
        "detail": "Er is geen indicator met code 'bestaat-niet' die je mag zien.",
        "errors": [],
    }


def test_the_centre_cities_figure_is_the_ratio_of_sums_with_its_coverage(client, per_thousand):
    centre, gent, flanders = observations(
        client, "per-1000", geo="group:centrumsteden,44021,02000", period="2020-01-01"
    )
    ratio_of_sums = Decimal(13 * 1000) / CENTRE_POPULATION * 1000
    assert centre["value"] == float(round(ratio_of_sums, 6)) == 7.786464
    assert (centre["computed"], centre["coverage"], centre["missing"], centre["geo_level"]) == (
        True,
        1.0,
        [],
        "group",
    )
    average_of_ratios = 11.6993  # what a naive average of the 13 cities' ratios would give
    assert not math.isclose(centre["value"], average_of_ratios, rel_tol=0.01)
    assert gent["value"] == float(round(Decimal(1000) / GENT_POPULATION * 1000, 6))
    # Flanders: the count is known in the 13 centre cities only, a quarter of the population
    assert flanders["value"] is None and flanders["status"] == "O"
    assert flanders["note"].startswith("niet getoond: slechts 25 % aanwezig, minstens 80 % nodig")


def test_2019_figures_are_carried_to_the_2025_boundaries_on_request(client, per_thousand):
    own, carried = (
        observations(client, "bevolking", geo="71072", period="2020-01-01"),
        observations(client, "bevolking", geo="71072", period="2020-01-01", boundaries="2025"),
    )
    assert own[0]["value"] is None and own[0]["status"] == "M"
    assert own[0]["note"] == "Hasselt (71072) bestaat niet binnen de grenzen van 01-01-2020"
    assert carried[0]["value"] == 78_714 + 8_437  # Hasselt and Kortessem on 1 January 2020
    assert carried[0]["computed"] is True


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"geo": "99999"}, "geo", "Onbekend gebied '99999': geef een NIS-code (bv. 44021 voor Gent"),
        ({"geo": "group:nergens"}, "geo", "Onbekende groep 'group:nergens'. Kies uit: group:centrumsteden"),
        ({"geo": ",".join(f"{n:05d}" for n in range(101))}, "geo", "Geef hoogstens 100 waarden"),
        ({"period": "2020"}, "period", "De periode '2020' past niet bij de periodiciteit datum"),
        ({"period": "2020-13-45"}, "period", "De periode '2020-13-45' past niet"),
        ({"boundaries": "2030"}, "boundaries", "Kies uit '2019' of '2025'."),
        ({"limit": 1000}, "limit", "Geef een getal van hoogstens 100."),
    ],
)
def test_a_bad_parameter_is_a_422_that_names_it_in_dutch(client, per_thousand, params, field, message):
    answer = get(client, "/api/indicators/teller/observations", **params)
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["field"] == field and error["message"].startswith(message), error


def test_a_request_too_big_for_one_file_is_refused_and_names_the_parameters(
    client, per_thousand, monkeypatch
):
    monkeypatch.setattr(opendata, "MAX_CELLS", 100)
    for path in ("jsonstat", "sdmx.csv"):
        answer = get(client, f"/api/indicators/teller/{path}")  # 319 municipalities × 1 period
        assert answer.status_code == 422
        assert answer.json()["errors"] == [
            {
                "field": "geo",
                "message": "Deze vraag telt 319 cijfers, meer dan 100 in één bestand: kies minder gebieden "
                "(geo) of periodes (period).",
            }
        ]
    assert get(client, "/api/indicators/teller/jsonstat", geo="44021,11002").status_code == 200


def _jsonstat_cell(dataset: dict, **coordinates) -> int:
    """The position in `value` of the cell at `coordinates`, computed as the JSON-stat 2.0 spec says:
    row-major over `id`, each category's position from its dimension's `index`."""
    position = 0
    for dimension, size in zip(dataset["id"], dataset["size"], strict=True):
        index = dataset["dimension"][dimension]["category"]["index"]
        position = position * size + index.index(coordinates[dimension])
    return position


def test_jsonstat_is_a_valid_dataset_that_reads_back_to_the_same_figures(client, per_thousand):
    observe(Indicator.objects.get(code="teller"), "2021-01-01", {"44021": 7, "11002": 9})
    params = {"geo": "44021,11002,group:centrumsteden,71072", "period": "2020-01-01,2021-01-01"}
    dataset = get(client, "/api/indicators/teller/jsonstat", **params).json()

    # the fields of a JSON-stat 2.0 dataset, and sizes that add up
    assert (dataset["version"], dataset["class"], dataset["id"]) == (
        "2.0",
        "dataset",
        ["indicator", "geo", "time"],
    )
    assert dataset["role"] == {"metric": ["indicator"], "geo": ["geo"], "time": ["time"]}
    assert dataset["size"] == [1, 4, 2] and math.prod(dataset["size"]) == len(dataset["value"])
    for dimension, size in zip(dataset["id"], dataset["size"], strict=True):
        category = dataset["dimension"][dimension]["category"]
        assert len(category["index"]) == size and set(category["label"]) == set(category["index"])
    assert dataset["dimension"]["indicator"]["category"]["unit"] == {
        "teller": {"label": "gevallen", "decimals": 0}
    }
    assert set(dataset["status"]) <= {str(i) for i in range(len(dataset["value"]))}
    assert set(dataset["status"].values()) <= set(OBS_STATUS)

    # every figure is where the spec puts it, and is the one /observations gives
    rows = observations(client, "teller", **params)
    assert len(rows) == 8
    for row in rows:
        position = _jsonstat_cell(dataset, indicator="teller", geo=row["geo"], time=row["period"])
        assert dataset["value"][position] == row["value"]
        assert dataset["status"].get(str(position), "") == row["status"]
    cell = {
        (geo, time): dataset["value"][_jsonstat_cell(dataset, indicator="teller", geo=geo, time=time)]
        for geo in ("44021", "11002", "group:centrumsteden", "71072")
        for time in ("2020-01-01", "2021-01-01")
    }
    assert (cell["44021", "2020-01-01"], cell["44021", "2021-01-01"]) == (1000, 7)
    assert (cell["11002", "2021-01-01"], cell["group:centrumsteden", "2020-01-01"]) == (9, 13000)
    assert cell["group:centrumsteden", "2021-01-01"] is None  # 2 of 13 cities: below the coverage rule
    hasselt = _jsonstat_cell(dataset, indicator="teller", geo="71072", time="2020-01-01")
    assert dataset["value"][hasselt] is None and dataset["status"][str(hasselt)] == "M"
    assert dataset["extension"]["notes"][str(hasselt)].startswith("Hasselt (71072) bestaat niet")


def test_sdmx_csv_reads_back_column_by_column(client, per_thousand):
    observe(Indicator.objects.get(code="teller"), "2020-01-01", {"11002": 1000}, status="P")
    answer = get(client, "/api/indicators/teller/sdmx.csv", geo="11002,44021,group:centrumsteden,02000")
    assert answer.status_code == 200 and answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"] == 'attachment; filename="teller.sdmx.csv"'
    reader = csv.DictReader(io.StringIO(answer.content.decode("utf-8"), newline=""))
    assert reader.fieldnames == [
        "STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REF_AREA", "TIME_PERIOD",
        "OBS_VALUE", "OBS_STATUS", "CONF_STATUS", "COMMENT_OBS",
    ]  # fmt: skip
    rows = list(reader)
    assert {(r["STRUCTURE"], r["STRUCTURE_ID"], r["ACTION"], r["INDICATOR"]) for r in rows} == {
        ("dataflow", "KVS:STAD_IN_CIJFERS(1.0)", "I", "teller")
    }
    assert {r["TIME_PERIOD"] for r in rows} == {"2020-01-01"}
    assert [r["REF_AREA"] for r in rows] == ["11002", "44021", "centrumsteden", "02000"]
    assert [r["OBS_VALUE"] for r in rows] == ["1000", "1000", "13000", ""]
    assert [r["OBS_STATUS"] for r in rows] == ["P", "A", "", "O"]
    assert {r["CONF_STATUS"] for r in rows} == {"F"} <= set(CONF_STATUS)
    assert rows[3]["COMMENT_OBS"].startswith("niet getoond: slechts")


def test_a_confidential_value_is_in_no_answer_for_anyone_but_the_centre_staff(client, cast, per_thousand):
    counted = Indicator.objects.get(code="teller")
    observe(counted, "2020-01-01", {"44021": SECRET}, confidentiality="C")
    secret = Decimal(SECRET)
    derived = [  # what the secret can be read back from: itself, Gent's ratio, the group's sum and ratio
        float(secret), float(round(secret / GENT_POPULATION * 1000, 6)), float(12_000 + secret),
        float(round((12_000 + secret) / CENTRE_POPULATION * 1000, 6)),
    ]  # fmt: skip
    texts = [str(v) for v in derived] + [SECRET, "4321,987"]
    for who in ("anonymous", "member", "other_member"):
        user = cast[who]
        answers = [
            get(client, f"/api/indicators/{code}/{path}", user, **params)
            for code in ("teller", "per-1000")
            for path in ("observations", "jsonstat", "sdmx.csv")
            for params in ({}, {"geo": "44021,group:centrumsteden,group:centrumsteden-vgc,40000,04000,02000"})
        ]
        for answer in answers:
            assert answer.status_code == 200
            body = answer.content.decode()
            assert not [t for t in texts if t in body], (who, answer.request["PATH_INFO"])
        gent, centre = observations(client, "teller", user, geo="44021,group:centrumsteden")
        assert (gent["value"], gent["status"], gent["confidentiality"]) == (None, "Q", "C")
        assert gent["note"] == "vertrouwelijk: de bron geeft dit cijfer niet vrij voor publicatie"
        assert (centre["value"], centre["confidentiality"]) == (None, "S")
    staff_gent, staff_centre, staff_ratio = observations(
        client, "teller", cast["editor"], geo="44021,group:centrumsteden"
    ) + observations(client, "per-1000", cast["editor"], geo="44021")
    assert (staff_gent["value"], staff_gent["confidentiality"]) == (float(secret), "C")
    # a figure computed over it is withheld even for the staff: it would be published as ours
    assert staff_centre["value"] is None and staff_ratio["value"] is None


def test_an_answer_for_a_key_is_stored_by_no_cache(client, cast, per_thousand):
    """The staff's answers hold confidential figures, a member's their city's own indicators: a shared
    cache between the caller and the platform must not keep them for the next caller."""
    paths = [
        "",
        "/teller",
        "/teller/observations",
        "/teller/jsonstat?geo=44021",
        "/teller/sdmx.csv?geo=44021",
    ]
    for path in paths:
        keyed = client.get(f"/api/indicators{path}", **bearer(cast["editor"]))
        assert keyed.status_code == 200
        assert set(keyed["Cache-Control"].split(", ")) == {"private", "no-store"}, path
        assert "Cache-Control" not in client.get(f"/api/indicators{path}"), path
