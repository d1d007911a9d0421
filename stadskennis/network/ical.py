"""iCalendar invitations for meetings (RFC 5545), written with the icalendar library."""

from __future__ import annotations

from django.conf import settings
from icalendar import Calendar, Event

from stadskennis.network.models import Meeting

PRODID = "-//Kenniscentrum Vlaamse Steden//Stadskennis//NL"


def meeting_event(meeting: Meeting) -> Event:
    event = Event()
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "stadskennis"
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.workgroup.name}: {meeting.title}")
    description = [meeting.agenda] if meeting.agenda else []
    if meeting.online_url:
        description.append(meeting.online_url)
    description.append(settings.SITE_URL.rstrip("/") + meeting.get_absolute_url())
    event.add("description", "\n\n".join(description))
    if meeting.place or meeting.online_url:
        event.add("location", meeting.place or meeting.online_url)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    event.add("sequence", int(meeting.updated_at.timestamp()) % 2_000_000_000)
    return event


def calendar_for(meetings, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()
