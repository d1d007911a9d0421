"""Composing the monthly newsletter: the next issue's month (never July), the candidates published
since the last issue, the nine places with their texts and order, the mix of kinds and themes with
its warnings, and what stops an issue from being sent. Only what anyone may read goes in: the
newsletter is public, and an item that stopped being public is named before sending."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stadskennis.core.ids import parse_id
from stadskennis.core.markdown import markdown_to_text
from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.dossiers.sites import new_entries_since, sites_with_public_entries
from stadskennis.events.selectors import public_events, public_events_to_announce
from stadskennis.knowledge.selectors import public_items
from stadskennis.newsletter import spotlight
from stadskennis.newsletter.models import Issue, IssueItem
from stadskennis.questions.selectors import comparison_item_ids

PLACES = 9  # every issue since 2009: nine items
NO_ISSUE_MONTH = 7  # July
DOMINANT = 4  # a kind in more than a third of the places dominates
FIRST_ISSUE_LOOKBACK = timedelta(days=62)  # candidates for an issue that has no predecessor
CANDIDATES_PER_SOURCE = 60

Kind = IssueItem.Kind
KIND_OF_KNOWLEDGE = {
    "practice": Kind.PRACTICE,
    "case": Kind.PRACTICE,
    "instrument": Kind.PRACTICE,
    "study": Kind.RESEARCH,
    "research": Kind.RESEARCH,
    "presentation": Kind.RESEARCH,
    "answer": Kind.RESEARCH,
    "foreign_example": Kind.FOREIGN,
    "news": Kind.ANNOUNCEMENT,
    "link": Kind.LINK,
}


class CompositionRefused(Exception):
    """A change to an issue that cannot be made; the message says why, in the user's language."""


@dataclass
class Candidate:
    key: str  # k:<knowledge item>, e:<event>, s:<spotlight entry>
    kind: str
    title: str
    url: str
    text: str
    day: date
    target: tuple[str, object]  # what is placed: ("k", knowledge item), ("e", event) or ("u", address)
    themes: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


def _month_after(month: date) -> date:
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return _month_after(following) if following.month == NO_ISSUE_MONTH else following


def monthly():
    return Issue.objects.filter(kind=Issue.Kind.MONTHLY)


def next_month() -> date:
    """The month the next issue is for: the one after the latest issue, July skipped, and never a
    month already past (imported issues of 2009 do not make the next one February 2009)."""
    this_month = timezone.localdate().replace(day=1)
    if this_month.month == NO_ISSUE_MONTH:
        this_month = _month_after(this_month)
    latest = monthly().order_by("-month").values_list("month", flat=True).first()
    return this_month if latest is None or latest < this_month else _month_after(latest)


def issue_create(*, actor) -> Issue:
    with transaction.atomic():
        if monthly().select_for_update().filter(status=Issue.Status.DRAFT).exists():
            raise CompositionRefused(_("Finish the issue being composed before starting the next one."))
        number = (monthly().aggregate(last=Max("number"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                issue = Issue.objects.create(number=number, month=next_month(), created_by=actor)
        except IntegrityError as taken:  # two clicks at once: the other made it
            raise CompositionRefused(
                _("Finish the issue being composed before starting the next one.")
            ) from taken
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=issue)
    return issue


def since(issue: Issue):
    """Candidates are what was published after the issue before this one went out."""
    previous = monthly().filter(month__lt=issue.month).exclude(status=Issue.Status.DRAFT).first()
    if previous is None:
        return timezone.now() - FIRST_ISSUE_LOOKBACK
    if previous.send_started_at:
        return previous.send_started_at
    return timezone.make_aware(datetime.combine(previous.month, time.min))


def _themes(obj) -> list[str]:
    return [theme.name for theme in obj.themes.all()]


def candidates(issue: Issue) -> list[Candidate]:
    """Public knowledge items, comparisons, spotlight entries and events since the last issue, newest
    first, without what is already placed."""
    start = since(issue)
    placed = _placed_targets(issue)
    found: list[Candidate] = []
    items = list(
        public_items()
        .filter(created_at__gte=start)
        .prefetch_related("themes")
        .order_by("-created_at")[:CANDIDATES_PER_SOURCE]
    )
    compared = comparison_item_ids([item.pk for item in items])
    for item in items:
        kind = Kind.COMPARISON if item.pk in compared else KIND_OF_KNOWLEDGE.get(item.kind, Kind.RESEARCH)
        found.append(
            _candidate(f"k:{item.pk}", kind, item, item.summary, item.created_at.date(), ("k", item.pk))
        )
    entries = spotlight.published().filter(publish_on__gte=start.date()).prefetch_related("item__themes")
    for entry in entries[:CANDIDATES_PER_SOURCE]:
        found.append(
            _candidate(
                f"s:{entry.pk}",
                Kind.SPOTLIGHT,
                entry.item,
                entry.commentary,
                entry.publish_on,
                ("k", entry.item_id),
            )
        )
    for event in public_events_to_announce(since=start).prefetch_related("themes")[:CANDIDATES_PER_SOURCE]:
        found.append(
            _candidate(
                f"e:{event.pk}",
                Kind.ANNOUNCEMENT,
                event,
                event.summary,
                event.created_at.date(),
                ("e", event.pk),
            )
        )
    for site, entries in new_entries_since(start):
        found.append(_dossier_candidate(site, entries))
    return [c for c in sorted(found, key=lambda c: c.day, reverse=True) if c.target not in placed]


def _dossier_candidate(site, entries) -> Candidate:
    """A dossier site's slot: its entries added since the last issue, as one item that links to it.
    Its text starts from the site's introduction (the entries' titles may not stay public)."""
    url = site.get_absolute_url()
    title = ngettext("%(site)s: %(count)d new entry", "%(site)s: %(count)d new entries", len(entries)) % {
        "site": site.title,
        "count": len(entries),
    }
    introduction = markdown_to_text(site.introduction)
    return Candidate(
        key=f"d:{site.pk}", kind=Kind.DOSSIER, title=title, url=url,
        text=introduction[: IssueItem._meta.get_field("text").max_length],
        day=entries[0].added_at.date(), target=("d", site.pk),
    )  # fmt: skip


def _candidate(key: str, kind: str, obj, text: str, day: date, target: tuple[str, int]) -> Candidate:
    return Candidate(
        key=key, kind=kind, title=obj.title, url=obj.get_absolute_url(),
        text=markdown_to_text(text or "")[:IssueItem._meta.get_field("text").max_length],
        day=day, target=target, themes=_themes(obj),
    )  # fmt: skip


def _placed_targets(issue: Issue) -> set[tuple[str, object]]:
    """What the issue holds, as targets: a study placed as itself or as a spotlight is placed once."""
    rows = issue.items.values_list("knowledge_item_id", "event_id", "dossier_site_id", "url")
    return {
        ("e", event) if event else ("k", item) if item else ("d", site) if site else ("u", url)
        for item, event, site, url in rows
    }


def _draft(issue: Issue) -> Issue:
    """The issue locked for a change, which only a draft accepts."""
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if locked.status != Issue.Status.DRAFT:
        raise CompositionRefused(_("This issue is no longer being composed: it cannot be changed."))
    return locked


def item_add(*, issue: Issue, key: str, actor) -> IssueItem:
    """Place a candidate in the next free place, its text defaulting to the item's summary."""
    with transaction.atomic():
        issue = _draft(issue)
        if issue.items.count() >= PLACES:
            raise CompositionRefused(_("All nine places are taken: remove an item first."))
        candidate = _placeable(key, issue)
        if candidate.target in _placed_targets(issue):
            raise CompositionRefused(_("This item is in the issue already."))
        prefix, pk = candidate.target
        target = {"e": {"event_id": pk}, "k": {"knowledge_item_id": pk}, "d": {"dossier_site_id": pk}}[prefix]
        position = (issue.items.aggregate(last=Max("position"))["last"] or 0) + 1
        item = IssueItem.objects.create(
            issue=issue, position=position, kind=candidate.kind, title=candidate.title[:300],
            text=candidate.text, **target,
        )  # fmt: skip
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=issue, changes={"added": item.title})
    return item


def _placeable(key: str, issue: Issue) -> Candidate:
    """The candidate a key names (`k:`, `e:`, `s:` or `d:` and an id), if anyone may read it."""
    refused = CompositionRefused(_("Only a public item of the platform can be placed in the newsletter."))
    prefix, _colon, number = key.partition(":")
    pk = parse_id(number)
    if pk is None:
        raise refused
    if prefix == "k":
        item = public_items().filter(pk=pk).first()
        if item is None:
            raise refused
        kind = (
            Kind.COMPARISON if comparison_item_ids([pk]) else KIND_OF_KNOWLEDGE.get(item.kind, Kind.RESEARCH)
        )
        return _candidate(f"k:{pk}", kind, item, item.summary, item.created_at.date(), ("k", pk))
    if prefix == "e":
        event = public_events().filter(pk=pk).first()
        if event is None:
            raise refused
        return _candidate(
            f"e:{pk}", Kind.ANNOUNCEMENT, event, event.summary, event.created_at.date(), ("e", pk)
        )
    if prefix == "s":
        entry = spotlight.published().filter(pk=pk).first()
        if entry is None:
            raise refused
        target = ("k", entry.item_id)
        return _candidate(f"s:{pk}", Kind.SPOTLIGHT, entry.item, entry.commentary, entry.publish_on, target)
    if prefix == "d":
        found = next((pair for pair in new_entries_since(since(issue)) if pair[0].pk == pk), None)
        if found is None:
            raise CompositionRefused(_("This dossier has no new public entries since the last issue."))
        return _dossier_candidate(*found)
    raise refused


def item_remove(*, item: IssueItem, actor) -> None:
    with transaction.atomic():
        issue = _draft(item.issue)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=issue, changes={"removed": item.title})
        item.delete()
        _renumber(issue)


def item_move(*, item: IssueItem, up: bool, actor) -> None:
    """One place up or down; the first stays first, the last last."""
    with transaction.atomic():
        issue = _draft(item.issue)
        items = list(issue.items.all())
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        _renumber(issue, items)


def _renumber(issue: Issue, items: list[IssueItem] | None = None) -> None:
    for position, item in enumerate(items if items is not None else issue.items.all(), start=1):
        if item.position != position:
            IssueItem.objects.filter(pk=item.pk).update(position=position)


def texts_save(*, issue: Issue, introduction: str, texts: dict[int, str], actor) -> None:
    """The introduction and the text of each item, saved together."""
    with transaction.atomic():
        issue = _draft(issue)
        issue.introduction = introduction.strip()
        issue.save(update_fields=["introduction"])
        for item in issue.items.all():
            if item.pk in texts and texts[item.pk].strip() != item.text:
                IssueItem.objects.filter(pk=item.pk).update(text=texts[item.pk].strip())
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=issue, changes={"texts": "saved"})


@dataclass
class Mix:
    kinds: list[tuple[str, int]]
    themes: list[tuple[str, int]]
    warnings: list[str]


def mix(issue: Issue) -> Mix:
    """The kinds and themes of the chosen items, and what the editor should know about them."""
    items = list(issue.items.select_related("knowledge_item", "event"))
    kinds = Counter(str(Kind(item.kind).label) for item in items)
    themes: Counter[str] = Counter()
    for item in items:
        target = item.knowledge_item or item.event
        if target is not None:
            themes.update(_themes(target))
    warnings = []
    empty = PLACES - len(items)
    if empty > 0:
        warnings.append(
            ngettext("%(count)d place is still empty.", "%(count)d places are still empty.", empty)
            % {"count": empty}
        )
    for label, count in kinds.items():
        if count >= DOMINANT:
            warnings.append(
                _("%(kind)s takes %(count)d of the nine places: the newsletter is read for its mix.")
                % {"kind": label, "count": count}
            )
    return Mix(kinds=kinds.most_common(), themes=themes.most_common(), warnings=warnings)


def public_entries(issue: Issue) -> list[IssueItem]:
    """The items of an issue that anyone may read today: what its archive page and mail show."""
    return public_entries_of([issue])[issue.pk]


def public_entries_of(issues) -> dict[int, list[IssueItem]]:
    """The same for many issues at once, in three queries (the archive of every issue since 2009)."""
    by_issue: dict[int, list[IssueItem]] = {issue.pk: [] for issue in issues}
    items = list(
        IssueItem.objects.filter(issue_id__in=by_issue).select_related(
            "knowledge_item", "event", "dossier_site"
        )
    )
    knowledge = public_items().filter(pk__in={i.knowledge_item_id for i in items if i.knowledge_item_id})
    events = public_events().filter(pk__in={i.event_id for i in items if i.event_id})
    public_knowledge = set(knowledge.values_list("pk", flat=True))
    public_event_ids = set(events.values_list("pk", flat=True))
    showing = sites_with_public_entries({i.dossier_site_id for i in items if i.dossier_site_id})
    for item in items:
        if (
            (item.event_id and item.event_id in public_event_ids)
            or (item.knowledge_item_id and item.knowledge_item_id in public_knowledge)
            or (item.dossier_site_id and item.dossier_site_id in showing)
            or (item.kind != Kind.DOSSIER and not item.event_id and not item.knowledge_item_id and item.url)
        ):
            by_issue[item.issue_id].append(item)
    return by_issue


def item_url(item: IssueItem) -> str:
    if item.dossier_site_id:
        return item.dossier_site.get_absolute_url()
    if item.event_id:
        return item.event.get_absolute_url()
    if item.knowledge_item_id:
        return item.knowledge_item.get_absolute_url()
    return item.url


def problems(issue: Issue) -> list[str]:
    """What stops the issue from being sent, each in a sentence naming the item."""
    items = list(issue.items.all())
    if not items:
        return [_("The issue has no items yet.")]
    shown = {item.pk for item in public_entries(issue)}
    return [
        _("“%(title)s” is no longer public or no longer exists: remove it or make it public.")
        % {"title": item.title}
        for item in items
        if item.pk not in shown
    ]
