"""On the day and after: check-in by the organisers, and who took part, per event and per year.

Attendance is what counts afterwards: for "wie is bezig met …?" (a speaker or participant on a
subject is someone to call about it, network.expertise) and for each member city's participation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import can_manage_event
from stadskennis.events.models import Event, Registration


@transaction.atomic
def check_in(*, registration: Registration, actor, present: bool = True) -> Registration:
    """An organiser marks someone with a place as present (or undoes it)."""
    if not can_manage_event(actor, registration.event):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise PermissionDenied  # only people with a place are checked in
    registration.attended_at = timezone.now() if present else None
    registration.save(update_fields=["attended_at", "updated_at"])
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=registration, changes={"attended": present}
    )
    return registration


CHECK_IN_SALT = "events.check-in"


def check_in_code(registration: Registration) -> str:
    """What the QR code on a confirmed registration holds: signed, so it cannot be guessed or made for
    another registration, and apart from the registration's own token (which can cancel it)."""
    return signing.dumps(registration.pk, salt=CHECK_IN_SALT, compress=True)


def registration_for_code(code: str) -> Registration | None:
    try:
        pk = signing.loads(code[:200], salt=CHECK_IN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Registration.objects.select_related("event", "organisation").filter(pk=pk).first()


@dataclass
class Participation:
    """Per organisation: how many people had a place and how many came, over `events` events."""

    events: int = 0
    by_organisation: dict[str, tuple[int, int]] = field(default_factory=dict)  # name → (places, came)

    @property
    def organisations(self) -> int:
        return len(self.by_organisation)


def participation(events) -> Participation:
    """Who took part in `events` (a queryset the caller may see), counted per organisation: a member's
    organisation by its account, a guest's by the name they gave."""
    events = list(events)
    places: Counter = Counter()
    came: Counter = Counter()
    rows = Registration.objects.filter(event__in=events, status=Registration.Status.CONFIRMED).values_list(
        "organisation_id", "organisation_name", "attended_at"
    )
    names = dict(Organisation.objects.values_list("pk", "name"))
    for organisation_id, organisation_name, attended_at in rows:
        name = names.get(organisation_id) or organisation_name or "—"
        places[name] += 1
        if attended_at:
            came[name] += 1
    by_organisation = {
        name: (places[name], came[name]) for name in sorted(places, key=lambda n: (-places[n], n))
    }
    return Participation(events=len(events), by_organisation=by_organisation)


def members_per_year(year: int) -> dict[str, dict[str, int]]:
    """For each member city (and the VGC): the events its people came to in `year`, and how many
    people came (the annual report reads it)."""
    came = Registration.objects.filter(
        attended_at__isnull=False,
        status=Registration.Status.CONFIRMED,
        event__starts_at__year=year,
        event__deleted_at__isnull=True,
        organisation__kind__in=["centre_city", "vgc"],
    ).values_list("organisation__name", "event_id")
    events: dict[str, set[int]] = defaultdict(set)
    people: Counter = Counter()
    for name, event_id in came:
        events[name].add(event_id)
        people[name] += 1
    members = Organisation.objects.filter(kind__in=["centre_city", "vgc"]).order_by("name")
    return {m.name: {"events": len(events[m.name]), "people": people[m.name]} for m in members}


def events_in_year(year: int):
    return Event.objects.alive().filter(starts_at__year=year)
