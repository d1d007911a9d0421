"""A tampered id in a form, a query string or a filter is no 500: '²' (a digit to str.isdigit, not to
int) and numbers past the largest key (SQLite's OverflowError) are no ids (issue 13 review)."""

from __future__ import annotations

import pytest
from django import forms

from stadskennis.core.ids import parse_id, parse_ids
from stadskennis.core.models import Theme
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.network.tests.factories import PersonFactory
from stadskennis.questions import rondvraag as survey
from stadskennis.questions.tests.factories import RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 25
TAMPERED = ["²", "٣", HUGE, str(2**63), "-1", "0", "1e3", " 7", ""]


def test_only_ascii_digits_that_fit_a_key_are_ids():
    assert [parse_id(value) for value in TAMPERED] == [None] * len(TAMPERED)
    assert parse_id("42") == 42 and parse_id(str(2**63 - 1)) == 2**63 - 1
    assert parse_ids(["3", "²", "3", HUGE, "1"]) == [3, 1]


def test_a_number_no_column_holds_matches_no_row():
    theme = ThemeFactory()
    assert list(Theme.objects.filter(pk__in=[HUGE])) == []
    assert list(Theme.objects.filter(pk__in=[theme.pk, 10**30])) == [theme]
    field = forms.ModelMultipleChoiceField(queryset=Theme.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean([str(theme.pk), HUGE])


def test_a_picker_with_a_tampered_choice_shows_the_form_again(cast, client_for, gent):
    for n in range(51):  # a long list: the picker narrows it on the server
        PersonFactory(first_name=f"Persoon{n}", last_name="Test", organisation=gent)
    member = client_for(cast["other_member"])
    for value in ("²", HUGE):
        response = member.post(
            "/kennisbank/voorstellen/", {"title": "Voorstel", "kind": "practice", "contacts": [value]}
        )
        assert response.status_code == 200, value
        assert "geen beschikbare keuze" in response.content.decode() or "geen geldige" in (
            response.content.decode()
        )


@pytest.fixture
def sent_round(cast, centre, gent):
    rondvraag = RondvraagFactory(title="Parkeren", owner=centre, visibility="network")
    question = SurveyQuestionFactory(rondvraag=rondvraag, position=1, text="Aantal", kind="number")
    survey.send(rondvraag=rondvraag, organisations=[gent], actor=cast["editor"])
    return rondvraag, question


def test_the_comparison_ignores_tampered_filters(sent_round, cast, client_for):
    rondvraag, _question = sent_round
    url = f"/vraagbaak/rondvragen/{rondvraag.pk}/vergelijking/"
    response = client_for(cast["editor"]).get(url, {"vraag": ["²", HUGE], "org": ["٣", HUGE]})
    assert response.status_code == 200 and "Aantal" in response.content.decode()


def test_a_tampered_answer_version_is_no_version(sent_round, cast, client_for):
    rondvraag, question = sent_round
    response = client_for(cast["member"]).post(
        f"/vraagbaak/rondvragen/{rondvraag.pk}/antwoorden/",
        {f"q{question.pk}": "12", f"q{question.pk}_version": "²"},
    )
    assert response.status_code == 302
    assert question.answers.get().value == 12


def test_the_privacy_review_refuses_a_tampered_person(cast, client_for):
    for value in ("²", HUGE):
        response = client_for(cast["editor"]).post("/netwerk/beheer/privacy/", {"person": value})
        assert response.status_code == 404, value
