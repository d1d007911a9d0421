"""The Agenda in the API: what a caller may read, registering with a key, and one's own registrations."""

from __future__ import annotations

import pytest

from stadskennis.accounts.models import ApiToken
from stadskennis.events.models import Registration
from stadskennis.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def _key(user) -> str:
    _token, key = ApiToken.issue(user=user, name="test")
    return key


def test_events_are_listed_as_the_agenda_page_shows_them(client, cast, centre):
    make_event(owner=centre, title="Open studiedag", visibility="public", capacity=10)
    make_event(owner=centre, title="Voor leden", visibility="network")
    anonymous = client.get("/api/events").json()
    assert [e["title"] for e in anonymous["items"]] == ["Open studiedag"]
    assert anonymous["items"][0]["places_free"] == 10
    member = client.get("/api/events", HTTP_AUTHORIZATION=f"Bearer {_key(cast['member'])}").json()
    assert {e["title"] for e in member["items"]} == {"Open studiedag", "Voor leden"}


def test_registering_with_a_key_and_the_online_link_for_a_place_only(client, cast, centre):
    event = make_event(owner=centre, capacity=1, format="online", online_url="https://vergaderen.example/a")
    key, other = _key(cast["member"]), _key(cast["other_member"])
    assert client.get(f"/api/events/{event.slug}").json()["online_url"] is None
    url = f"/api/events/{event.slug}/registrations"
    made = client.generic("POST", url, "", HTTP_AUTHORIZATION=f"Bearer {key}")  # no body, as curl -X POST
    assert made.status_code == 201 and made.json()["status"] == "confirmed"
    detail = client.get(f"/api/events/{event.slug}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert detail["online_url"] == "https://vergaderen.example/a"
    waiting = client.post(url, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert waiting.json()["status"] == "waiting"
    twice = client.post(url, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert twice.status_code == 409 and "al ingeschreven" in twice.json()["detail"]
    mine = client.get("/api/me/registrations", HTTP_AUTHORIZATION=f"Bearer {key}").json()["items"]
    assert [r["event"] for r in mine] == [event.slug]
    # Cancelling offers the place to the one waiting; nobody cancels another's registration.
    theirs = Registration.objects.get(user=cast["other_member"])
    refused = client.post(f"/api/me/registrations/{theirs.pk}/cancel", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert refused.status_code == 404
    cancelled = client.post(
        f"/api/me/registrations/{mine[0]['id']}/cancel", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert cancelled.json()["status"] == "cancelled"
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.OFFERED


def test_registering_needs_a_key(client, centre):
    event = make_event(owner=centre)
    assert client.post(f"/api/events/{event.slug}/registrations").status_code == 401
    assert not event.registrations.exists()
