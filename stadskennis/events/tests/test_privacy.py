"""Registrants' personal data: in the person's export, gone with an erasure and after retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from stadskennis.events import privacy, registrations
from stadskennis.events.models import Registration
from stadskennis.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_an_erasure_cancels_the_registrations_and_removes_the_names(cast, centre):
    event = make_event(owner=centre, capacity=1)
    mine = registrations.register_member(event=event, user=cast["member"])
    waiting = registrations.register_member(event=event, user=cast["other_member"])
    assert (
        privacy.account_data_export(cast["member"])["event_registrations"][0]["email"] == cast["member"].email
    )
    privacy.account_data_erase(cast["member"])
    mine.refresh_from_db()
    assert (mine.status, mine.name, mine.email, mine.user_id) == (Registration.Status.CANCELLED, "", "", None)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED  # the freed place went to the next in line


def test_names_go_after_the_retention_period_and_the_counts_stay(cast, centre, settings):
    settings.EVENT_RETENTION_DAYS = 30
    old = make_event(owner=centre, days_ahead=-40)
    recent = make_event(owner=centre, days_ahead=-5)
    for event in (old, recent):
        Registration.objects.create(
            event=event, name="Ann", email="ann@x.example", organisation=cast["member"].organisation,
            status=Registration.Status.CONFIRMED, attended_at=timezone.now() - timedelta(days=40),
        )  # fmt: skip
        Registration.objects.create(
            event=event, name="Bo", email="bo@x.example", organisation_name="Gemeente Zele",
            status=Registration.Status.CONFIRMED,
        )  # fmt: skip
    assert privacy.past_registrations_anonymise() == 2
    assert privacy.past_registrations_anonymise() == 0
    assert set(old.registrations.values_list("name", "email")) == {("", "")}
    assert set(recent.registrations.values_list("name", flat=True)) == {"Ann", "Bo"}
    assert (
        old.registrations.filter(attended_at__isnull=False, organisation=cast["member"].organisation).count()
        == 1
    )


def test_a_persons_erasure_takes_their_guest_registrations_along(cast, centre, gent):
    from stadskennis.events.models import Event
    from stadskennis.network.privacy import person_data_export, person_erase
    from stadskennis.network.tests.factories import PersonFactory

    event = make_event(owner=centre, audience=Event.Audience.PUBLIC, visibility="public", capacity=1)
    person = PersonFactory(organisation=gent, email="ann.smet@gent.example")
    guest = registrations.register_guest(event=event, name="Ann Smet", email="Ann.Smet@Gent.example",
                                         organisation_name="Stad Gent")  # fmt: skip
    registrations.confirm_email(registration=guest)
    other = registrations.register_guest(
        event=event, name="Bo", email="bo@zele.example", organisation_name="Zele"
    )
    registrations.confirm_email(registration=other)
    (exported,) = person_data_export(person)["event_guest_registrations"]
    assert (exported["name"], exported["event"]) == ("Ann Smet", event.title)

    person_erase(person=person, actor=cast["editor"])
    guest.refresh_from_db()
    assert (guest.status, guest.name, guest.email, guest.organisation_name) == (
        "cancelled",
        "",
        "",
        "Stad Gent",
    )
    other.refresh_from_db()
    assert (
        other.status == Registration.Status.OFFERED and other.email == "bo@zele.example"
    )  # the place went on
