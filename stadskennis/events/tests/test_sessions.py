"""Parts of an event with their own audience and places (the study day of 7 November 2019: the
morning for all local governments, the afternoon for members), chosen at registration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.events import registrations
from stadskennis.events.models import Event, EventSession
from stadskennis.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def study_day(cast, centre):
    event = make_event(owner=centre, actor=cast["editor"], title="Studiedag erfgoed", hours=8,
                       audience=Event.Audience.LOCAL_GOVERNMENTS, sessions_chosen=True)  # fmt: skip
    start = event.starts_at
    morning = EventSession.objects.create(
        event=event, title="Voormiddag voor iedereen", starts_at=start, ends_at=start + timedelta(hours=3)
    )
    afternoon = EventSession.objects.create(
        event=event, title="Namiddag voor leden", starts_at=start + timedelta(hours=4),
        ends_at=start + timedelta(hours=7), audience=Event.Audience.MEMBERS, capacity=2,
    )  # fmt: skip
    lunch_talk = EventSession.objects.create(
        event=event,
        title="Middaglezing",
        starts_at=start + timedelta(hours=2),
        ends_at=start + timedelta(hours=5),
    )
    return event, morning, afternoon, lunch_talk


def test_guests_choose_only_the_open_parts(study_day, client):
    event, morning, afternoon, _lunch = study_day
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Voormiddag voor iedereen" in page and f'value="{afternoon.pk}"' not in page  # not offered
    with pytest.raises(registrations.RegistrationRefused, match="voor leden van het netwerk"):
        registrations.register_guest(event=event, name="Ann", email="ann@zele.example",
                                     organisation_name="Zele", sessions=[afternoon])  # fmt: skip
    response = client.post(reverse("events:register", args=[event.slug]), {
        "name": "Ann", "email": "ann@zele.example", "organisation_name": "Zele", "sessions": [morning.pk],
    })  # fmt: skip
    assert response.status_code == 200
    assert list(event.registrations.get().sessions.all()) == [morning]


def test_a_member_chooses_parts_that_do_not_clash_and_have_places(study_day, cast, gent, client_for):
    event, morning, afternoon, lunch = study_day
    with pytest.raises(registrations.RegistrationRefused, match="op hetzelfde moment"):
        registrations.register_member(event=event, user=cast["member"], sessions=[morning, lunch])
    with pytest.raises(registrations.RegistrationRefused, match="Kies minstens één sessie"):
        registrations.register_member(event=event, user=cast["member"], sessions=[])
    member = client_for(cast["member"])
    member.post(reverse("events:register", args=[event.slug]), {"sessions": [morning.pk, afternoon.pk]})
    mine = event.registrations.get(user=cast["member"])
    assert set(mine.sessions.all()) == {morning, afternoon}
    assert "Namiddag voor leden" in member.get(mine.get_absolute_url()).content.decode()
    registrations.register_member(event=event, user=cast["other_member"], sessions=[afternoon])
    third = MemberFactory(organisation=gent)
    with pytest.raises(registrations.RegistrationRefused, match="is volzet"):
        registrations.register_member(event=event, user=third, sessions=[afternoon])
    assert registrations.session_places_taken(afternoon) == 2  # never more than its places
    registrations.register_member(event=event, user=third, sessions=[morning])  # the open part still has room
    organiser_page = (
        client_for(cast["editor"]).get(reverse("events:registrants", args=[event.slug])).content.decode()
    )
    assert "2 van 2 plaatsen bezet" in organiser_page


def _two_places_with_a_small_group(centre):
    """Two places in all; a small group of one in the morning, a plenary without limit after it."""
    event = make_event(owner=centre, capacity=2, hours=8, sessions_chosen=True)
    small = EventSession.objects.create(
        event=event, title="Kleine werkgroep", starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=2), capacity=1,
    )  # fmt: skip
    big = EventSession.objects.create(
        event=event, title="Plenaire sessie", starts_at=event.starts_at + timedelta(hours=3),
        ends_at=event.starts_at + timedelta(hours=5),
    )  # fmt: skip
    return event, small, big


def test_a_freed_place_goes_to_the_first_in_line_whose_parts_have_room(cast, centre, gent):
    event, small, big = _two_places_with_a_small_group(centre)
    a, b, c, d = (MemberFactory(organisation=gent) for _ in range(4))
    registrations.register_member(event=event, user=a, sessions=[small])
    leaving = registrations.register_member(event=event, user=b, sessions=[big])
    wants_small = registrations.register_member(event=event, user=c, sessions=[small])  # waiting
    wants_big = registrations.register_member(event=event, user=d, sessions=[big])  # waiting
    registrations.cancel(registration=leaving)
    wants_small.refresh_from_db()
    wants_big.refresh_from_db()
    assert (wants_small.status, wants_big.status) == ("waiting", "offered")  # the small group is full


def test_a_guest_whose_hold_ran_out_does_not_take_a_full_part_by_confirming(study_day, cast, gent):
    event, morning, afternoon, _lunch = study_day
    EventSession.objects.filter(pk=afternoon.pk).update(audience="")  # open to guests for this case
    guest = registrations.register_guest(event=event, name="Ann", email="ann@zele.example",
                                         organisation_name="Zele", sessions=[afternoon])  # fmt: skip
    guest.held_until = None  # the hold ran out (expired_places_pass_on)
    guest.save(update_fields=["held_until"])
    registrations.register_member(event=event, user=cast["member"], sessions=[afternoon])
    registrations.register_member(event=event, user=cast["other_member"], sessions=[afternoon])
    assert registrations.session_places_taken(afternoon) == 2
    confirmed = registrations.confirm_email(registration=guest)
    assert confirmed.status == "waiting"  # not a third person in a part of two
    assert registrations.session_places_taken(afternoon) == 2


def test_a_place_nobody_waiting_can_use_goes_to_a_newcomer(cast, centre, gent):
    event, small, big = _two_places_with_a_small_group(centre)
    a, b, c, newcomer = (MemberFactory(organisation=gent) for _ in range(4))
    registrations.register_member(event=event, user=a, sessions=[small])
    leaving = registrations.register_member(event=event, user=b, sessions=[big])
    waits = registrations.register_member(event=event, user=c, sessions=[small])
    registrations.cancel(registration=leaving)  # a place is free, but not in the small group
    waits.refresh_from_db()
    assert waits.status == "waiting"
    assert registrations.register_member(event=event, user=newcomer, sessions=[big]).status == "confirmed"
