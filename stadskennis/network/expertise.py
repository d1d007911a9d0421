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
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import Person, Submission, Workgroup
from stadskennis.search.services import ranked_object_ids

WEIGHTS = {"contact": 3.0, "lead": 3.0, "member": 2.0, "submission": 2.0, "expertise": 2.5}
LABELS = {
    "contact": _("contact person for"),
    "lead": _("leads the workgroup"),
    "member": _("member of the workgroup"),
    "submission": _("answered the homework"),
    "expertise": _("declared expertise or function"),
}
DEPTH = {"knowledge_item": 200, "workgroup": 50, "submission": 100, "person": 100}
MAX_EVIDENCE_SHOWN = 5


@dataclass
class Evidence:
    kind: str
    title: str
    url: str
    weight: float

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


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
    found: dict[str, list[tuple[str, float]]] = {
        key: ranked_object_ids(
            user=user,
            query=subject,
            provider_key=key,
            limit=depth,
            any_word=True,
            title_only=key == "knowledge_item",
        )
        for key, depth in DEPTH.items()
    }
    evidence: dict[int, list[Evidence]] = defaultdict(list)

    def add(person_id, kind, title, url, position):
        if person_id:
            evidence[person_id].append(Evidence(kind, title, url, WEIGHTS[kind] * _relevance(position)))

    positions = {key: {oid: i for i, (oid, _s) in enumerate(rows)} for key, rows in found.items()}

    item_pos = positions["knowledge_item"]
    if item_pos:
        links = KnowledgeItem.contacts.through.objects.filter(knowledgeitem_id__in=[int(i) for i in item_pos])
        titles = dict(
            KnowledgeItem.objects.filter(pk__in=[int(i) for i in item_pos]).values_list("pk", "title")
        )
        for item_id, person_id in links.values_list("knowledgeitem_id", "person_id"):
            add(
                person_id,
                "contact",
                titles[item_id],
                reverse("knowledge:detail", kwargs={"pk": item_id}),
                item_pos[str(item_id)],
            )

    group_pos = positions["workgroup"]
    if group_pos:
        group_ids = [int(i) for i in group_pos]
        groups = {
            g.pk: g
            for g in Workgroup.objects.filter(pk__in=group_ids).only("pk", "key", "name", "lead_person")
        }
        memberships = Workgroup.members.through.objects.filter(workgroup_id__in=group_ids)
        for group in groups.values():
            if group.lead_person_id:
                add(
                    group.lead_person_id,
                    "lead",
                    group.name,
                    group.get_absolute_url(),
                    group_pos[str(group.pk)],
                )
        for group_id, person_id in memberships.values_list("workgroup_id", "person_id"):
            group = groups[group_id]
            if person_id != group.lead_person_id:
                add(person_id, "member", group.name, group.get_absolute_url(), group_pos[str(group_id)])

    submission_pos = positions["submission"]
    if submission_pos:
        submissions = Submission.objects.filter(
            pk__in=[int(i) for i in submission_pos], submitted_at__isnull=False
        ).select_related("assignment__workgroup")
        for submission in submissions:
            add(
                submission.submitted_by_id, "submission", submission.assignment.title,
                submission.get_absolute_url(), submission_pos[str(submission.pk)],
            )  # fmt: skip

    for person_id, position in positions["person"].items():
        add(int(person_id), "expertise", "", "", position)

    # Score everyone in Python, then read only the best candidates (plus a margin for erased people).
    scores = {person_id: sum(e.weight for e in found_) for person_id, found_ in evidence.items()}
    best = sorted(scores, key=lambda pk: (-scores[pk], pk))[: limit * 2]
    people = Person.objects.filter(pk__in=best, erased_at__isnull=True).select_related("organisation")
    experts = [Expert(person=p, score=scores[p.pk], evidence=evidence[p.pk]) for p in people]
    experts.sort(key=lambda e: (-e.score, e.person.last_name, e.person.pk))
    return experts[:limit]
