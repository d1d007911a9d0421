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
from stadskennis.api.schemas import BODY_ERRORS, ERRORS, NOT_FOUND, ErrorOut
from stadskennis.core.visibility import registrations_reaching_events
from stadskennis.events import registrations, selectors
from stadskennis.events.models import Event, Registration
from stadskennis.events.places import option_places_left

router = Router(tags=["Agenda"])


class SessionOut(Schema):
    id: int = Field(description="Its key when registering for an event whose `sessions_chosen` is true.")
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str
    speakers: list[str] = Field(description="Speakers from the network and guest speakers, by name.")
    audience: str = Field(description="Who may attend this part: as `audience` of the event.")
    capacity: int | None = Field(description="Places in this part; null when there is no limit.")
    places_free: int | None = Field(
        description="Places still free in this part; null when there is no limit."
    )


class RegistrationOptionOut(Schema):
    id: int = Field(description="Its key as the `option` of an answer.")
    label: str
    capacity: int | None = Field(description="Places for this choice; null when there is no limit.")
    places_free: int | None = Field(description="Places still free; null when there is no limit.")


class RegistrationQuestionOut(Schema):
    id: int = Field(description="Its key as the `question` of an answer.")
    label: str
    help_text: str
    kind: str = Field(description="`choice` (answer with an `option`) or `text` (answer with `text`).")
    required: bool
    options: list[RegistrationOptionOut]


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
    sessions_chosen: bool = Field(description="Whether registering names the sessions one attends.")
    sessions: list[SessionOut]
    questions: list[RegistrationQuestionOut] = Field(
        description="What registering asks; answer them in `answers`."
    )
    online_url: str | None = Field(description="Only for a caller with a confirmed place; null otherwise.")


class RegistrationAnswerIn(Schema):
    question: int = Field(description="The question's id.")
    option: int | None = Field(None, description="For a `choice` question: the chosen option's id.")
    text: str = Field("", description="For a `text` question: the answer, at most 1000 characters.")


class RegistrationIn(Schema):
    sessions: list[int] = Field([], description="The ids of the sessions attended, when the event asks.")
    answers: list[RegistrationAnswerIn] = Field([], description="The answers to the event's questions.")


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
        data["sessions_chosen"] = event.sessions_chosen
        data["sessions"] = [
            {
                "id": s.pk,
                "title": s.title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "description": s.description,
                "speakers": [p.full_name for p in s.speakers.all()] + s.guest_speaker_list,
                "audience": s.audience_or_event,
                "capacity": s.capacity,
                "places_free": _free(registrations.session_places_left(s)),
            }  # fmt: skip
            for s in event.sessions.all()
        ]
        data["questions"] = [
            {
                "id": q.pk,
                "label": q.label,
                "help_text": q.help_text,
                "kind": q.kind,
                "required": q.required,
                "options": [
                    {
                        "id": o.pk,
                        "label": o.label,
                        "capacity": o.capacity,
                        "places_free": _free(option_places_left(o)),
                    }
                    for o in q.options.all()
                ],
            }  # fmt: skip
            for q in event.questions.prefetch_related("options")
        ]
        data["online_url"] = event.online_url if confirmed and event.online_url else None
    return data


def _free(left: int | None) -> int | None:
    return None if left is None else max(0, left)


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
    response={201: RegistrationOut, 409: ErrorOut, **NOT_FOUND, **BODY_ERRORS},
    summary="Register for an event",
)
def register(request, slug: str, payload: RegistrationIn | None = None):
    """One call, as the page's button: a place when one is free, else the waiting list (`status`).
    An event that asks (`sessions_chosen`, `questions`) takes the sessions and answers in the body;
    without them, or with a full session or choice, a cancelled or closed event, or a second
    registration, it answers 409 with the reason."""
    event = selectors.event_get(user=request.auth, slug=slug)
    payload = payload or RegistrationIn()
    sessions = list(event.sessions.filter(pk__in=payload.sessions[:100]))
    kinds = dict(event.questions.values_list("pk", "kind"))
    answers = {  # a choice question reads the option, a text question the text
        a.question: str(a.option or "") if kinds.get(a.question) == "choice" else a.text
        for a in payload.answers[:100]
    }
    try:
        registration = registrations.register_member(
            event=event, user=request.auth, sessions=sessions, answers=answers
        )
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
