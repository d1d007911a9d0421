"""The Agenda's pages and feeds, as members, guests and organisers use them."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from stadskennis.events import registrations
from stadskennis.events.models import Event, Registration
from stadskennis.events.tests.factories import make_event
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_the_agenda_lists_what_the_reader_may_see(client_for, cast, centre):
    make_event(owner=centre, title="Open studiedag", visibility="public", audience="public")
    make_event(owner=centre, title="Werkbezoek voor leden", visibility="network")
    make_event(owner=centre, title="Voorbije workshop", days_ahead=-30)
    anonymous = client_for(None).get(reverse("events:agenda")).content.decode()
    assert "Open studiedag" in anonymous and "Werkbezoek voor leden" not in anonymous
    assert "Voorbije workshop" not in anonymous
    member = client_for(cast["member"]).get(reverse("events:agenda")).content.decode()
    assert "Werkbezoek voor leden" in member
    past = client_for(None).get(reverse("events:agenda"), {"wanneer": "past"}).content.decode()
    assert "Voorbije workshop" in past and "Open studiedag" not in past


def test_the_agenda_filters_by_kind(client, centre):
    make_event(owner=centre, title="Een congres", kind=Event.Kind.CONGRESS)
    make_event(owner=centre, title="Een workshop", kind=Event.Kind.WORKSHOP)
    page = client.get(reverse("events:agenda"), {"soort": "congress"}).content.decode()
    assert "Een congres" in page and "Een workshop" not in page


def test_a_member_registers_in_one_click_and_then_sees_the_online_link(client_for, cast, centre):
    event = make_event(owner=centre, format="hybrid", online_url="https://vergaderen.example/geheim")
    member = client_for(cast["member"])
    before = member.get(event.get_absolute_url()).content.decode()
    assert "https://vergaderen.example/geheim" not in before
    response = member.post(reverse("events:register", args=[event.slug]))
    registration = Registration.objects.get(event=event, user=cast["member"])
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    assert registration.status == Registration.Status.CONFIRMED
    after = member.get(event.get_absolute_url()).content.decode()
    assert "https://vergaderen.example/geheim" in after
    # Nobody else sees it, in the page or in the event's calendar file.
    other = client_for(cast["other_member"])
    assert "geheim" not in other.get(event.get_absolute_url()).content.decode()
    assert b"geheim" not in other.get(reverse("events:event_ics", args=[event.slug])).content
    assert b"geheim" in member.get(reverse("events:event_ics", args=[event.slug])).content


def test_a_guest_registers_through_the_form_and_confirms_with_a_post(client, centre):
    event = make_event(owner=centre, audience="public", capacity=10)
    data = {"name": "Ann Smet", "email": "ann@zele.example", "organisation_name": "Gemeente Zele"}
    response = client.post(reverse("events:register", args=[event.slug]), data)
    assert response.status_code == 200 and "ann@zele.example" in response.content.decode()
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.PENDING
    # Opening the mailed link changes nothing (mail scanners open links); the button does.
    client.get(registration.get_absolute_url())
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    client.post(registration.get_absolute_url(), {"actie": "bevestigen"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_the_public_form_explains_what_is_wrong_and_registers_nobody(client, centre):
    event = make_event(owner=centre, audience="public")
    response = client.post(
        reverse("events:register", args=[event.slug]),
        {"name": "", "email": "geen-adres", "organisation_name": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page and 'href="#id_email"' in page
    assert not event.registrations.exists()


def test_a_bot_filling_the_hidden_field_registers_nobody(client, centre):
    event = make_event(owner=centre, audience="public")
    data = {
        "name": "Bot",
        "email": "bot@x.example",
        "organisation_name": "X",
        "website": "http://spam.example",
    }
    assert client.post(reverse("events:register", args=[event.slug]), data).status_code == 404
    assert not event.registrations.exists()


def test_the_public_form_is_rate_limited_per_address(client, centre, settings):
    settings.EVENT_GUEST_REGISTRATIONS_PER_HOUR = 2
    event = make_event(owner=centre, audience="public")
    codes = [
        client.post(
            reverse("events:register", args=[event.slug]),
            {"name": f"P {i}", "email": f"p{i}@x.example", "organisation_name": "X"},
        ).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 400]
    assert event.registrations.count() == 2


def test_a_guest_cannot_use_the_form_of_a_members_event(client, centre):
    event = make_event(owner=centre, audience="members")
    response = client.post(
        reverse("events:register", args=[event.slug]),
        {"name": "Ann", "email": "ann@x.example", "organisation_name": "X"},
    )
    assert response.status_code == 400
    assert not event.registrations.exists()


def test_registrants_are_seen_and_exported_only_by_organisers(client_for, cast, centre):
    event = make_event(owner=centre, actor=cast["editor"])
    registrations.register_member(event=event, user=cast["member"])
    url = reverse("events:registrants", args=[event.slug])
    csv_url = reverse("events:registrants_csv", args=[event.slug])
    assert client_for(cast["other_member"]).get(url).status_code == 403
    assert client_for(cast["other_member"]).get(csv_url).status_code == 403
    assert client_for(None).get(csv_url).status_code == 302  # to the login page
    staff = client_for(cast["editor"])
    assert cast["member"].email in staff.get(url).content.decode()
    exported = staff.get(csv_url).content.decode("utf-8-sig")
    assert cast["member"].email in exported and exported.splitlines()[0].count(";") == 4


def test_the_public_feed_holds_public_events_only(client, cast, centre):
    make_event(owner=centre, title="Publieke studiedag", visibility="public")
    make_event(owner=centre, title="Alleen voor leden", visibility="network")
    calendar = Calendar.from_ical(client.get(reverse("events:public_ics")).content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Publieke studiedag"]


def test_the_personal_feed_lists_my_places_at_a_secret_address_that_can_be_renewed(client_for, cast, centre):
    mine = make_event(
        owner=centre, title="Mijn workshop", format="online", online_url="https://vergaderen.example/x"
    )
    make_event(owner=centre, title="Niet de mijne")
    registrations.register_member(event=mine, user=cast["member"])
    member = client_for(cast["member"])
    page = member.get(reverse("events:my_feed")).content.decode()
    token = cast["member"].event_feed.token
    assert token in page
    feed = client_for(None).get(reverse("events:personal_ics", args=[token]))
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Mijn workshop"]
    assert "https://vergaderen.example/x" in feed.content.decode()
    member.post(reverse("events:my_feed"))
    assert client_for(None).get(reverse("events:personal_ics", args=[token])).status_code == 404


def test_events_are_found_by_search_with_their_programme(cast, centre):
    from stadskennis.events.models import EventSession

    event = make_event(owner=centre, title="Werkbezoek Eindhoven", visibility="network")
    EventSession.objects.create(
        event=event, title="Slimme verlichting", starts_at=event.starts_at, ends_at=event.ends_at,
        guest_speakers="Gemeente Eindhoven",
    )  # fmt: skip
    from stadskennis.core.outbox import record_change

    record_change(event)
    assert [r.title for r in search(user=cast["member"], query="eindhoven").results] == [
        "Werkbezoek Eindhoven"
    ]
    assert search(user=None, query="eindhoven").results == []
    assert [r.title for r in search(user=cast["member"], query="slimme verlichting").results] == [
        "Werkbezoek Eindhoven"
    ]


def test_rss_and_atom_announce_public_events_to_come(client, centre):
    make_event(owner=centre, title="Publieke studiedag", visibility="public")
    make_event(owner=centre, title="Alleen voor leden", visibility="network")
    make_event(owner=centre, title="Voorbij", visibility="public", days_ahead=-10)
    for name in ("events:feed_rss", "events:feed_atom"):
        body = client.get(reverse(name)).content.decode()
        assert "Publieke studiedag" in body
        assert "Alleen voor leden" not in body and "Voorbij" not in body


@pytest.mark.parametrize(
    "slug", sorted(__import__("stadskennis.events.models", fromlist=["x"]).RESERVED_SLUGS)
)
def test_the_agenda_s_own_addresses_cannot_be_an_event_s(slug, centre):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_event(owner=centre, slug=slug)


def test_every_event_address_reaches_the_event_whatever_its_slug(client, centre):
    """Guards the reserved list: a slug that a fixed route would shadow breaks its own pages."""
    from django.urls import resolve

    event = make_event(owner=centre, slug="gewone-activiteit")
    for suffix, name in (("", "event"), ("inschrijven/", "register"), ("agenda.ics", "event_ics")):
        assert resolve(f"/agenda/{event.slug}/{suffix}").url_name == name
    from stadskennis.events.models import RESERVED_SLUGS

    for route in ("mijn-agenda/", "deelname/", "inschrijving/x/", "thema/x.ics"):
        assert route.split("/")[0] in RESERVED_SLUGS


def test_a_stale_button_changes_nothing(client_for, cast, centre):
    event = make_event(owner=centre, capacity=1)
    holder = registrations.register_member(event=event, user=cast["member"])
    offered = registrations.register_member(event=event, user=cast["other_member"])
    registrations.cancel(registration=holder)
    page = client_for(None)
    page.post(Registration.objects.get(pk=offered.pk).get_absolute_url(), {"actie": "aanvaarden"})
    # The same page, still open in another tab: "no longer interested" must not undo the place taken.
    response = page.post(offered.get_absolute_url(), {"actie": "niet-meer"}, follow=True)
    assert Registration.objects.get(pk=offered.pk).status == Registration.Status.CONFIRMED
    assert "niet meer" in response.content.decode()


def test_a_guest_gets_the_event_with_its_online_link_from_their_registration(client, centre):
    event = make_event(
        owner=centre, audience="public", format="online", online_url="https://vergaderen.example/g"
    )
    guest = registrations.register_guest(
        event=event, name="Ann", email="ann@x.example", organisation_name="X"
    )
    url = reverse("events:registration_ics", args=[guest.token])
    assert b"vergaderen.example" not in client.get(url).content
    registrations.confirm_email(registration=guest)
    assert b"vergaderen.example/g" in client.get(url).content
