"""iCalendar (RFC 5545) for events: a file per event, the public feeds and a person's own feed,
written with the icalendar library."""

from __future__ import annotations

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from stadskennis.events.models import Event

PRODID = "-//Kenniscentrum Vlaamse Steden//Stadskennis Agenda//NL"


def _host() -> str:
    return settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "stadskennis"


def event_component(event: Event, *, with_online_link: bool = False) -> CalendarEvent:
    """One event; its online link only for someone with a confirmed place."""
    component = CalendarEvent()
    component.add("uid", f"event-{event.pk}@{_host()}")
    component.add("dtstamp", event.updated_at)
    component.add("dtstart", event.starts_at)
    component.add("dtend", event.ends_at)
    component.add("summary", event.title)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    page = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
    description = [event.summary] if event.summary else []
    online = with_online_link and event.online_url
    if online:
        description.append(event.online_url)
    description.append(page)
    component.add("description", "\n\n".join(description))
    location = event.place or (event.online_url if online else "")
    if location:
        component.add("location", location)
    component.add("url", page)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("sequence", int(event.updated_at.timestamp()) % 2_000_000_000)
    return component


def calendar_of(events, *, name: str, with_online_link: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event_component(event, with_online_link=with_online_link))
    return calendar.to_ical()
