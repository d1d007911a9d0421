"""The Vraagbaak's evidence for "wie is bezig met …?": the experts the centre named in a given answer,
the member who asked, and who answered a survey round whose published comparison matches. Registered
with the Netwerk's expert finder when the app is ready."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.network.expertise import EvidenceKind, EvidenceSource, ids_of, people_of_users
from stadskennis.questions.models import Answer, Question, Recipient, Rondvraag


def question_evidence(question_pos: dict[str, int], add) -> None:
    """Experts the centre named in its answer, and the member who asked (weaker evidence)."""
    if not question_pos:
        return
    questions = list(
        Question.objects.alive()
        .filter(pk__in=ids_of(question_pos))
        .only("pk", "title", "created_by_id", "status", "answer")
        .prefetch_related("experts")
    )
    askers = people_of_users(q.created_by_id for q in questions if q.created_by_id)
    for question in questions:
        position = question_pos[str(question.pk)]
        # The experts are part of the answer: named in public only once the answer is given.
        for expert in question.experts.all() if question.answer_is_given else ():
            add(expert.pk, "question_expert", question.title, question.get_absolute_url, position)
        add(askers.get(question.created_by_id), "asked", question.title, question.get_absolute_url, position)


def survey_evidence(item_pos: dict[str, int], add) -> None:
    """Who answered a survey round whose published comparison matched: the people who saved their
    organisation's answers, or else its contact. Answers count once the comparison is published
    (and visible to the asker, through its item): before that they belong to their organisation."""
    if not item_pos:
        return
    rounds = {
        pk: (item_id, title)
        for pk, item_id, title in Rondvraag.objects.alive()
        .filter(published_item_id__in=ids_of(item_pos), phase=Rondvraag.Phase.PUBLISHED)
        .values_list("pk", "published_item_id", "published_item__title")
    }
    if not rounds:
        return
    recipients = dict(
        Recipient.objects.filter(rondvraag_id__in=rounds, status=Recipient.Status.SUBMITTED).values_list(
            "pk", "rondvraag_id"
        )
    )
    savers = set(
        Answer.objects.filter(recipient_id__in=recipients, saved_by__isnull=False).values_list(
            "recipient_id", "saved_by_id"
        )
    )
    people = people_of_users(user_id for _r, user_id in savers)
    answered_by: dict[int, set[int]] = defaultdict(set)
    for recipient_id, user_id in savers:
        if user_id in people:
            answered_by[recipient_id].add(people[user_id])
    contacts = Recipient.objects.filter(pk__in=recipients, contact__isnull=False).values_list(
        "pk", "contact_id"
    )
    for recipient_id, contact_id in contacts:
        answered_by.setdefault(recipient_id, {contact_id})
    for recipient_id, person_ids in answered_by.items():
        item_id, title = rounds[recipients[recipient_id]]
        link = partial(reverse, "knowledge:detail", kwargs={"pk": item_id})
        for person_id in person_ids:
            add(person_id, "survey", title, link, item_pos[str(item_id)])


SOURCES = [
    EvidenceSource(
        "question",
        50,
        {
            "question_expert": EvidenceKind(2.5, _("named as expert in the answer to")),
            "asked": EvidenceKind(1.0, _("asked the centre")),
        },
        question_evidence,
    ),
    EvidenceSource(
        "knowledge_item", 100, {"survey": EvidenceKind(2.0, _("answered the survey round"))}, survey_evidence
    ),
]
