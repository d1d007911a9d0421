"""iCalendar for the Agenda: one event, the public feeds (all, per theme) and a person's own feed
at a secret address that a calendar application can fetch without logging in."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stadskennis.core.models import Theme
from stadskennis.core.visibility import registration_reaches_event
from stadskennis.events import feeds, selectors
from stadskennis.events.ical import calendar_of
from stadskennis.events.models import CalendarFeed, Event, Registration

FEED_PAST_DAYS = 90  # a feed keeps recent events, so a calendar does not drop them the day after


def _calendar(body: bytes, filename: str, *, private: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def event_ics(request, slug: str):
    found = selectors.event_get(user=request.user, slug=slug)
    mine = selectors.my_registration(user=request.user, event=found)
    confirmed = selectors.gets_online_link(mine)
    body = calendar_of([found], name=found.title, with_online_link=confirmed)
    return _calendar(body, f"{slugify(found.title)[:60] or 'activiteit'}.ics", private=confirmed)


def registration_ics(request, token: str):
    """The event of one registration, for its holder (a guest has no account): with the online link
    once the place is confirmed."""
    registration = get_object_or_404(Registration.objects.select_related("event"), token=token)
    event = registration.event
    if event.deleted_at is not None or not registration_reaches_event(registration):
        raise Http404
    confirmed = selectors.gets_online_link(registration)
    body = calendar_of([event], name=event.title, with_online_link=confirmed)
    return _calendar(body, f"{slugify(event.title)[:60] or 'activiteit'}.ics", private=True)


def _public_recent(**lookup):
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return Event.objects.visible_to(None).filter(ends_at__gte=since, **lookup).order_by("starts_at")[:500]


def public_ics(request):
    return _calendar(calendar_of(_public_recent(), name=_("Agenda of the Kenniscentrum")), "agenda.ics")


def theme_ics(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    events = _public_recent(themes=theme)
    name = _("Agenda: %(theme)s") % {"theme": theme.name}
    return _calendar(calendar_of(events, name=name), f"agenda-{theme.slug}.ics")


def personal_ics(request, token: str):
    """What the feed's owner registered for (with a place or waiting), with online links for a place."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    confirmed = list(
        Event.objects.visible_to(feed.user)
        .filter(
            Q(registrations__status=Registration.Status.CONFIRMED) | Q(status=Event.Status.CANCELLED),
            ends_at__gte=since,
            registrations__user=feed.user,
        )
        .distinct()
    )
    return _calendar(
        calendar_of(confirmed, name=_("My registrations"), with_online_link=True),
        "mijn-agenda.ics",
        private=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_feed(request):
    """The page that gives (and, on request, replaces) the secret address of one's own feed."""
    feed = (
        feeds.feed_renew(user=request.user) if request.method == "POST" else feeds.feed_of(user=request.user)
    )
    return render(
        request,
        "events/my_feed.html",
        {"feed": feed, "feed_url": request.build_absolute_uri(feed.get_absolute_url())},
    )
