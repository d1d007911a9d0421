"""Factory-made questions and survey answers go through the services: owner, versions, status."""

from __future__ import annotations

import pytest

from stadskennis.questions.models import Recipient
from stadskennis.questions.tests.factories import (
    AnswerFactory,
    QuestionFactory,
    RecipientFactory,
    RondvraagFactory,
    SurveyQuestionFactory,
)

pytestmark = pytest.mark.django_db


def test_a_question_belongs_to_its_askers_organisation(cast):
    question = QuestionFactory(asker=cast["member"], title="Hoe zit het met de leegstandsheffing?")
    assert question.owner == cast["member"].organisation and question.created_by == cast["member"]
    assert question.status == "new"


def test_a_round_sent_through_the_factory_is_open_and_answers_are_versioned(cast, gent, antwerpen):
    rondvraag = RondvraagFactory(sent_to=[gent, antwerpen], sent_to__by=cast["editor"])
    assert rondvraag.phase == "open"
    assert set(rondvraag.recipients.values_list("organisation__slug", flat=True)) == {"gent", "antwerpen"}

    recipient = rondvraag.recipients.get(organisation=gent)
    question = SurveyQuestionFactory(rondvraag=rondvraag, kind="number")
    AnswerFactory(recipient=recipient, question=question, value=12, saved_by=cast["member"])
    answer = AnswerFactory(recipient=recipient, question=question, value=14, saved_by=cast["member"])
    assert answer.value == 14 and answer.version == 2
    assert [v.value for v in answer.versions.all()] == [12, 14]
    assert Recipient.objects.get(pk=recipient.pk).status == "drafting"


def test_an_answer_on_its_own_brings_its_round_and_recipient(db):
    answer = AnswerFactory()
    assert answer.question.rondvraag == answer.recipient.rondvraag
    assert RecipientFactory(rondvraag=answer.recipient.rondvraag).rondvraag.phase == "open"
