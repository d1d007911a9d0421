"""Everything done under a programme line, as one viewer may see it: its workgroups and their meetings,
events, survey rounds, knowledge items (plans compared are published as items too) and the newsletter
items that carried them, counted per year. A line that continues an earlier period's line shows that
line's history with its own; a line's sub-programmes count in it.

Each list is read through the module's own visibility filter (`core.visibility`), so a count never
includes what the viewer could not open."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import ProgrammeLine
from stadskennis.core.visibility import visible_rounds
from stadskennis.events.models import Event
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import Meeting, Workgroup
from stadskennis.newsletter.models import Issue, IssueItem
from stadskennis.questions.models import Rondvraag

KINDS = [
    ("workgroups", _("Workgroups")),
    ("meetings", _("Meetings")),
    ("events", _("Events")),
    ("rounds", _("Survey rounds")),
    ("items", _("Knowledge items")),
    ("newsletter", _("Newsletter items")),
]
LIST_LIMIT = 25


@dataclass
class Activity:
    lines: list[ProgrammeLine]
    workgroups: list = field(default_factory=list)
    events: list = field(default_factory=list)
    rounds: list = field(default_factory=list)
    items: list = field(default_factory=list)
    newsletter: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    per_year: dict[int, Counter] = field(default_factory=dict)

    @property
    def years(self) -> list[tuple[int, list[int]]]:
        """(year, count per kind in KINDS order), oldest first: the line's activity over time."""
        return [(year, [self.per_year[year][key] for key, _label in KINDS]) for year in sorted(self.per_year)]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def history(line: ProgrammeLine) -> list[ProgrammeLine]:
    """The line and the earlier periods' lines it continues, newest first (a chain, cut at a cycle)."""
    chain, seen = [line], {line.pk}
    while chain[-1].continues_id and chain[-1].continues_id not in seen:
        earlier = ProgrammeLine.objects.select_related("period").get(pk=chain[-1].continues_id)
        chain.append(earlier)
        seen.add(earlier.pk)
    return chain


def with_sub_programmes(lines: list[ProgrammeLine]) -> list[int]:
    ids = [line.pk for line in lines]
    return ids + list(ProgrammeLine.objects.filter(parent_id__in=ids).values_list("pk", flat=True))


def activity_of(user, lines: list[ProgrammeLine], *, limit: int | None = LIST_LIMIT) -> Activity:
    ids = with_sub_programmes(lines)
    activity = Activity(lines=lines)
    years: dict[int, Counter] = {}

    def count(key: str, moments) -> None:
        for moment in moments:
            if moment is not None:
                year = (
                    timezone.localtime(moment).year
                    if hasattr(moment, "tzinfo") and moment.tzinfo
                    else moment.year
                )
                years.setdefault(year, Counter())[key] += 1

    workgroups = Workgroup.objects.visible_to(user).filter(programme_line__in=ids).order_by("-created_at")
    meetings = Meeting.objects.filter(workgroup__in=workgroups.values("pk"))
    events = Event.objects.visible_to(user).filter(programme_line__in=ids).order_by("-starts_at")
    rounds = visible_rounds(user, Rondvraag.objects.filter(programme_line__in=ids)).order_by("-created_at")
    items = KnowledgeItem.objects.visible_to(user).filter(programme_line__in=ids).order_by("-created_at")
    newsletter = (
        IssueItem.objects.filter(
            Q(knowledge_item__in=items.values("pk")) | Q(event__in=events.values("pk")),
            issue__status__in=[Issue.Status.SENT, Issue.Status.IMPORTED],
        )
        .select_related("issue", "knowledge_item", "event")
        .order_by("-issue__month")
    )
    sources = {
        "workgroups": (workgroups, "created_at"),
        "meetings": (meetings, "starts_at"),
        "events": (events, "starts_at"),
        "rounds": (rounds, "created_at"),
        "items": (items, "created_at"),
        "newsletter": (newsletter, "issue__month"),
    }
    for key, (queryset, moment) in sources.items():
        moments = list(queryset.values_list(moment, flat=True))
        activity.counts[key] = len(moments)
        count(key, moments)
    activity.per_year = years
    sliced = (lambda queryset: list(queryset[:limit])) if limit else list
    activity.workgroups = sliced(workgroups.select_related("lead_organisation"))
    activity.events = sliced(events)
    activity.rounds = sliced(rounds)
    activity.items = sliced(items)
    activity.newsletter = sliced(newsletter)
    for entry in activity.newsletter:
        entry.shown_title = entry.title or getattr(entry.knowledge_item or entry.event, "title", "")
    return activity
