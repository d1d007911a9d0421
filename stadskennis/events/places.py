"""Who holds a place, and how many are left: for the event, for each of its parts and for each choice
of its registration questions. Read under the event's lock (registrations.py) whenever a decision on
a place follows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from stadskennis.events.models import Event, EventSession, Registration, RegistrationOption

Status = Registration.Status


class RegistrationRefused(Exception):
    """A registration that cannot be made or changed; the message says why, in the user's language."""


@dataclass(frozen=True)
class Places:
    capacity: int | None
    taken: int
    waiting: int

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.taken)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity


def holds_place(now) -> Q:
    """A confirmed registration, and a guest's or an offered place while its hold lasts."""
    return Q(status=Status.CONFIRMED) | Q(status__in=[Status.PENDING, Status.OFFERED], held_until__gt=now)


def places(event: Event, *, now=None) -> Places:
    now = now or timezone.now()
    rows = event.registrations.all()
    return Places(
        capacity=event.capacity,
        taken=rows.filter(holds_place(now)).count(),
        waiting=rows.filter(status=Status.WAITING).count(),
    )


def session_places_taken(session: EventSession, *, now=None) -> int:
    return session.registrations.filter(holds_place(now or timezone.now())).count()


def session_places_left(session: EventSession, *, now=None) -> int | None:
    """The one count of a part's free places (None: no limit) that every rule on parts reads."""
    return None if session.capacity is None else session.capacity - session_places_taken(session, now=now)


def option_places_taken(option: RegistrationOption, *, now=None) -> int:
    now = now or timezone.now()
    return Registration.objects.filter(holds_place(now), answers__option=option).count()


def option_places_left(option: RegistrationOption, *, now=None) -> int | None:
    """The same for one choice of a registration question (a seat on the bus, a hotel room)."""
    return None if option.capacity is None else option.capacity - option_places_taken(option, now=now)


def has_room(left: int | None) -> bool:
    return left is None or left > 0


def _limited_left(event: Event, now) -> dict[tuple[str, int], int]:
    """What is left of every part and every choice of `event` that has a limit."""
    sessions = event.sessions.filter(capacity__isnull=False) if event.sessions_chosen else []
    left = {("session", s.pk): session_places_left(s, now=now) for s in sessions}
    options = RegistrationOption.objects.filter(question__event=event, capacity__isnull=False)
    left.update({("option", o.pk): option_places_left(o, now=now) for o in options})
    return left


def _limited_wanted(registration: Registration) -> list[tuple[str, int]]:
    """The parts (while the event asks for them: parts kept from before do not count) and choices
    `registration` holds or waits for."""
    sessions = registration.sessions.all() if registration.event.sessions_chosen else []
    return [("session", s.pk) for s in sessions] + [
        ("option", a.option_id) for a in registration.answers.all() if a.option_id
    ]


def registration_has_room(registration: Registration, now) -> bool:
    """Every part and every choice `registration` asked for still has a place."""
    left = _limited_left(registration.event, now)
    return all(has_room(left.get(key)) for key in _limited_wanted(registration))


def first_who_fit(event: Event, waiting, free: int, now) -> list[Registration]:
    """The first `free` people in line, passing over (for now) anyone whose chosen parts or choices
    are full: a seat on a full bus is not offered, the next in line who fits gets the place."""
    left = _limited_left(event, now)
    if not left:
        return list(waiting[:free])
    chosen = []
    for registration in waiting.prefetch_related("sessions", "answers"):
        wanted = _limited_wanted(registration)
        if all(has_room(left.get(key)) for key in wanted):
            chosen.append(registration)
            for key in wanted:
                if left.get(key) is not None:
                    left[key] -= 1
            if len(chosen) == free:
                break
    return chosen
