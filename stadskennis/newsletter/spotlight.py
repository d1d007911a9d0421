"""The weekly "Veranderend speelveld": a queue of public studies and publications, each with a
commentary, scheduled ahead and in the spotlight from its day on. Only what anyone may read is placed
in it, and an item that stops being public leaves the archive and the feed with it."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.knowledge.selectors import public_items
from stadskennis.newsletter.models import SpotlightEntry

KINDS = ("study", "research")  # a study or publication; a research disclosure


class SpotlightRefused(Exception):
    """An entry that cannot be placed; the message says why, in the user's language."""


def eligible_items():
    """What may be put in the spotlight: public studies and publications."""
    return public_items().filter(kind__in=KINDS)


def published():
    """The archive: entries whose day has come, of items still public, newest first."""
    return (
        SpotlightEntry.objects.filter(publish_on__lte=timezone.localdate(), item__in=eligible_items())
        .select_related("item")
        .order_by("-publish_on")
    )


def current() -> SpotlightEntry | None:
    return published().first()


def upcoming():
    """The queue, each entry marked whether its item is still public (else it will not appear)."""
    still_public = Exists(eligible_items().filter(pk=OuterRef("item_id")))
    entries = SpotlightEntry.objects.filter(publish_on__gt=timezone.localdate()).annotate(
        still_public=still_public
    )
    return entries.select_related("item").order_by("publish_on")


def next_free_monday() -> date:
    """The first Monday from today on that has no entry yet: the queue's natural next slot."""
    day = timezone.localdate()
    day += timedelta(days=(7 - day.weekday()) % 7)
    taken = set(SpotlightEntry.objects.filter(publish_on__gte=day).values_list("publish_on", flat=True))
    while day in taken:
        day += timedelta(days=7)
    return day


def spotlight_schedule(*, item, commentary: str, publish_on: date, actor) -> SpotlightEntry:
    if not eligible_items().filter(pk=item.pk).exists():
        raise SpotlightRefused(
            _("Only a public study or publication of the Kennisbank goes in the spotlight.")
        )
    if publish_on < timezone.localdate():
        raise SpotlightRefused(_("Choose today or a day to come: the past stays as it was."))
    try:
        with transaction.atomic():
            entry = SpotlightEntry.objects.create(
                item=item, commentary=commentary.strip(), publish_on=publish_on, created_by=actor
            )
            audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=entry)
    except IntegrityError as taken:
        raise SpotlightRefused(
            _("Another study is in the spotlight from %(day)s: choose another day.") % {"day": publish_on}
        ) from taken
    return entry


def spotlight_remove(*, entry: SpotlightEntry, actor) -> None:
    """Only an entry still to come leaves the queue; what was in the spotlight stays in the archive."""
    if entry.publish_on <= timezone.localdate():
        raise SpotlightRefused(_("This one was in the spotlight already: it stays in the archive."))
    with transaction.atomic():
        audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=entry)
        entry.delete()
