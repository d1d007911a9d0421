"""Vraagbaak in the API: the same rules per role and phase; a city fills in a round from its systems."""

from __future__ import annotations

import pytest

from stadskennis.accounts.models import ApiToken
from stadskennis.questions import rondvraag as service
from stadskennis.questions.services import question_ask
from stadskennis.questions.tests.factories import RecipientFactory, RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def round_(cast, centre, gent, antwerpen):
    r = RondvraagFactory(title="Parkeerbeleid", owner=centre, visibility="network")
    SurveyQuestionFactory(rondvraag=r, position=1, text="Aantal plaatsen", kind="number", required=True)
    SurveyQuestionFactory(rondvraag=r, position=2, text="Betalend?", kind="yes_no")
    RecipientFactory(rondvraag=r, organisation=gent, actor=cast["editor"])
    RecipientFactory(rondvraag=r, organisation=antwerpen, actor=cast["editor"])
    r.refresh_from_db()  # sending opened it
    return r


def test_questions_follow_visibility(cast, client):
    question_ask(actor=cast["member"], title="Interne vraag", visibility="organisation")
    question_ask(actor=cast["member"], title="Open vraag", visibility="public")
    assert [q["title"] for q in client.get("/api/questions").json()["items"]] == ["Open vraag"]
    own = client.get("/api/questions", **_auth(cast["member"])).json()["items"]
    assert {q["title"] for q in own} == {"Interne vraag", "Open vraag"}
    other = client.get("/api/questions", **_auth(cast["other_member"])).json()["items"]
    assert [q["title"] for q in other] == ["Open vraag"]


def test_asking_through_the_api(cast, client):
    response = client.post(
        "/api/questions",
        {"title": "Hoe zit het met parkeren?"},
        content_type="application/json",
        **_auth(cast["member"]),
    )
    assert response.status_code == 201 and response.json()["status"] == "new"
    bad = client.post(
        "/api/questions", {"title": " "}, content_type="application/json", **_auth(cast["member"])
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "title"


def test_a_city_fills_in_a_round_from_its_own_systems(round_, cast, client):
    auth = _auth(cast["member"])
    q1, q2 = round_.questions.all()
    url = f"/api/rondvragen/{round_.pk}/answers"
    bad = client.put(
        url,
        {"answers": [{"question": q1.pk, "value": "ongeveer 12"}]},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and "geen getal" in bad.json()["errors"][0]["message"]
    assert client.get(url, **auth).json()["answers"] == []  # nothing written
    ok = client.put(
        url,
        {
            "answers": [{"question": q1.pk, "value": "1200"}, {"question": q2.pk, "value": "yes"}],
            "submit": True,
        },
        content_type="application/json",
        **auth,
    )
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"
    assert client.get(url, **_auth(cast["other_member"])).json()["answers"] == []  # Antwerp sees its own only
    assert client.put(url, {"answers": []}, content_type="application/json", **auth).status_code == 403


def test_a_stale_version_is_a_409_with_the_stored_answer(round_, cast, client):
    q1 = round_.questions.get(position=1)
    url = f"/api/rondvragen/{round_.pk}/answers"
    client.put(
        url,
        {"answers": [{"question": q1.pk, "value": "10"}]},
        content_type="application/json",
        **_auth(cast["member"]),
    )
    response = client.put(
        url,
        {"answers": [{"question": q1.pk, "value": "20", "version": 0}]},
        content_type="application/json",
        **_auth(cast["member"]),
    )
    assert response.status_code == 409 and response.json()["errors"][0]["theirs"] == 10


def test_comparison_only_for_the_centre_until_published(round_, cast, client, gent):
    url = f"/api/rondvragen/{round_.pk}/comparison"
    assert client.get(url, **_auth(cast["member"])).status_code == 404
    assert client.get(url, **_auth(cast["editor"])).status_code == 200
    answers = {
        "answers": [{"question": round_.questions.get(position=1).pk, "value": "1200"}],
        "submit": True,
    }
    put = client.put(f"/api/rondvragen/{round_.pk}/answers", answers, content_type="application/json",
                     **_auth(cast["member"]))  # fmt: skip
    assert put.status_code == 200
    service.publish(rondvraag=round_, actor=cast["editor"], visibility="network")
    assert client.get(url, **_auth(cast["member"])).status_code == 200
    assert client.get(url).status_code == 404  # network, not public
    assert client.get(f"/api/rondvragen/{round_.pk}").status_code == 404
