"""The hostile input an outside test sent the API: each a 422 that names the field, never a 500.

Schemathesis (test_schema_fuzz.py) looks for more of the same; these are the cases it found, kept
as plain tests so each stays fixed.
"""

from __future__ import annotations

import pytest
from django.test import Client

from stadskennis.accounts.models import ApiToken
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.questions import rondvraag as survey
from stadskennis.questions.models import Answer, Rondvraag, SurveyQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """A client that answers a server error with its 500, as a caller gets it, instead of raising."""
    return Client(raise_request_exception=False)


def bearer(user):
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def problem(response) -> dict[str, str]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return {error["field"]: error["message"] for error in response.json()["errors"]}


@pytest.mark.parametrize("path", ["/api/items", "/api/people", "/api/questions"])
def test_an_offset_past_2_to_the_63_is_a_422(api, path):
    response = api.get(path, {"offset": 2**63})
    assert response.status_code == 422
    assert problem(response) == {"offset": "Geef een getal van hoogstens 2147483647."}


@pytest.mark.parametrize("path", ["/api/items", "/api/people", "/api/questions"])
def test_a_limit_past_2_to_the_64_is_a_422(api, path):
    response = api.get(path, {"limit": 2**64})
    assert response.status_code == 422
    assert problem(response) == {"limit": "Geef een getal van hoogstens 100."}


def test_the_largest_offset_allowed_answers_an_empty_page(api, cast, gent):
    KnowledgeItem.objects.create(title="Eén item", kind="study", owner=gent, visibility="public")
    response = api.get("/api/items", {"offset": 2**31 - 1, "limit": 100})
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 1}


def test_search_paging_outside_its_bounds_is_a_422(api):
    response = api.get("/api/search", {"q": "wonen", "page": "1e400", "limit": 2**64, "sort": 5})
    assert response.status_code == 422
    assert problem(response) == {
        "page": "Geef een geheel getal.",
        "limit": "Geef een getal van hoogstens 100.",
        "sort": "Kies uit 'relevance' of 'date'.",
    }


def test_1e400_as_a_year_is_a_422_and_writes_nothing(api, cast):
    response = api.post(
        "/api/items",
        '{"title": "Oneindig", "kind": "study", "year": 1e400}',
        content_type="application/json",
        **bearer(cast["member"]),
    )
    assert response.status_code == 422
    assert problem(response) == {"year": "Geef een eindig getal."}
    assert KnowledgeItem.objects.count() == 0


def test_a_body_that_is_not_json_is_a_400_in_dutch(api, cast):
    response = api.post("/api/items", "{niet json", content_type="application/json", **bearer(cast["member"]))
    assert response.status_code == 400
    assert response.json() == {"detail": "De inhoud van het verzoek is geen geldige JSON.", "errors": []}


@pytest.fixture
def several_choices(cast, gent, centre):
    """An open round sent to Gent with one question of several choices."""
    round_ = Rondvraag.objects.create(title="Fietsbeleid", owner=centre, visibility="network")
    question = SurveyQuestion.objects.create(
        rondvraag=round_, position=1, text="Welke maatregelen?", kind="multiple_choice", choices="A\nB\nC"
    )
    survey.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    return question


@pytest.mark.parametrize("value", ["5", "1e400", "true", '"AB"', '{"A": 1}'])
def test_not_a_list_where_several_choices_are_expected_is_a_422(api, cast, several_choices, value):
    question = several_choices
    response = api.put(
        f"/api/rondvragen/{question.rondvraag_id}/answers",
        f'{{"answers": [{{"question": {question.pk}, "value": {value}}}]}}',
        content_type="application/json",
        **bearer(cast["member"]),
    )
    assert response.status_code == 422
    assert problem(response) == {f"answers.{question.pk}": "Geef de keuzes als een lijst."}
    assert Answer.objects.count() == 0


def test_a_list_where_one_value_is_expected_is_a_422(api, cast, gent, centre):
    round_ = Rondvraag.objects.create(title="Parkeren", owner=centre, visibility="network")
    question = SurveyQuestion.objects.create(rondvraag=round_, position=1, text="Hoeveel?", kind="number")
    survey.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    response = api.put(
        f"/api/rondvragen/{round_.pk}/answers",
        {"answers": [{"question": question.pk, "value": [12]}]},
        content_type="application/json",
        **bearer(cast["member"]),
    )
    assert response.status_code == 422
    assert problem(response) == {f"answers.{question.pk}": "Geef één waarde, geen lijst."}
    assert Answer.objects.count() == 0


def test_several_choices_as_a_list_are_still_saved(api, cast, several_choices):
    question = several_choices
    response = api.put(
        f"/api/rondvragen/{question.rondvraag_id}/answers",
        {"answers": [{"question": question.pk, "value": ["A", "C"]}]},
        content_type="application/json",
        **bearer(cast["member"]),
    )
    assert response.status_code == 200
    assert response.json()["answers"][0]["value"] == ["A", "C"]


# What each operation may answer besides success, as the schema says; test_schema_fuzz.py checks
# that the API answers nothing else.
DOCUMENTED = {
    ("get", "/api/items"): {"200", "401", "422"},
    ("post", "/api/items"): {"201", "400", "401", "403", "422"},
    ("get", "/api/items/{item_id}"): {"200", "401", "404", "422"},
    ("patch", "/api/items/{item_id}"): {"200", "400", "401", "403", "404", "422"},
    ("get", "/api/search"): {"200", "401", "422"},
    ("post", "/api/questions"): {"201", "400", "401", "422"},
    ("put", "/api/rondvragen/{rondvraag_id}/answers"): {"200", "400", "401", "403", "404", "409", "422"},
    ("patch", "/api/releases/{release_id}/entries/{code}"): {"200", "400", "401", "403", "404", "409", "422"},
    ("post", "/api/events/{slug}/registrations"): {"201", "400", "401", "404", "409", "422"},
    ("post", "/api/me/registrations/{registration_id}/cancel"): {"200", "401", "404", "422"},
}


def test_the_schema_documents_the_error_answers(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    documented = {key: set(paths[key[1]][key[0]]["responses"]) for key in DOCUMENTED}
    assert documented == DOCUMENTED
    every = [set(operation["responses"]) for path in paths.values() for operation in path.values()]
    assert all({"401", "422"} <= codes for codes in every)


def test_a_wrong_key_is_a_401_on_every_read(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    reads = [path for path, operations in paths.items() if "get" in operations]
    for path in reads:
        url = path.format(
            item_id=1,
            person_id=1,
            question_id=1,
            rondvraag_id=1,
            key="x",
            slug="x",
            code="x",
            plan_id=1,
            release_id=1,
            line_id=1,
            year=2019,
        )
        response = api.get(url, {"q": "x"}, HTTP_AUTHORIZATION="Bearer sk_niet-geldig")
        assert (url, response.status_code) == (url, 401)
        assert response.json() == {"detail": "Geen geldige API-sleutel.", "errors": []}
