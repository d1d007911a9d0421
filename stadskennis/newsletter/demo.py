"""The demo's "Veranderend speelveld": three weeks of the spotlight, two past and one to come, in our
own words, on public studies of the demo's Kennisbank."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta

from django.utils import timezone

from stadskennis.knowledge.selectors import public_items
from stadskennis.newsletter import spotlight
from stadskennis.newsletter.models import SpotlightEntry

WEEKS = [
    (-7, "Stadsgenoten",
     "Tweeënveertig gesprekken met wie elke dag aan het loket, in de school of op straat werkt: wat "
     "samenleven in diversiteit in een centrumstad vraagt, verteld door de mensen die het doen."),
    (0, "Gebiedsgericht werken",
     "Twintig jaar na *Stad in de wijk* blijft de vraag dezelfde: hoe werkt een stad samen per wijk "
     "zonder haar diensten te versnipperen? Deze publicatie geeft nog altijd de beste kaart."),
    (7, "Memorandum van de centrumsteden",
     "Wat vroegen de dertien centrumsteden aan de Vlaamse Regering, en wat is er van gekomen? Een goed "
     "vertrekpunt voor het volgende memorandum."),
]  # fmt: skip


def demo_spotlight_load(*, editor) -> int:
    """Idempotent: a week already filled is left as it is."""
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    made = 0
    for offset, title_start, commentary in WEEKS:
        day = monday + timedelta(days=offset)
        item = spotlight.eligible_items().filter(title__startswith=title_start).first()
        if item is None or SpotlightEntry.objects.filter(publish_on=day).exists():
            continue
        SpotlightEntry.objects.create(item=item, commentary=commentary, publish_on=day, created_by=editor)
        made += 1
    return made


# The demo's past issues: the three months before this one (July skipped), each with an introduction in
# our own words and up to nine public items of the demo, chosen by kind for a mix; the issue of this
# month is left for the visitor to compose.
INTRODUCTIONS = [
    "Een nieuw werkjaar: de werkgroepen starten weer, en de eerste studies van het najaar liggen klaar.",
    "Deze maand: wat steden leerden van wat *niet* lukte, en een blik over de grens.",
    "Het najaar begint met nieuwe cijfers en een studiedag. Veel leesplezier.",
]
MIX = ["practice", "study", "foreign_example", "case", "research", "news", "link", "foreign_example", "study"]


def demo_issues_load(*, editor) -> int:
    """Idempotent: with any issue present, nothing is made."""
    from stadskennis.newsletter import issues
    from stadskennis.newsletter.models import Issue

    if issues.monthly().exists():
        return 0
    month = timezone.localdate().replace(day=1)
    months = []
    while len(months) < len(INTRODUCTIONS):
        month = (month - timedelta(days=1)).replace(day=1)
        if month.month != issues.NO_ISSUE_MONTH:
            months.append(month)
    public = list(public_items().order_by("-created_at", "pk"))
    for number, (month, introduction) in enumerate(
        zip(reversed(months), INTRODUCTIONS, strict=True), start=1
    ):
        issue = Issue.objects.create(number=number, month=month, introduction=introduction, created_by=editor)
        chosen = []
        for kind in MIX:
            item = next((i for i in public if i.kind == kind and i not in chosen), None)
            if item is not None:
                chosen.append(item)
        for item in public:  # the places left, with what remains, no kind in more than three
            kinds = Counter(issues.KIND_OF_KNOWLEDGE.get(i.kind) for i in chosen)
            if (
                len(chosen) < issues.PLACES
                and item not in chosen
                and kinds[issues.KIND_OF_KNOWLEDGE.get(item.kind)] < 3
            ):
                chosen.append(item)
        for item in chosen:
            public.remove(item)
        for item in chosen:
            issues.item_add(issue=issue, key=f"k:{item.pk}", actor=editor)
        sent = timezone.make_aware(datetime.combine(month + timedelta(days=7), time(9)))
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT, send_started_at=sent, sent_at=sent)
    return len(months)
