"""Registrations at the same moment, each on its own database connection, as web workers make them:
the lock on the event lets exactly `capacity` of them take a place (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.events import registrations
from stadskennis.events.models import Registration
from stadskennis.events.tests.factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(jobs) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait()
            job()
        except BaseException as error:  # noqa: BLE001 - collected and asserted on
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_forty_members_at_once_for_thirty_places(gent, centre):
    event = make_event(owner=centre, capacity=30)
    members = [MemberFactory(organisation=gent) for _ in range(40)]
    errors = _at_once([lambda u=u: registrations.register_member(event=event, user=u) for u in members])
    assert errors == []
    statuses = list(event.registrations.values_list("status", flat=True))
    assert len(statuses) == 40
    assert statuses.count(Registration.Status.CONFIRMED) == 30
    assert statuses.count(Registration.Status.WAITING) == 10


def test_one_person_clicking_five_times_at_once_is_registered_once(cast, centre):
    event = make_event(owner=centre, capacity=30)
    errors = _at_once([lambda: registrations.register_member(event=event, user=cast["member"])] * 5)
    assert event.registrations.count() == 1
    assert len(errors) == 4
    assert all(isinstance(e, registrations.RegistrationRefused) for e in errors)


def test_cancellations_at_once_offer_each_freed_place_once(gent, centre):
    event = make_event(owner=centre, capacity=10)
    members = [MemberFactory(organisation=gent) for _ in range(20)]
    made = [registrations.register_member(event=event, user=u) for u in members]
    holders = [r for r in made if r.status == Registration.Status.CONFIRMED]
    errors = _at_once([lambda r=r: registrations.cancel(registration=r) for r in holders[:6]])
    assert errors == []
    assert event.registrations.filter(status=Registration.Status.OFFERED).count() == 6
    assert event.registrations.filter(status=Registration.Status.WAITING).count() == 4
