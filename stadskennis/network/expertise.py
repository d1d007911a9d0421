"""'Wie is bezig met …?': people ranked by the evidence that they work on a subject.

Evidence comes from the one search, so it is analysed the same way (stems, compounds, synonyms) and
filtered by the asker's visibility inside the query: evidence the asker may not see neither counts
nor shows. Each piece weighs by its kind and by how well it matches (its rank in the search). An item
counts when it is about the subject (its title, themes or organisations match), not when the word
only occurs somewhere in a long attachment.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import Person, Submission, Workgroup
from stadskennis.questions.models import Answer, Question, Recipient, Rondvraag
from stadskennis.search.services import best_matches

WEIGHTS = {
    "contact": 3.0,
    "lead": 3.0,
    "member": 2.0,
    "submission": 2.0,
    "survey": 2.0,
    "question_expert": 2.5,
    "asked": 1.0,
    "expertise": 2.5,
}
LABELS = {
    "contact": _("contact person for"),
    "lead": _("leads the workgroup"),
    "member": _("member of the workgroup"),
    "submission": _("answered the homework"),
    "survey": _("answered the survey round"),
    "question_expert": _("named as expert in the answer to"),
    "asked": _("asked the centre"),
    "expertise": _("declared expertise or function"),
}
DEPTH = {"knowledge_item": 100, "workgroup": 50, "submission": 100, "question": 50, "person": 100}
MAX_EVIDENCE_SHOWN = 5


@dataclass
class Evidence:
    kind: str
    title: str
    link: Callable[[], str] | None  # called only for evidence that is shown
    weight: float

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])

    @property
    def url(self) -> str:
        return self.link() if self.link else ""


@dataclass
class Expert:
    person: Person
    score: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def shown_evidence(self) -> list[Evidence]:
        return sorted(self.evidence, key=lambda e: -e.weight)[:MAX_EVIDENCE_SHOWN]

    @property
    def more_evidence(self) -> int:
        return max(0, len(self.evidence) - MAX_EVIDENCE_SHOWN)


def _relevance(position: int) -> float:
    """The first matches count fully; deeper ones less and less."""
    return 1.0 / (1.0 + position / 10.0)


QUESTION = re.compile(
    r"^\s*(wie\s+(is|zijn|werkt|werken)\s+(er\s+)?(bezig\s+)?(met|rond|aan)|who\s+is\s+working\s+on)\s+", re.I
)


def find_experts(*, user, query: str, limit: int = 20) -> list[Expert]:
    subject = QUESTION.sub("", query).strip(" ?.!")
    found = best_matches(user=user, query=subject, depths=DEPTH, about={"knowledge_item"})
    positions = {
        key: {object_id: position for position, (object_id, _score) in enumerate(rows)}
        for key, rows in found.items()
    }
    evidence: dict[int, list[Evidence]] = defaultdict(list)

    def add(person_id, kind, title, link, position):
        if person_id:
            evidence[person_id].append(Evidence(kind, title, link, WEIGHTS[kind] * _relevance(position)))

    _item_evidence(positions["knowledge_item"], add)
    _survey_evidence(positions["knowledge_item"], add)
    _workgroup_evidence(positions["workgroup"], add)
    _submission_evidence(positions["submission"], add)
    _question_evidence(positions["question"], add)
    for person_id, position in positions["person"].items():
        add(int(person_id), "expertise", "", None, position)

    # Score everyone in Python, then read only the best candidates (plus a margin for erased people).
    scores = {person_id: sum(e.weight for e in found) for person_id, found in evidence.items()}
    best = sorted(scores, key=lambda pk: (-scores[pk], pk))[: limit * 2]
    people = Person.objects.filter(pk__in=best, erased_at__isnull=True).select_related("organisation")
    experts = [Expert(person=p, score=scores[p.pk], evidence=evidence[p.pk]) for p in people]
    experts.sort(key=lambda e: (-e.score, e.person.last_name, e.person.pk))
    return experts[:limit]


def _ids(positions: dict[str, int]) -> list[int]:
    return [int(object_id) for object_id in positions]


def _item_evidence(item_pos: dict[str, int], add) -> None:
    """The contact persons of the matching items."""
    if not item_pos:
        return
    links = KnowledgeItem.contacts.through.objects.filter(knowledgeitem_id__in=_ids(item_pos))
    for item_id, person_id, title in links.values_list(
        "knowledgeitem_id", "person_id", "knowledgeitem__title"
    ):
        link = partial(reverse, "knowledge:detail", kwargs={"pk": item_id})
        add(person_id, "contact", title, link, item_pos[str(item_id)])


def _workgroup_evidence(group_pos: dict[str, int], add) -> None:
    if not group_pos:
        return
    groups = {
        g.pk: g
        for g in Workgroup.objects.filter(pk__in=_ids(group_pos)).only("pk", "key", "name", "lead_person")
    }
    for group in groups.values():
        add(group.lead_person_id, "lead", group.name, group.get_absolute_url, group_pos[str(group.pk)])
    memberships = Workgroup.members.through.objects.filter(workgroup_id__in=groups)
    for group_id, person_id in memberships.values_list("workgroup_id", "person_id"):
        group = groups[group_id]
        if person_id != group.lead_person_id:
            add(person_id, "member", group.name, group.get_absolute_url, group_pos[str(group_id)])


def _submission_evidence(submission_pos: dict[str, int], add) -> None:
    if not submission_pos:
        return
    submissions = Submission.objects.filter(
        pk__in=_ids(submission_pos), submitted_at__isnull=False
    ).select_related("assignment__workgroup")
    for submission in submissions:
        add(
            submission.submitted_by_id, "submission", submission.assignment.title,
            submission.get_absolute_url, submission_pos[str(submission.pk)],
        )  # fmt: skip


def _people_of_users(user_ids) -> dict[int, int]:
    return dict(Person.objects.filter(user_id__in=set(user_ids)).values_list("user_id", "pk"))


def _question_evidence(question_pos: dict[str, int], add) -> None:
    """Experts the centre named in its answer, and the member who asked (weaker evidence)."""
    if not question_pos:
        return
    questions = list(
        Question.objects.alive()
        .filter(pk__in=_ids(question_pos))
        .only("pk", "title", "created_by_id", "status", "answer")
        .prefetch_related("experts")
    )
    askers = _people_of_users(q.created_by_id for q in questions if q.created_by_id)
    for question in questions:
        position = question_pos[str(question.pk)]
        # The experts are part of the answer: named in public only once the answer is given.
        for expert in question.experts.all() if question.answer_is_given else ():
            add(expert.pk, "question_expert", question.title, question.get_absolute_url, position)
        add(askers.get(question.created_by_id), "asked", question.title, question.get_absolute_url, position)


def _survey_evidence(item_pos: dict[str, int], add) -> None:
    """Who answered a survey round whose published comparison matched: the people who saved their
    organisation's answers, or else its contact. Answers count once the comparison is published
    (and visible to the asker, through its item): before that they belong to their organisation."""
    if not item_pos:
        return
    rounds = {
        pk: (item_id, title)
        for pk, item_id, title in Rondvraag.objects.alive()
        .filter(published_item_id__in=_ids(item_pos), phase=Rondvraag.Phase.PUBLISHED)
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
    people = _people_of_users(user_id for _r, user_id in savers)
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
