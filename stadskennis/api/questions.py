"""Vraagbaak in the API: questions, survey rounds, an organisation's answers (read and write, so a
city can fill in a round from its own systems) and the comparison. Same rules per role and phase
as the pages."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
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
from stadskennis.questions.models import Question, Recipient, Rondvraag

router = Router(tags=["Vraagbaak"])


class QuestionOut(Schema):
    id: int
    title: str
    context: str
    status: str
    organisation: str
    themes: list[str]
    wished_by: date | None
    answer: str | None
    created_at: datetime
    url: str


class QuestionIn(Schema):
    title: str
    context: str = ""
    wished_by: date | None = None
    visibility: str = Visibility.NETWORK


class SurveyQuestionOut(Schema):
    id: int
    section: str
    position: int
    text: str
    kind: str
    choices: list[str]
    unit: str
    required: bool
    with_explanation: bool


class RondvraagOut(Schema):
    id: int
    title: str
    phase: str
    deadline: datetime | None
    questions: list[SurveyQuestionOut]


class AnswerOut(Schema):
    question: int
    value: object | None
    explanation: str
    version: int


class AnswersOut(Schema):
    organisation: str
    status: str
    submitted_at: datetime | None
    answers: list[AnswerOut]


class AnswerIn(Schema):
    question: int
    value: object | None = None
    explanation: str = ""
    version: int = 0


class AnswersIn(Schema):
    answers: list[AnswerIn]
    submit: bool = False


class Problem(Schema):
    detail: str
    errors: list[dict] = []


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
def question_list(request, status: str = ""):
    questions = (
        Question.objects.visible_to(reader(request)).select_related("owner").prefetch_related("themes")
    )
    if status:
        questions = questions.filter(status=status)
    return [_question(q, reader(request)) for q in questions]


@router.get("/questions/{question_id}", response={200: QuestionOut, **NOT_FOUND, **ERRORS})
def question_get(request, question_id: int):
    user = reader(request)
    return _question(
        access_content_or_404(user, Question.objects.select_related("owner"), pk=question_id), user
    )


@router.post("/questions", response={201: QuestionOut, **BODY_ERRORS}, auth=token_auth)
def question_ask(request, payload: QuestionIn):
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
    summary="A survey round",
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
    summary="Your organisation's answers (editors: ?organisation=slug)",
)
def answers_get(request, rondvraag_id: int, organisation: str = ""):
    user = reader(request)
    rondvraag = _round_for(user, rondvraag_id)
    return _answers_out(_recipient(user, rondvraag, organisation))


@router.put(
    "/rondvragen/{rondvraag_id}/answers",
    auth=token_auth,
    response={200: AnswersOut, 403: Problem, 409: Problem, **NOT_FOUND, **BODY_ERRORS},
)
def answers_put(request, rondvraag_id: int, payload: AnswersIn):
    """Save answers (each with the version it was based on) and optionally submit."""
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
    summary="The comparison (the centre; everyone who may see it once published)",
)
def comparison_get(request, rondvraag_id: int):
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
