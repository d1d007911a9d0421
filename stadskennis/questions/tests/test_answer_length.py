"""A long answer or explanation has a limit, checked where the page and the API save answers: past
it the person reads why at the field and nothing is saved (issue 13, point 9: an answer of megabytes
made the editor's review before publication take minutes)."""

from __future__ import annotations

import pytest

from stadskennis.accounts.models import ApiToken
from stadskennis.questions import rondvraag as service
from stadskennis.questions.tests.factories import RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db

TOO_LONG = "Een lang verhaal. " * 555 + "Einde van de tekst"  # 10 008 characters
FITS = "Een lang verhaal.\r\n" * 555 + "Nog tien!!"  # 10 000 as typed: a line break counts once


@pytest.fixture
def round_(cast, centre, gent):
    r = RondvraagFactory(title="Leegstand in de steden", owner=centre)
    SurveyQuestionFactory(rondvraag=r, position=1, text="Hoe pak je leegstand aan?", kind="long_text")
    SurveyQuestionFactory(rondvraag=r, position=2, text="Heb je een register?", kind="yes_no")
    service.send(rondvraag=r, organisations=[gent], actor=cast["editor"])
    return r


def _post(client, round_, *, value="", explanation="", register="yes"):
    long, yes_no = round_.questions.order_by("position")
    return client.post(
        f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/",
        {f"q{long.pk}": value, f"q{long.pk}_explanation": explanation, f"q{yes_no.pk}": register},
    )


def test_a_long_answer_past_the_limit_is_refused_at_its_field_and_nothing_is_saved(round_, cast, client_for):
    member = client_for(cast["member"])
    response = _post(member, round_, value=TOO_LONG)
    assert response.status_code == 200
    page = response.content.decode()
    long = round_.questions.get(position=1)
    message = "Een lang antwoord telt hoogstens 10.000 tekens; dit telt er 10.008."
    assert f'<p class="error" id="error-{long.pk}">{message}</p>' in page
    assert not round_.recipients.get().answers.exists()  # the yes/no answer neither

    assert _post(member, round_, value=FITS).status_code == 302
    assert round_.recipients.get().answers.get(question=long).value == FITS.strip()


def test_an_explanation_past_the_limit_is_refused_at_its_field_and_nothing_is_saved(round_, cast, client_for):
    member = client_for(cast["member"])
    page = _post(member, round_, value="Met een premie.", explanation=TOO_LONG).content.decode()
    long = round_.questions.get(position=1)
    message = "De toelichting telt hoogstens 10.000 tekens; deze telt er 10.008."
    assert f'<p class="error" id="error-{long.pk}">{message}</p>' in page
    assert not round_.recipients.get().answers.exists()


def test_the_api_refuses_the_same_with_the_same_message_and_saves_nothing(round_, cast, client_for):
    _token, key = ApiToken.issue(user=cast["member"], name="test")
    long, yes_no = round_.questions.order_by("position")
    response = client_for(None).put(
        f"/api/rondvragen/{round_.pk}/answers",
        {
            "answers": [
                {"question": yes_no.pk, "value": "yes"},
                {"question": long.pk, "value": TOO_LONG, "explanation": TOO_LONG},
            ]
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": f"answers.{long.pk}",
            "message": "Een lang antwoord telt hoogstens 10.000 tekens; dit telt er 10.008. "
            "De toelichting telt hoogstens 10.000 tekens; deze telt er 10.008.",
        }
    ]
    assert not round_.recipients.get().answers.exists()


def test_a_number_too_large_for_any_column_is_refused(cast, centre, gent, client_for):
    r = RondvraagFactory(title="Parkeren", owner=centre)
    question = SurveyQuestionFactory(rondvraag=r, position=1, text="Aantal plaatsen", kind="number")
    service.send(rondvraag=r, organisations=[gent], actor=cast["editor"])
    response = client_for(cast["member"]).post(
        f"/vraagbaak/rondvragen/{r.pk}/antwoorden/", {f"q{question.pk}": "1e400"}
    )
    assert response.status_code == 200
    assert "“1e400” is een te groot getal." in response.content.decode()
    assert not question.answers.exists()
