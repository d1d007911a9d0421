"""Factories for the Vraagbaak: questions, survey rounds, their questions, recipients and answers."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.questions import rondvraag as survey
from stadskennis.questions.models import Answer, Question, Recipient, Rondvraag, SurveyQuestion
from stadskennis.questions.services import question_ask


class QuestionFactory(DjangoModelFactory):
    """A network-visible question, asked by `asker` through `question_ask`: owned by the asker's
    organisation, audited, searchable, and confirmed by mail (queued for the worker)."""

    class Meta:
        model = Question

    title = factory.Sequence(lambda n: f"Hoe pakken steden vraag {n} aan?")
    visibility = "network"
    asker = factory.SubFactory(MemberFactory)

    @classmethod
    def _build(cls, model_class, *args, asker, **kwargs):
        return model_class(*args, created_by=asker, owner=asker.organisation, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, asker, **kwargs):
        return question_ask(actor=asker, **kwargs)


class RondvraagFactory(DjangoModelFactory):
    """A survey round of the centre, being composed. Composing goes through `rondvraag_create` with its
    form, which fixes owner and visibility; a round feeds no search or outbox, so the factory writes
    the row itself and any owner or visibility can be tested. `sent_to=[organisations]` then sends it
    through the service, which opens it and mails each organisation's contact its link
    (`sent_to__by=` is the editor who sends)."""

    class Meta:
        model = Rondvraag
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Rondvraag {n}")
    owner = factory.SubFactory(OrganisationFactory, kind="centre")
    visibility = "organisation"

    @factory.post_generation
    def sent_to(self, create, organisations, **kwargs):
        if create and organisations:
            survey.send(rondvraag=self, organisations=organisations, actor=kwargs.get("by"))
            self.refresh_from_db()


class SurveyQuestionFactory(DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    rondvraag = factory.SubFactory(RondvraagFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Vraag {n}?")
    kind = SurveyQuestion.Kind.SHORT_TEXT


class RecipientFactory(DjangoModelFactory):
    """An organisation invited to a round, by `send` (the one way a recipient comes to be)."""

    class Meta:
        model = Recipient

    rondvraag = factory.SubFactory(RondvraagFactory)
    organisation = factory.SubFactory(OrganisationFactory)

    @classmethod
    def _create(cls, model_class, *args, rondvraag, organisation, actor=None, **kwargs):
        survey.send(rondvraag=rondvraag, organisations=[organisation], actor=actor)
        return model_class.objects.get(rondvraag=rondvraag, organisation=organisation)


class AnswerFactory(DjangoModelFactory):
    """An organisation's saved answer, by `answer_save` (versioned; the recipient is drafting)."""

    class Meta:
        model = Answer

    recipient = factory.SubFactory(RecipientFactory)
    question = factory.SubFactory(
        SurveyQuestionFactory, rondvraag=factory.SelfAttribute("..recipient.rondvraag")
    )
    value = "Ja, sinds 2020."
    explanation = ""
    saved_by = None

    @classmethod
    def _create(cls, model_class, *args, recipient, question, value, explanation, saved_by, **kwargs):
        current = Answer.objects.filter(recipient=recipient, question=question).first()
        answer, conflict = survey.answer_save(
            recipient=recipient,
            question=question,
            value=value,
            explanation=explanation,
            base_version=current.version if current else 0,
            user=saved_by,
        )
        assert conflict is None
        return answer
