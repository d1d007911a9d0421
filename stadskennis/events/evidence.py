"""The Agenda's evidence for "wie is bezig met …?" (network.expertise): who spoke at an event on the
subject, and who took part in one. A speaker is named on the event's public programme, so the event
is shown; attendance is registrants' personal data (seen only by organisers), so it counts towards
the score without naming the event."""

from __future__ import annotations

from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.events.models import Event, EventSession, Registration
from stadskennis.network.expertise import EvidenceKind, EvidenceSource, ids_of, people_of_users


def _event_evidence(event_pos: dict[str, int], add) -> None:
    if not event_pos:
        return
    ids = ids_of(event_pos)
    titles = dict(Event.objects.filter(pk__in=ids).values_list("pk", "title"))
    slugs = dict(Event.objects.filter(pk__in=ids).values_list("pk", "slug"))
    speakers = EventSession.speakers.through.objects.filter(eventsession__event_id__in=ids)
    for event_id, person_id in speakers.values_list("eventsession__event_id", "person_id").distinct():
        link = partial(reverse, "events:event", args=[slugs[event_id]])
        add(person_id, "speaker", titles[event_id], link, event_pos[str(event_id)])
    came = Registration.objects.filter(
        event_id__in=ids, attended_at__isnull=False, user__isnull=False
    ).values_list("event_id", "user_id")
    person_of = people_of_users(user_id for _event, user_id in came)
    for event_id, user_id in came:
        add(person_of.get(user_id), "attended", "", None, event_pos[str(event_id)])


SOURCE = EvidenceSource(
    "event",
    50,
    {
        "speaker": EvidenceKind(3.0, _("spoke at")),
        "attended": EvidenceKind(1.0, _("took part in an event on this subject")),
    },
    _event_evidence,
)
