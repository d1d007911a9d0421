"""The registration rules: places, the waiting list and its offers, guests' double opt-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from conftest import mail_body
from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.events import registrations
from stadskennis.events.models import Event, Registration
from stadskennis.events.registrations import RegistrationRefused
from stadskennis.events.tasks import send_registration_mail
from stadskennis.events.tests.factories import make_event

Status = Registration.Status
pytestmark = pytest.mark.django_db


def _members(organisation, n):
    return [MemberFactory(organisation=organisation) for _ in range(n)]


def test_a_member_gets_a_place_and_a_confirmation_with_the_event_as_ics(cast, centre, mailbox):
    event = make_event(owner=centre, title="Workshop indicatoren", place="Brussel")
    registration = registrations.register_member(event=event, user=cast["member"])
    assert registration.status == Status.CONFIRMED
    assert send_registration_mail.call(registration.pk, registration.status) == "sent"
    (message,) = mailbox
    assert message["To"] == cast["member"].email
    assert "Workshop indicatoren" in message["Subject"]
    (ics,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(ics.get_payload(decode=True))
    (component,) = calendar.walk("VEVENT")
    assert str(component["SUMMARY"]) == "Workshop indicatoren"
    assert component.decoded("DTSTART") == event.starts_at
    assert str(component["LOCATION"]) == "Brussel"
    assert registration.get_absolute_url() in mail_body(message)


def test_places_never_exceed_capacity_and_the_rest_wait_in_order(gent, centre):
    event = make_event(owner=centre, capacity=2)
    people = _members(gent, 4)
    statuses = [registrations.register_member(event=event, user=u).status for u in people]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING, Status.WAITING]
    counted = registrations.places(event)
    assert (counted.taken, counted.free, counted.waiting) == (2, 0, 2)


def test_a_freed_place_is_offered_to_the_first_in_line_not_to_a_newcomer(gent, centre, mailbox):
    event = make_event(owner=centre, capacity=1)
    first, second, third, newcomer = _members(gent, 4)
    holder = registrations.register_member(event=event, user=first)
    waiting_1 = registrations.register_member(event=event, user=second)
    waiting_2 = registrations.register_member(event=event, user=third)
    registrations.cancel(registration=holder, actor=first)
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert waiting_1.status == Status.OFFERED
    assert waiting_1.held_until > timezone.now() + timedelta(hours=47)
    assert waiting_2.status == Status.WAITING
    # The offered place is held: a newcomer joins the waiting list behind the others.
    assert registrations.register_member(event=event, user=newcomer).status == Status.WAITING
    mailbox.clear()
    assert send_registration_mail.call(waiting_1.pk, Status.OFFERED) == "sent"
    assert mailbox[0]["Subject"].startswith("Er is een plaats vrij voor je")
    accepted = registrations.accept_offer(registration=waiting_1)
    assert accepted.status == Status.CONFIRMED


def test_an_offer_not_taken_in_time_expires_and_passes_on(gent, centre):
    event = make_event(owner=centre, capacity=1)
    first, second, third = _members(gent, 3)
    holder = registrations.register_member(event=event, user=first)
    late = registrations.register_member(event=event, user=second)
    next_in_line = registrations.register_member(event=event, user=third)
    registrations.cancel(registration=holder)
    Registration.objects.filter(pk=late.pk).update(held_until=timezone.now() - timedelta(seconds=1))
    assert registrations.expired_places_pass_on() == 1
    late.refresh_from_db()
    next_in_line.refresh_from_db()
    assert late.status == Status.EXPIRED
    assert next_in_line.status == Status.OFFERED
    with pytest.raises(RegistrationRefused, match="verlopen"):
        registrations.accept_offer(registration=late)


def test_declining_an_offer_passes_it_on_at_once(gent, centre):
    event = make_event(owner=centre, capacity=1)
    first, second, third = _members(gent, 3)
    holder = registrations.register_member(event=event, user=first)
    offered = registrations.register_member(event=event, user=second)
    after = registrations.register_member(event=event, user=third)
    registrations.cancel(registration=holder)
    registrations.decline_offer(registration=Registration.objects.get(pk=offered.pk))
    assert Registration.objects.get(pk=offered.pk).status == Status.CANCELLED
    assert Registration.objects.get(pk=after.pk).status == Status.OFFERED


def test_freeing_ten_places_offers_exactly_ten(gent, centre, cast):
    event = make_event(owner=centre, capacity=5)
    for user in _members(gent, 20):
        registrations.register_member(event=event, user=user)
    from stadskennis.events.services import event_update

    event_update(event=event, actor=cast["editor"], capacity=15)
    counts = {s: event.registrations.filter(status=s).count() for s in (Status.CONFIRMED, Status.OFFERED)}
    assert counts == {Status.CONFIRMED: 5, Status.OFFERED: 10}
    assert event.registrations.filter(status=Status.WAITING).count() == 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "geannuleerd"),
        ({"registration_closes_at": "past"}, "afgesloten"),
    ],
)
def test_a_cancelled_or_closed_event_takes_no_registrations(cast, centre, change, message):
    event = make_event(owner=centre)
    if change.get("registration_closes_at") == "past":
        change = {"registration_closes_at": timezone.now() - timedelta(minutes=1)}
    Event.objects.filter(pk=event.pk).update(**change)
    event.refresh_from_db()
    with translation.override("nl"), pytest.raises(RegistrationRefused, match=message):
        registrations.register_member(event=event, user=cast["member"])
    assert not event.registrations.exists()


def test_registering_twice_is_refused_in_plain_dutch(cast, centre):
    event = make_event(owner=centre)
    registrations.register_member(event=event, user=cast["member"])
    with translation.override("nl"), pytest.raises(RegistrationRefused, match="al ingeschreven"):
        registrations.register_member(event=event, user=cast["member"])
    assert event.registrations.count() == 1


def test_a_member_may_register_again_after_cancelling(cast, centre):
    event = make_event(owner=centre)
    first = registrations.register_member(event=event, user=cast["member"])
    registrations.cancel(registration=first)
    again = registrations.register_member(event=event, user=cast["member"])
    assert again.status == Status.CONFIRMED and again.pk != first.pk


def test_a_members_event_refuses_whoever_may_not_see_it(cast, centre):
    event = make_event(owner=centre, visibility="draft", actor=cast["editor"])
    with pytest.raises(RegistrationRefused):
        registrations.register_member(event=event, user=cast["member"])


def test_a_guest_holds_a_place_until_the_hold_expires(centre, mailbox):
    event = make_event(owner=centre, capacity=1, audience=Event.Audience.PUBLIC)
    guest = registrations.register_guest(
        event=event, name="Ann", email="Ann@Gemeente.example", organisation_name="Gemeente Zele"
    )
    assert guest.status == Status.PENDING and guest.email == "ann@gemeente.example"
    assert registrations.places(event).taken == 1
    # While the place is held, the next guest waits for it.
    other = registrations.register_guest(
        event=event, name="Bo", email="bo@x.example", organisation_name="Gemeente Lede"
    )
    assert other.held_until is None
    assert send_registration_mail.call(guest.pk, Status.PENDING) == "sent"
    assert guest.get_absolute_url() in mail_body(mailbox[-1])
    # The hold runs out before Ann confirms: the place is free again, and Bo (confirming first) takes it.
    Registration.objects.filter(pk=guest.pk).update(held_until=timezone.now() - timedelta(seconds=1))
    registrations.expired_places_pass_on()
    assert registrations.confirm_email(registration=other).status == Status.CONFIRMED
    assert registrations.confirm_email(registration=guest).status == Status.WAITING


def test_a_guest_may_not_register_for_a_members_event(centre):
    event = make_event(owner=centre, audience=Event.Audience.MEMBERS)
    with translation.override("nl"), pytest.raises(RegistrationRefused, match="leden"):
        registrations.register_guest(event=event, name="X", email="x@x.example", organisation_name="X")


def test_a_mail_for_a_state_already_left_is_not_sent(cast, centre, mailbox):
    event = make_event(owner=centre)
    registration = registrations.register_member(event=event, user=cast["member"])
    registrations.cancel(registration=registration)
    assert send_registration_mail.call(registration.pk, Status.CONFIRMED) == "skipped"
    assert mailbox == []


def test_everyone_with_a_place_is_reminded_once_before_the_event(gent, centre, settings, mailbox):
    settings.EVENT_REMINDER_HOURS = 48
    soon = make_event(owner=centre, days_ahead=1, capacity=1, title="Morgen", place="Gent")
    later = make_event(owner=centre, days_ahead=10, title="Later")
    holder, waiting = _members(gent, 2)
    registrations.register_member(event=soon, user=holder)
    registrations.register_member(event=soon, user=waiting)
    registrations.register_member(event=later, user=holder)
    assert registrations.reminders_due() == 0  # registered within the last 48 hours: no reminder
    Registration.objects.update(confirmed_at=timezone.now() - timedelta(days=7))
    assert registrations.reminders_due() == 1  # the place for tomorrow; not the waiting list, not later
    assert registrations.reminders_due() == 0
    reminded = Registration.objects.get(event=soon, user=holder)
    assert send_registration_mail.call(reminded.pk, Status.CONFIRMED) == "sent"
    from stadskennis.events.tasks import send_reminder

    mailbox.clear()
    assert send_reminder.call(reminded.pk) == "sent"
    assert "Morgen" in mailbox[0]["Subject"] and "Gent" in mail_body(mailbox[0])


def test_a_place_freed_after_registration_closed_is_offered_to_nobody(gent, centre, mailbox):
    event = make_event(owner=centre, capacity=1)
    holder_user, waiting_user = _members(gent, 2)
    holder = registrations.register_member(event=event, user=holder_user)
    waiting = registrations.register_member(event=event, user=waiting_user)
    Event.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now() - timedelta(minutes=1))
    registrations.cancel(registration=holder)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING


def test_an_offer_never_lasts_past_the_closing_of_registration(gent, centre):
    event = make_event(owner=centre, capacity=1, days_ahead=1)  # closes within the 48 hours of an offer
    holder_user, waiting_user = _members(gent, 2)
    holder = registrations.register_member(event=event, user=holder_user)
    waiting = registrations.register_member(event=event, user=waiting_user)
    registrations.cancel(registration=holder)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED and waiting.held_until == event.closes_at
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    with pytest.raises(RegistrationRefused, match="geannuleerd"):
        registrations.accept_offer(registration=waiting)


def test_an_organiser_cancels_the_event_and_everyone_registered_is_told(
    cast, centre, client_for, mailbox, django_capture_on_commit_callbacks
):
    from stadskennis.events.tasks import send_event_cancelled

    event = make_event(owner=centre, actor=cast["editor"], title="Werkbezoek Eindhoven", capacity=1,
                       audience=Event.Audience.PUBLIC)  # fmt: skip
    holder = registrations.register_member(event=event, user=cast["member"])
    waiting = registrations.register_member(event=event, user=cast["other_member"])
    guest = registrations.register_guest(
        event=event, name="Ann", email="ann@zele.example", organisation_name="Zele"
    )
    url = reverse("events:cancel", args=[event.slug])
    assert client_for(cast["member"]).post(url, {"confirm": "on"}).status_code == 403
    unticked = client_for(cast["editor"]).post(url, {"message": "Sorry"})
    assert unticked.status_code == 302
    event.refresh_from_db()
    assert not event.is_cancelled  # without the tick, nothing happens
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client_for(cast["editor"]).post(url, {"confirm": "on", "message": "De bus is niet beschikbaar."})
    event.refresh_from_db()
    assert event.is_cancelled
    statuses = {r.pk: r.status for r in Registration.objects.filter(event=event)}
    assert statuses == {holder.pk: "cancelled", waiting.pk: "cancelled", guest.pk: "cancelled"}
    assert len(queued) == 2  # the guest never confirmed the address: no mail to it
    mailbox.clear()
    assert send_event_cancelled.call(holder.pk, "De bus is niet beschikbaar.") == "sent"
    (message,) = mailbox
    assert message["Subject"] == "Geannuleerd: Werkbezoek Eindhoven"
    assert "De bus is niet beschikbaar." in mail_body(message)
    with pytest.raises(registrations.RegistrationRefused, match="geannuleerd"):
        registrations.register_member(event=event, user=MemberFactory(organisation=centre))
    assert "geannuleerd" in client_for(None).get(event.get_absolute_url()).content.decode()


def test_an_event_under_way_is_not_cancelled_and_a_cancelled_one_says_so_in_feeds(cast, centre, client_for):
    started = make_event(owner=centre, actor=cast["editor"], days_ahead=0, hours=5)
    Event.objects.filter(pk=started.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    started.refresh_from_db()
    with pytest.raises(RegistrationRefused, match="al begonnen"):
        registrations.event_cancel(event=started, actor=cast["editor"])
    coming = make_event(owner=centre, actor=cast["editor"], title="Open studiedag", visibility="public")
    registrations.event_cancel(event=coming, actor=cast["editor"])
    assert "STATUS:CANCELLED" in client_for(None).get(reverse("events:public_ics")).content.decode()
    assert "Geannuleerd: Open studiedag" in client_for(None).get(reverse("events:feed_rss")).content.decode()
