"""Vraagbaak in the API: questions, survey rounds, an organisation's answers (read and write, so a
city can fill in a round from its own systems) and the comparison. Same rules per role and phase
as the pages."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from stadskennis.api.auth import reader, token_auth
from stadskennis.api.pagination import Pagination
from stadskennis.api.schemas import BODY_ERRORS, ERRORS, NOT_FOUND
from stadskennis.core.visibility import (
    Visibility,
    access_content_or_404,
    can_read_answer,
    can_see_comparison,
    can_see_round,
    is_staff_user,
)
from stadskennis.questions import comparison
from stadskennis.questions import rondvraag as service
from stadskennis.questions import services as question_services
from stadskennis.questions.models import Question, Recipient, Rondvraag, SurveyQuestion

router = Router(tags=["Help desk"])


def _one_of(choices) -> str:
    return "One of " + ", ".join(f"`{value}`" for value in choices.values) + "."


class QuestionOut(Schema):
    id: int
    title: str = Field(description="The question.")
    context: str = Field(description="Why it is asked, what is known already.")
    status: str = Field(description=_one_of(Question.Status))
    organisation: str = Field(description="The name of the organisation that asks.")
    themes: list[str] = Field(description="Theme slugs.")
    wished_by: date | None = Field(description="When the asker would like an answer.")
    answer: str | None = Field(description="The centre's answer (Markdown), once given; null before.")
    created_at: datetime
    url: str = Field(description="Its page on the platform.")


class QuestionIn(Schema):
    title: str = Field(description="The question.")
    context: str = Field("", description="Why you ask, what you know already.")
    wished_by: date | None = Field(None, description="When you would like an answer.")
    visibility: str = Field(
        Visibility.NETWORK,
        description="Who may see it: `organisation` your own, `network` every member, `public` everyone.",
    )


class SurveyQuestionOut(Schema):
    id: int
    section: str = Field(description="The heading it stands under.")
    position: int = Field(description="Its place in the round, from 1.")
    text: str
    kind: str = Field(description=_one_of(SurveyQuestion.Kind))
    choices: list[str] = Field(description="The choices, for `single_choice` and `multiple_choice`.")
    unit: str = Field(description="The unit of a `number` (euro, FTE, …).")
    required: bool = Field(description="Whether an answer is needed to submit.")
    with_explanation: bool = Field(description="Whether an explanation is asked besides the answer.")


class RondvraagOut(Schema):
    id: int
    title: str
    phase: str = Field(description=_one_of(Rondvraag.Phase))
    deadline: datetime | None = Field(description="When the answers are due.")
    questions: list[SurveyQuestionOut]


class AnswerOut(Schema):
    question: int = Field(description="The survey question's id.")
    value: object | None = Field(
        description="Text, a number, true or false, a date (YYYY-MM-DD), a choice or a list of choices, "
        "by the question's kind."
    )
    explanation: str
    version: int = Field(description="Send it back with a change, so no one overwrites another's.")


class AnswersOut(Schema):
    organisation: str = Field(description="The slug of the organisation that answers.")
    status: str = Field(description=_one_of(Recipient.Status))
    submitted_at: datetime | None = Field(description="When the answers were submitted; null before.")
    answers: list[AnswerOut]


class AnswerIn(Schema):
    question: int = Field(description="The survey question's id.")
    value: object | None = Field(None, description="As in AnswerOut; null clears the answer.")
    explanation: str = ""
    version: int = Field(
        0,
        description="The version this answer was based on (0 for a first answer); a stale one is a 409 "
        "with the other answer.",
    )


class AnswersIn(Schema):
    answers: list[AnswerIn]
    submit: bool = Field(False, description="Submit after saving: the answers are then final.")


class Problem(Schema):
    detail: str = Field(description="What went wrong, in Dutch.")
    errors: list[dict] = Field(
        [], description="Per field: `field` and `message`; a 409 adds `theirs` and `version`."
    )


def _question(q: Question, user) -> dict:
    return {
        "id": q.pk,
        "title": q.title,
        "context": q.context,
        "status": q.status,
        "organisation": q.owner.name,
        "themes": [t.slug for t in q.themes.all()],
        "wished_by": q.wished_by,
        "answer": q.answer if can_read_answer(user, q) else None,
        "created_at": q.created_at,
        "url": q.get_absolute_url(),
    }


@router.get("/questions", response={200: list[QuestionOut], **ERRORS}, summary="Questions you may see")
@paginate(Pagination)
def question_list(request, status: str = Query("", description="Only questions in this status.")):
    questions = (
        Question.objects.visible_to(reader(request)).select_related("owner").prefetch_related("themes")
    )
    if status:
        questions = questions.filter(status=status)
    return [_question(q, reader(request)) for q in questions]


@router.get(
    "/questions/{question_id}", response={200: QuestionOut, **NOT_FOUND, **ERRORS}, summary="One question"
)
def question_get(request, question_id: int):
    user = reader(request)
    return _question(
        access_content_or_404(user, Question.objects.select_related("owner"), pk=question_id), user
    )


@router.post(
    "/questions",
    response={201: QuestionOut, **BODY_ERRORS},
    auth=token_auth,
    summary="Ask the centre a question",
)
def question_ask(request, payload: QuestionIn):
    """For your organisation; the centre's staff take it up."""
    user = request.auth
    if not user.organisation_id:
        return Status(
            422,
            {
                "detail": _("Your account has no organisation yet; ask the centre to add it."),
                "errors": [],
            },
        )
    if payload.visibility not in (Visibility.ORGANISATION, Visibility.NETWORK, Visibility.PUBLIC):
        return Status(
            422,
            {
                "detail": "De gegevens zijn ongeldig.",
                "errors": [{"field": "visibility", "message": "organisation, network of public"}],
            },
        )
    if not payload.title.strip():
        return Status(
            422,
            {
                "detail": "De gegevens zijn ongeldig.",
                "errors": [{"field": "title", "message": "Dit veld is verplicht."}],
            },
        )
    question = question_services.question_ask(
        actor=user,
        title=payload.title.strip()[:300],
        context=payload.context,
        wished_by=payload.wished_by,
        visibility=payload.visibility,
    )
    return Status(201, _question(question, user))


def _round_out(r: Rondvraag) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "phase": r.phase,
        "deadline": r.deadline,
        "questions": [
            {
                "id": q.pk,
                "section": q.section,
                "position": q.position,
                "text": q.text,
                "kind": q.kind,
                "choices": q.choice_list,
                "unit": q.unit,
                "required": q.required,
                "with_explanation": q.with_explanation,
            }
            for q in r.questions.all()
        ],
    }


def _round_for(user, pk: int) -> Rondvraag:
    """The centre sees every round; an organisation the rounds it was invited to, and published ones."""
    rondvraag = get_object_or_404(Rondvraag.objects.alive(), pk=pk)
    if not can_see_round(user, rondvraag):
        raise Http404
    return rondvraag


@router.get(
    "/rondvragen/{rondvraag_id}",
    response={200: RondvraagOut, **NOT_FOUND, **ERRORS},
    summary="A survey round and its questions",
)
def rondvraag_get(request, rondvraag_id: int):
    return _round_out(_round_for(reader(request), rondvraag_id))


def _recipient(user, rondvraag: Rondvraag, organisation: str = "") -> Recipient:
    if is_staff_user(user) and organisation:
        return get_object_or_404(rondvraag.recipients, organisation__slug=organisation)
    recipient = service.recipient_for(rondvraag=rondvraag, user=user)
    if recipient is None:
        raise Http404
    return recipient


def _answers_out(recipient: Recipient) -> dict:
    return {
        "organisation": recipient.organisation.slug,
        "status": recipient.status,
        "submitted_at": recipient.submitted_at,
        "answers": [
            {"question": a.question_id, "value": a.value, "explanation": a.explanation, "version": a.version}
            for a in recipient.answers.order_by("question__position")
        ],
    }


@router.get(
    "/rondvragen/{rondvraag_id}/answers",
    response={200: AnswersOut, **NOT_FOUND, **ERRORS},
    summary="Your organisation's answers to a survey round",
)
def answers_get(
    request,
    rondvraag_id: int,
    organisation: str = Query("", description="For the centre's staff: the answers of this organisation."),
):
    user = reader(request)
    rondvraag = _round_for(user, rondvraag_id)
    return _answers_out(_recipient(user, rondvraag, organisation))


@router.put(
    "/rondvragen/{rondvraag_id}/answers",
    auth=token_auth,
    response={200: AnswersOut, 403: Problem, 409: Problem, **NOT_FOUND, **BODY_ERRORS},
    summary="Save your organisation's answers, and submit them",
)
def answers_put(request, rondvraag_id: int, payload: AnswersIn):
    """Each answer carries the version it was based on: an answer someone else changed in the meantime
    is not overwritten (409, with theirs). Nothing is saved when one answer does not validate (422).
    Submitted answers and a closed round answer 403."""
    user = request.auth
    rondvraag = _round_for(user, rondvraag_id)
    recipient = _recipient(user, rondvraag)
    if not service.is_open_for_answers(rondvraag) or recipient.submitted_at:
        return Status(
            403, {"detail": "Deze antwoorden zijn ingediend of de rondvraag is gesloten.", "errors": []}
        )
    questions = {q.pk: q for q in rondvraag.questions.all()}
    unknown = [item.question for item in payload.answers if item.question not in questions]
    if unknown:
        errors = [{"field": f"answers.{pk}", "message": "Onbekende vraag."} for pk in unknown]
        return Status(422, {"detail": "De gegevens zijn ongeldig; er is niets bewaard.", "errors": errors})
    entries = [
        service.AnswerEntry(
            question=questions[item.question],
            raw=item.value,
            explanation=item.explanation,
            base_version=item.version,
        )
        for item in payload.answers
    ]
    outcome = service.answers_save(recipient=recipient, entries=entries, user=user)  # the page's service
    if outcome.errors:
        errors = [{"field": f"answers.{pk}", "message": message} for pk, message in outcome.errors.items()]
        return Status(422, {"detail": "De gegevens zijn ongeldig; er is niets bewaard.", "errors": errors})
    conflicts = [
        {
            "field": f"answers.{conflict.question.pk}",
            "message": "Intussen gewijzigd door iemand anders.",
            "theirs": conflict.theirs.value,
            "version": conflict.theirs.version,
        }
        for conflict in outcome.conflicts
    ]
    if conflicts:
        return Status(
            409,
            {
                "detail": "Niet alles is bewaard: sommige antwoorden zijn intussen gewijzigd.",
                "errors": conflicts,
            },
        )
    if payload.submit:
        missing = service.submit(recipient=recipient, user=user)
        if missing:
            return Status(
                422,
                {
                    "detail": "Verplichte vragen zijn nog open.",
                    "errors": [{"field": f"answers.{q.pk}", "message": q.text} for q in missing],
                },
            )
    recipient.refresh_from_db()
    return Status(200, _answers_out(recipient))


@router.get(
    "/rondvragen/{rondvraag_id}/comparison",
    response={200: dict, **NOT_FOUND, **ERRORS},
    summary="The answers of every organisation side by side",
)
def comparison_get(request, rondvraag_id: int):
    """For the centre's staff; once the comparison is published, for everyone who may see the round.
    `summaries` per question: how many `answered`, `counts` per choice, the `total` of a number over the
    organisations that answered."""
    user = reader(request)
    rondvraag = get_object_or_404(Rondvraag.objects.alive(), pk=rondvraag_id)
    if not can_see_comparison(user, rondvraag):
        raise Http404
    result = comparison.compare(rondvraag)
    return {
        "rondvraag": rondvraag.title,
        "questions": [{"id": q.pk, "text": q.text, "kind": q.kind, "unit": q.unit} for q in result.questions],
        "organisations": [
            {
                "slug": o.slug,
                "name": o.name,
                "answers": {
                    str(q.pk): {"value": a.value if a else None, "explanation": a.explanation if a else ""}
                    for q, a in answers
                },
            }
            for o, answers in result.rows()
        ],
        "summaries": {
            str(s.question.pk): {"answered": s.answered, "counts": dict(s.counts), "total": s.total}
            for s in result.summary_list
        },
    }
