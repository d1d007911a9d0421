"""Everything done under a programme line, as one viewer may see it: its workgroups and their meetings,
events, survey rounds, knowledge items (plans compared are published as items too) and the newsletter
items that carried them, counted per year. A line that continues an earlier period's line shows that
line's history with its own; a line's sub-programmes count in it.

Each list is read through the module's own visibility filter (`core.visibility`), so a count never
includes what the viewer could not open."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from django.db import connection
from django.db.models import Case, Count, F, Func, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractYear, Substr
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import ProgrammeLine
from stadskennis.core.visibility import visible_filter, visible_rounds
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
FIRST_YEAR, YEARS_AHEAD = 1990, 10  # the New Years `year_of` looks a moment up among, to today's + 10


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


def activity_of(user, lines: list[ProgrammeLine], *, limit: int = LIST_LIMIT) -> Activity:
    """The counts per year, and the `limit` latest of each kind (none with 0: the data twins)."""
    ids = with_sub_programmes(lines)
    activity = Activity(lines=lines)
    workgroups = Workgroup.objects.visible_to(user).filter(programme_line__in=ids).order_by("-created_at")
    meetings = Meeting.objects.filter(workgroup__in=workgroups.values("pk"))
    events = Event.objects.visible_to(user).filter(programme_line__in=ids).order_by("-starts_at")
    rounds = visible_rounds(user, Rondvraag.objects.filter(programme_line__in=ids)).order_by("-created_at")
    items = KnowledgeItem.objects.visible_to(user).filter(programme_line__in=ids).order_by("-created_at")
    # The newsletter's items are few: joined to their item or event and filtered there, by the same
    # rule (an IN over every visible item of the line would be read once per newsletter item).
    newsletter = (
        IssueItem.objects.filter(issue__status__in=[Issue.Status.SENT, Issue.Status.IMPORTED])
        .filter(
            Q(knowledge_item__programme_line__in=ids, knowledge_item__deleted_at__isnull=True)
            & visible_filter(user, prefix="knowledge_item__", model=KnowledgeItem)
            | Q(event__programme_line__in=ids, event__deleted_at__isnull=True)
            & visible_filter(user, prefix="event__", model=Event)
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
    years: dict[int, Counter] = {}
    for key, (queryset, moment) in sources.items():
        per_year = (
            queryset.order_by()
            .annotate(in_year=year_of(moment, is_date=moment == "issue__month"))
            .values("in_year")
            .annotate(n=Count("*"))
            .values_list("in_year", "n")
        )  # one row per year, counted by the database
        activity.counts[key] = 0
        for year, n in per_year:
            years.setdefault(int(year), Counter())[key] += n
            activity.counts[key] += n
    activity.per_year = years

    def sliced(queryset) -> list:
        return list(queryset[:limit]) if limit else []

    activity.workgroups = sliced(
        workgroups.select_related("lead_organisation").only("key", "name", "lead_organisation__name")
    )
    activity.events = sliced(events.only("slug", "title", "starts_at"))
    activity.rounds = sliced(rounds.only("title"))
    activity.items = newest(items, limit, "title", "kind")
    activity.newsletter = sliced(
        newsletter.only(
            "title", "issue__kind", "issue__number", "issue__month", "knowledge_item__title", "event__title"
        )
    )
    for entry in activity.newsletter:
        entry.shown_title = entry.title or getattr(entry.knowledge_item or entry.event, "title", "")
    return activity


def newest(queryset, limit: int, *fields: str) -> list:
    """The `limit` first rows of an ordered queryset over a busy table: their ids first, read from an
    index that holds the filter's and the order's columns (on a line of 25,000 visible items the
    whole rows were read and sorted), then those rows alone."""
    if not limit:
        return []
    ids = list(queryset.values_list("pk", flat=True)[:limit])
    rows = queryset.only(*fields).in_bulk(ids)  # still filtered: a row hidden in between stays out
    return [rows[pk] for pk in ids if pk in rows]


def year_of(field: str, *, is_date: bool = False):
    """The calendar year of a moment in the current time zone, computed by the database and as an
    integer, cheaply: it is worked out for every row the line counts (37,000 items on a busy line).

    PostgreSQL finds the moment among the New Years from `FIRST_YEAR` on (a binary search in
    `width_bucket`, each New Year exact in the zone); converting every row with `AT TIME ZONE` and
    grouping the numeric result cost four times as much. Moments outside that range are converted.
    SQLite stores UTC text: the UTC year, moved by one for the moments between New Year in the zone
    and New Year in UTC (this year's offset at New Year decides for every year: right for Brussels,
    whose offset on 1 January has been one hour since 1943). Its own conversion calls back into Python
    for every row."""
    if is_date:
        return ExtractYear(field)
    if connection.vendor == "postgresql":
        zone, last_year = timezone.get_current_timezone(), timezone.localdate().year + YEARS_AHEAD
        new_years = _new_years(zone, last_year)
        bucket = Func(
            F(field),
            # The array is a parameter, never read back: its field only keeps Django from guessing one.
            RawSQL("%s::timestamptz[]", (_new_years_text(zone, last_year),), output_field=IntegerField()),
            function="width_bucket",
            output_field=IntegerField(),
        )
        return Case(
            When(
                **{f"{field}__gte": new_years[0], f"{field}__lt": new_years[-1]},
                then=bucket + (FIRST_YEAR - 1),
            ),
            default=Cast(ExtractYear(field), IntegerField()),
            output_field=IntegerField(),
        )
    if connection.vendor != "sqlite":
        return ExtractYear(field)
    utc_year = Cast(Substr(field, 1, 4), IntegerField())
    offset = timezone.make_aware(datetime(timezone.localdate().year, 1, 1)).utcoffset() or timedelta()
    if not offset:
        return utc_year
    utc_new_year = datetime(2001, 1, 1) - offset  # New Year in the zone, as UTC text without the year
    threshold = Value(utc_new_year.strftime("%m-%d %H:%M:%S"))
    if offset > timedelta():  # east of Greenwich: late on 31 December UTC is already next year
        return utc_year + Case(When(GreaterThanOrEqual(Substr(field, 6), threshold), then=1), default=0)
    return utc_year - Case(When(LessThan(Substr(field, 6), threshold), then=1), default=0)


@lru_cache(maxsize=4)
def _new_years(zone, last_year: int) -> list[datetime]:
    return [datetime(year, 1, 1, tzinfo=zone) for year in range(FIRST_YEAR, last_year + 1)]


@lru_cache(maxsize=4)
def _new_years_text(zone, last_year: int) -> str:
    """PostgreSQL's text form of the array, made once: the driver would convert every moment again."""
    return "{" + ",".join(moment.isoformat() for moment in _new_years(zone, last_year)) + "}"
