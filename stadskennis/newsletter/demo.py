"""The demo's "Veranderend speelveld": three weeks of the spotlight, two past and one to come, in our
own words, on public studies of the demo's Kennisbank."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

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
