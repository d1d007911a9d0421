"""Similar municipalities (issue 14, point 2) on the real population of 1 January 2020: the nearest
neighbours by z-score distance, missing values, bounds, tampered input and the button that saves the
result as a comparison group."""

from __future__ import annotations

import statistics
from decimal import Decimal

import pytest

from stadskennis.core.reference import reference_load
from stadskennis.indicators.models import Observation
from stadskennis.indicators.similar import MAX_INDICATORS
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

URL = "/cijfers/vergelijkbaar/"
GENT = "44021"


@pytest.fixture
def population(cast):
    reference_load()
    return {
        code: float(value)
        for code, value in Observation.objects.filter(indicator__code="bevolking").values_list(
            "area__code", "value"
        )
    }


def test_on_population_alone_the_nearest_are_those_closest_in_inhabitants(client, population):
    response = client.get(URL, {"gemeente": GENT, "indicator": "bevolking", "grenzen": "2019", "aantal": 5})
    result = response.context["result"]
    gent = population[GENT]
    expected = sorted((c for c in population if c != GENT), key=lambda c: abs(population[c] - gent))[:5]
    assert [n.area.code for n in result.neighbours] == expected
    deviation = statistics.pstdev(population.values())
    assert result.neighbours[0].distance == pytest.approx(abs(population[expected[0]] - gent) / deviation)
    assert result.compared == len(population) - 1 and result.left_out == 0
    page = response.content.decode()
    assert result.neighbours[0].area.name in page and result.neighbours[0].distance_text in page


def test_on_2025_boundaries_a_merged_municipality_is_the_sum_of_its_parts(client, population):
    response = client.get(URL, {"gemeente": "71072", "indicator": "bevolking"})
    result = response.context["result"]
    assert result.target.name == "Hasselt" and result.boundaries == "2025"
    assert result.columns[0].target == f"{int(population['71022'] + population['73040']):,}".replace(",", ".")
    codes = {n.area.code for n in result.neighbours}
    assert "73040" not in codes and "71022" not in codes  # gone since 2025: not candidates
    assert result.compared == 285 + 19 - 1  # the Flemish municipalities of 2025 and Brussels', less Hasselt


def test_a_municipality_missing_more_than_half_the_indicators_is_left_out_and_counted(client, population):
    first = IndicatorFactory(code="eerste", name="Eerste", periodicity="year")
    second = IndicatorFactory(code="tweede", name="Tweede", periodicity="year")
    few = ["44021", "11002", "31005", "35013", "71016", "12025"]
    observe(first, "2020", {code: 10 * (i + 1) for i, code in enumerate(few)})
    observe(second, "2020", {code: 7 * (i + 1) ** 2 for i, code in enumerate(few)})
    params = {
        "gemeente": GENT,
        "indicator": ["bevolking", "eerste", "tweede"],
        "grenzen": "2019",
        "aantal": 25,
    }
    result = client.get(URL, params).context["result"]
    assert sorted(n.area.code for n in result.neighbours) == sorted(c for c in few if c != GENT)
    assert result.left_out == len(population) - len(few)
    # with one of two extra indicators missing for everyone but Gent, that one is used by nobody else
    observe(second, "2020", {"11002": None})
    result = client.get(URL, params).context["result"]
    antwerpen = next(n for n in result.neighbours if n.area.code == "11002")
    assert (antwerpen.shared, antwerpen.values[2]) == (2, "–")


def test_an_indicator_the_municipality_has_no_figure_for_is_dropped_with_a_message(client, population):
    IndicatorFactory(code="leeg", name="Zonder Gent", periodicity="year")
    observe(
        IndicatorFactory(code="zonder-gent", name="Zonder Gent", periodicity="year"), "2020", {"11002": 5}
    )
    response = client.get(URL, {"gemeente": GENT, "indicator": ["bevolking", "leeg", "zonder-gent"]})
    result = response.context["result"]
    assert [c.indicator.code for c in result.columns] == ["bevolking"]
    assert any("Zonder Gent" in m and "telt niet mee" in m for m in result.messages)
    assert any("geen cijfers" in m for m in result.messages)


def test_bounds_and_tampered_input_are_answered_in_dutch_without_an_error(client, population, gent, cast):
    for n in range(MAX_INDICATORS + 1):
        IndicatorFactory(code=f"extra-{n}", name=f"Extra {n}")
    IndicatorFactory(code="geheim", name="Geheim", visibility="organisation", owner=gent)
    many = ["geheim", *(f"extra-{n}" for n in range(MAX_INDICATORS + 1))]
    response = client.get(URL, {"gemeente": GENT, "indicator": many, "aantal": "9999", "jaar": "twee"})
    assert response.status_code == 200
    messages = response.context["asked"]["messages"]
    assert any(f"hoogstens {MAX_INDICATORS}" in m for m in messages)
    assert any("geen jaar" in m for m in messages)
    assert "geheim" not in {i.code for i in response.context["asked"]["indicators"]}  # not visible: ignored
    assert response.context["asked"]["count"] == 25
    unknown = client.get(URL, {"gemeente": "99999", "indicator": "bevolking"})
    assert unknown.status_code == 200 and unknown.context["result"] is None
    assert "Er is geen gemeente met NIS-code 99999" in unknown.content.decode()
    assert client.get(URL, {"gemeente": "<script>", "indicator": "x" * 500}).status_code == 200


def test_the_result_is_saved_as_a_group_by_a_member_and_is_data_as_json(client_for, cast, population):
    params = {"gemeente": GENT, "indicator": "bevolking", "aantal": 5}
    member = client_for(cast["member"]).get(URL, params)
    save = member.context["save_url"]
    codes = [GENT] + [n.area.code for n in member.context["result"].neighbours]
    assert save.startswith("/cijfers/groepen/nieuw/?") and all(f"gemeente={c}" in save for c in codes)
    form = client_for(cast["member"]).get(save).context["form"]
    assert sorted(a.code for a in form.initial["members"]) == sorted(codes)
    assert form.initial["name"] == "Vergelijkbaar met Gent"
    assert client_for(None).get(URL, params).context["save_url"] == ""  # anonymous: no group to save
    data = client_for(None).get(URL, {**params, "formaat": "json"}).json()
    assert [n["geo"] for n in data["neighbours"]] == codes[1:]
    assert data["indicators"][0]["code"] == "bevolking" and data["neighbours"][0]["distance"] > 0
    assert Decimal(str(data["neighbours"][0]["distance"])) <= Decimal(str(data["neighbours"][-1]["distance"]))
