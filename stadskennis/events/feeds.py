"""The secret address of a person's own calendar feed."""

from __future__ import annotations

from django.db import transaction

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.events.models import CalendarFeed, new_token


def feed_of(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def feed_renew(*, user) -> CalendarFeed:
    """A new secret address; the old one stops working at once (a leaked link is closed this way)."""
    feed = feed_of(user=user)
    feed.token = new_token()
    feed.save(update_fields=["token"])
    audit_record(actor=user, action=AuditEntry.Action.UPDATE, obj=feed, changes={"token": "renewed"})
    return feed
