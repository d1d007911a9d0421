"""Writing events: audited and sent to the search outbox in the same transaction."""

from __future__ import annotations

from django.db import transaction

from stadskennis.core.models import AuditEntry
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.events import registrations
from stadskennis.events.models import Event, EventSession


@transaction.atomic
def event_create(*, actor, themes=(), sessions=(), **fields) -> Event:
    """`sessions`: dicts of EventSession fields, with `speakers` (people of the Netwerk) optional."""
    event = Event(created_by=actor if actor and actor.is_authenticated else None, **fields)
    event.full_clean(exclude=["created_by"])
    event.save()
    event.themes.set(themes)
    for row in sessions:
        row = dict(row)
        speakers = row.pop("speakers", [])
        session = EventSession(event=event, **row)
        session.full_clean()
        session.save()
        session.speakers.set(speakers)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=event)
    record_change(event)
    return event


@transaction.atomic
def event_update(*, event: Event, actor, **fields) -> Event:
    """Change an event's fields; more places are offered to the waiting list at once."""
    changes = {name: value for name, value in fields.items() if getattr(event, name) != value}
    for name, value in changes.items():
        setattr(event, name, value)
    event.full_clean(exclude=["created_by"])
    event.save()
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=event, changes=changes)
        record_change(event)
    if "capacity" in changes:
        registrations.offer_free_places(event=event)
    return event
