"""Events made through their service, so they are audited and found by search as in the interface."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone

from stadskennis.events.models import Event
from stadskennis.events.services import event_create

_numbers = count(1)


def make_event(*, owner, actor=None, days_ahead: int = 14, hours: int = 3, **fields) -> Event:
    n = next(_numbers)
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days_ahead)
    defaults = {
        "slug": f"activiteit-{n}",
        "title": f"Activiteit {n}",
        "kind": Event.Kind.WORKSHOP,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=hours),
        "owner": owner,
        "visibility": "public",
        "audience": Event.Audience.MEMBERS,
    }
    defaults.update(fields)
    return event_create(actor=actor, **defaults)
