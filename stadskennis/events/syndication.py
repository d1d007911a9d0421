"""RSS and Atom of the agenda's public events to come, newest announced first."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from stadskennis.events.models import Event


class UpcomingEventsFeed(Feed):
    def title(self):
        return _("Stadskennis: agenda of the Kenniscentrum")

    def link(self):
        return reverse("events:agenda")

    def description(self):
        return _("Public study days, workshops and other events of the Kenniscentrum Vlaamse Steden.")

    def items(self):
        upcoming = Event.objects.visible_to(None).filter(ends_at__gte=timezone.now())
        return upcoming.order_by("-created_at", "-pk")[:50]

    def item_title(self, event):
        when = date_format(timezone.localtime(event.starts_at), "j F Y")
        if event.is_cancelled:
            return _("Cancelled: %(title)s") % {"title": f"{event.title} ({when})"}
        return f"{event.title} ({when})"

    def item_description(self, event):
        return escape(event.summary)

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at


class UpcomingEventsAtomFeed(UpcomingEventsFeed):
    feed_type = Atom1Feed
    subtitle = UpcomingEventsFeed.description
