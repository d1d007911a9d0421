"""Events in the one search: what the event is about, its programme and its speakers."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.events.models import Event
from stadskennis.search.registry import Document


class EventProvider:
    key = "event"
    model = Event
    label = gettext_lazy("Agenda")
    carries = {"core.theme": "themes", "core.organisation": "organising_city"}

    def indexable(self):
        return (
            Event.objects.alive()
            .select_related("organising_city")
            .prefetch_related("themes", "sessions__speakers")
        )

    def kind_label(self, kind: str) -> str:
        return str(Event.Kind(kind).label) if kind in Event.Kind.values else _("Event")

    def document(self, event: Event) -> Document | None:
        if event.deleted_at is not None:
            return None
        themes = list(event.themes.all())
        city = event.organising_city
        facets = [("theme", t.slug, t.name) for t in themes]
        if city:
            facets.append(("organisation", city.slug, city.display_name))
        programme = []
        for session in event.sessions.all():
            speakers = [p.full_name for p in session.speakers.all()] + session.guest_speaker_list
            programme.append(" ".join([session.title, session.description, *speakers]))
        return Document(
            object_id=str(event.pk),
            title=event.title,
            summary=event.summary,
            text="\n".join([event.description, *programme]),
            url=event.get_absolute_url(),
            kind=event.kind,
            date=event.starts_at,
            visibility=event.visibility,
            owner_id=event.owner_id,
            created_by_id=event.created_by_id,
            access_group_id=event.access_group_id,
            extra=" ".join(
                [event.place, event.partner, *(t.name for t in themes)] + ([city.name] if city else [])
            ),
            year=event.starts_at.year,
            facets=facets,
        )
