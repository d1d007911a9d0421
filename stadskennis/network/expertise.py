"""'Wie is bezig met …?': people ranked by the evidence that they work on a subject.

Evidence comes from the one search, so it is analysed the same way (stems, compounds, synonyms) and
filtered by the asker's visibility inside the query: evidence the asker may not see neither counts
nor shows. Each piece weighs by its kind and by how well it matches (its rank in the search). An item
counts when it is about the subject (its title, themes or organisations match), not when the word
only occurs somewhere in a long attachment.

The Netwerk's own evidence (contacts, workgroups, homework, declared expertise) is registered here;
modules above it register theirs (the Vraagbaak: experts named in answers, survey answers) with
`register_evidence`, so this module imports none of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.knowledge import selectors as knowledge_selectors
from stadskennis.network.models import Person, Submission, Workgroup
from stadskennis.search.services import best_matches

MAX_EVIDENCE_SHOWN = 5

# add(person_id, kind, title, link, position): what a source calls for each piece of evidence.
AddEvidence = Callable[[int | None, str, str, Callable[[], str] | None, int], None]


@dataclass(frozen=True)
class EvidenceKind:
    weight: float
    label: str


@dataclass(frozen=True)
class EvidenceSource:
    """Evidence read from the matches of one search provider (`search_key`), up to `depth` deep."""

    search_key: str
    depth: int
    kinds: dict[str, EvidenceKind]
    collect: Callable[[dict[str, int], AddEvidence], None]  # (object id → position, add)


_SOURCES: list[EvidenceSource] = []
KINDS: dict[str, EvidenceKind] = {}


def register_evidence(source: EvidenceSource) -> None:
    _SOURCES.append(source)
    KINDS.update(source.kinds)


def people_of_users(user_ids) -> dict[int, int]:
    """user id → person id, for evidence recorded by account."""
    return dict(Person.objects.filter(user_id__in=set(user_ids)).values_list("user_id", "pk"))


@dataclass
class Evidence:
    kind: str
    title: str
    link: Callable[[], str] | None  # called only for evidence that is shown
    weight: float

    @property
    def label(self) -> str:
        return str(KINDS[self.kind].label)

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


def evidence_depths() -> dict[str, int]:
    """How many objects of each module (search key) the sources read evidence from."""
    depths: dict[str, int] = {}
    for source in _SOURCES:
        depths[source.search_key] = max(depths.get(source.search_key, 0), source.depth)
    return depths


def find_experts(*, user, query: str, limit: int = 20) -> list[Expert]:
    subject = QUESTION.sub("", query).strip(" ?.!")
    found = best_matches(user=user, query=subject, depths=evidence_depths(), about={"knowledge_item"})
    positions = {
        key: {object_id: position for position, (object_id, _score) in enumerate(rows)}
        for key, rows in found.items()
    }
    return experts_from(positions=positions, limit=limit)


def experts_from(*, positions: dict[str, dict[str, int]], limit: int) -> list[Expert]:
    """The people that the evidence of these objects points to, best first. `positions` holds, per
    module (search key), the objects the asker may see as object id → rank (0 counts fully): the
    matches of a search, or everything on a theme (its dossier, `network.dossier_people`)."""
    evidence: dict[int, list[Evidence]] = defaultdict(list)

    def add(person_id, kind, title, link, position):
        if person_id:
            evidence[person_id].append(Evidence(kind, title, link, KINDS[kind].weight * _relevance(position)))

    for source in _SOURCES:
        if positions.get(source.search_key):
            source.collect(positions[source.search_key], add)

    # Score everyone in Python, then read only the best candidates (plus a margin for erased people).
    scores = {person_id: sum(e.weight for e in found) for person_id, found in evidence.items()}
    best = sorted(scores, key=lambda pk: (-scores[pk], pk))[: limit * 2]
    people = Person.objects.filter(pk__in=best, erased_at__isnull=True).select_related("organisation")
    experts = [Expert(person=p, score=scores[p.pk], evidence=evidence[p.pk]) for p in people]
    experts.sort(key=lambda e: (-e.score, e.person.last_name, e.person.pk))
    return experts[:limit]


def ids_of(positions: dict[str, int]) -> list[int]:
    return [int(object_id) for object_id in positions]


def _item_evidence(item_pos: dict[str, int], add) -> None:
    """The contact persons of the matching items."""
    if not item_pos:
        return
    for item_id, person_id, title in knowledge_selectors.contact_links(ids_of(item_pos)):
        link = partial(reverse, "knowledge:detail", kwargs={"pk": item_id})
        add(person_id, "contact", title, link, item_pos[str(item_id)])


def _workgroup_evidence(group_pos: dict[str, int], add) -> None:
    if not group_pos:
        return
    groups = {
        g.pk: g
        for g in Workgroup.objects.filter(pk__in=ids_of(group_pos)).only("pk", "key", "name", "lead_person")
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
        pk__in=ids_of(submission_pos), submitted_at__isnull=False
    ).select_related("assignment__workgroup")
    for submission in submissions:
        add(
            submission.submitted_by_id, "submission", submission.assignment.title,
            submission.get_absolute_url, submission_pos[str(submission.pk)],
        )  # fmt: skip


def _expertise_evidence(person_pos: dict[str, int], add) -> None:
    for person_id, position in person_pos.items():
        add(int(person_id), "expertise", "", None, position)


register_evidence(
    EvidenceSource(
        "knowledge_item", 100, {"contact": EvidenceKind(3.0, _("contact person for"))}, _item_evidence
    )
)
register_evidence(
    EvidenceSource(
        "workgroup",
        50,
        {
            "lead": EvidenceKind(3.0, _("leads the workgroup")),
            "member": EvidenceKind(2.0, _("member of the workgroup")),
        },
        _workgroup_evidence,
    )
)
register_evidence(
    EvidenceSource(
        "submission", 100, {"submission": EvidenceKind(2.0, _("answered the homework"))}, _submission_evidence
    )
)
register_evidence(
    EvidenceSource(
        "person",
        100,
        {"expertise": EvidenceKind(2.5, _("declared expertise or function"))},
        _expertise_evidence,
    )
)
