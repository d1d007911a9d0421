"""The Agenda in the API: events with their programme, and the caller's own registrations. The same
rules as the pages: an event is read by whoever may see it, registering is one call with a key, and
the online link is given only to someone with a confirmed place."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from stadskennis.api.auth import reader, token_auth
from stadskennis.api.pagination import Pagination
from stadskennis.api.schemas import ERRORS, NOT_FOUND, ErrorOut
from stadskennis.core.visibility import registrations_reaching_events
from stadskennis.events import registrations, selectors
from stadskennis.events.models import Event, Registration

router = Router(tags=["Agenda"])


class SessionOut(Schema):
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str
    speakers: list[str] = Field(description="Speakers from the network and guest speakers, by name.")


class EventOut(Schema):
    slug: str = Field(description="Its key in the API and in addresses.")
    title: str
    summary: str
    kind: str = Field(description=f"One of {', '.join(f'`{v}`' for v in Event.Kind.values)}.")
    format: str = Field(description=f"One of {', '.join(f'`{v}`' for v in Event.Format.values)}.")
    starts_at: datetime
    ends_at: datetime
    place: str
    audience: str = Field(description="Who may register: `members`, `local_governments` or `public`.")
    status: str = Field(description="`scheduled` or `cancelled`.")
    capacity: int | None = Field(description="Places in all; null when there is no limit.")
    places_free: int | None = Field(description="Places still free; null when there is no limit.")
    waiting: int = Field(description="People on the waiting list.")
    themes: list[str] = Field(description="Theme slugs.")
    organising_city: str | None = Field(description="The slug of the city that hosts it.")
    url: str = Field(description="Its page on the platform.")
    ics: str = Field(description="The address of its iCalendar file.")


class EventDetailOut(EventOut):
    sessions: list[SessionOut]
    online_url: str | None = Field(description="Only for a caller with a confirmed place; null otherwise.")


class RegistrationOut(Schema):
    id: int
    event: str = Field(description="The event's slug.")
    status: str = Field(
        description=f"One of {', '.join(f'`{v}`' for v in Registration.Status.values)}: `offered` "
        "is a place freed for you from the waiting list, to take on `url` before `held_until`."
    )
    held_until: datetime | None
    url: str = Field(description="The registration's own page: change, take an offer, cancel.")


def _event(event: Event, *, detail: bool = False, confirmed: bool = False) -> dict:
    counted = registrations.places(event)
    data = {
        "slug": event.slug, "title": event.title, "summary": event.summary, "kind": event.kind,
        "format": event.format, "starts_at": event.starts_at, "ends_at": event.ends_at, "place": event.place,
        "audience": event.audience, "status": event.status, "capacity": event.capacity,
        "places_free": counted.free, "waiting": counted.waiting,
        "themes": [t.slug for t in event.themes.all()],
        "organising_city": event.organising_city.slug if event.organising_city_id else None,
        "url": event.get_absolute_url(), "ics": event.get_absolute_url() + "agenda.ics",
    }  # fmt: skip
    if detail:
        data["sessions"] = [
            {
                "title": s.title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "description": s.description,
                "speakers": [p.full_name for p in s.speakers.all()] + s.guest_speaker_list,
            }  # fmt: skip
            for s in event.sessions.all()
        ]
        data["online_url"] = event.online_url if confirmed and event.online_url else None
    return data


def _registration(r: Registration) -> dict:
    return {
        "id": r.pk, "event": r.event.slug, "status": r.status, "held_until": r.held_until,
        "url": r.get_absolute_url(),
    }  # fmt: skip


@router.get("/events", response={200: list[EventOut], **ERRORS}, summary="Events in the agenda")
@paginate(Pagination)
def event_list(
    request,
    when: str = Query("upcoming", description="`upcoming` (soonest first) or `past` (latest first)."),
    kind: str = Query("", description="Only events of this kind."),
    theme: str = Query("", description="Only events on this theme (its slug)."),
    audience: str = Query("", description="Only events open to `members`, `local_governments` or `public`."),
    city: str = Query("", description="Only events hosted by this city (its slug)."),
):
    events = selectors.event_list(
        user=reader(request), when=when if when in selectors.WHEN else "upcoming",
        kind=kind[:40], theme=theme[:100], audience=audience[:40], city=city[:100],
    ).prefetch_related("themes")  # fmt: skip
    return _Described(events)


class _Described:
    """The events as the API describes them, computed only for the page asked for (the pagination
    slices this, and counts it with one query)."""

    def __init__(self, events):
        self.events = events

    def count(self) -> int:
        return self.events.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[dict]:
        return [_event(e) for e in self.events[page]]


@router.get("/events/{slug}", response={200: EventDetailOut, **NOT_FOUND, **ERRORS}, summary="One event")
def event_get(request, slug: str):
    user = reader(request)
    event = selectors.event_get(user=user, slug=slug)
    mine = selectors.my_registration(user=user, event=event)
    return _event(event, detail=True, confirmed=selectors.gets_online_link(mine))


@router.post(
    "/events/{slug}/registrations",
    auth=token_auth,
    response={201: RegistrationOut, 409: ErrorOut, **NOT_FOUND, **ERRORS},
    summary="Register for an event",
)
def register(request, slug: str):
    """One call, as the page's button: a place when one is free, else the waiting list (`status`).
    A full, cancelled or closed event, or a second registration, answers 409 with the reason."""
    event = selectors.event_get(user=request.auth, slug=slug)
    try:
        registration = registrations.register_member(event=event, user=request.auth)
    except registrations.RegistrationRefused as refused:
        return Status(409, {"detail": str(refused), "errors": []})
    return Status(201, _registration(registration))


@router.get(
    "/me/registrations", auth=token_auth, response={200: list[RegistrationOut], **ERRORS},
    summary="Your own registrations",
)  # fmt: skip
@paginate(Pagination)
def my_registrations(request):
    """Every registration of the caller that is still alive, for events to come and past."""
    rows = Registration.objects.filter(
        registrations_reaching_events(), user=request.auth, status__in=Registration.ACTIVE
    ).select_related("event")
    return [_registration(r) for r in rows.order_by("-event__starts_at", "-pk")]


@router.post(
    "/me/registrations/{registration_id}/cancel",
    auth=token_auth,
    response={200: RegistrationOut, **NOT_FOUND, **ERRORS},
    summary="Cancel my registration",
)
def cancel(request, registration_id: int):
    """A place it held is offered to the first on the waiting list."""
    registration = get_object_or_404(Registration, pk=registration_id, user=request.auth)
    return _registration(registrations.cancel(registration=registration, actor=request.auth))
