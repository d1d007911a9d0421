"""People and workgroups in the API: contact details for logged-in callers only, workgroups by visibility."""

from __future__ import annotations

import pytest
from django.utils import timezone

from stadskennis.accounts.models import ApiToken
from stadskennis.network.models import Person, Workgroup

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def an(gent):
    return Person.objects.create(
        first_name="An",
        last_name="Peeters",
        email="an@gent.example",
        phone="09 1",
        organisation=gent,
        function="beleidsmedewerker",
        expertise="leegstand",
    )


def test_contact_details_only_with_a_key_or_session(an, cast, client, client_for):
    anonymous = client.get(f"/api/people/{an.pk}").json()
    assert (
        anonymous["name"] == "An Peeters"
        and anonymous.get("email") is None
        and anonymous.get("phone") is None
    )
    assert "an@gent.example" not in client.get("/api/people").content.decode()
    with_key = client.get(f"/api/people/{an.pk}", **_auth(cast["member"])).json()
    assert with_key["email"] == "an@gent.example" and with_key["phone"] == "09 1"
    assert (
        client_for(cast["other_member"]).get("/api/people").json()["items"][0]["email"] == "an@gent.example"
    )


def test_people_filters_and_erased_people(an, client, antwerpen):
    Person.objects.create(first_name="Koen", last_name="J", organisation=antwerpen, expertise="data")
    Person.objects.create(first_name="Weg", last_name="W", organisation=antwerpen, erased_at=timezone.now())
    assert [p["name"] for p in client.get("/api/people", {"q": "leegstand"}).json()["items"]] == [
        "An Peeters"
    ]
    assert [p["name"] for p in client.get("/api/people", {"organisation": "antwerpen"}).json()["items"]] == [
        "Koen J"
    ]
    erased = Person.objects.get(erased_at__isnull=False)
    assert client.get(f"/api/people/{erased.pk}").status_code == 404


def test_workgroups_follow_visibility(an, cast, client, centre):
    public = Workgroup.objects.create(key="open", name="Open groep", owner=centre, visibility="public")
    public.members.add(an)
    Workgroup.objects.create(key="klad", name="Kladgroep", owner=centre, visibility="draft")
    assert [g["key"] for g in client.get("/api/workgroups").json()] == ["open"]
    assert client.get("/api/workgroups/klad").status_code == 404
    assert client.get("/api/workgroups/klad", **_auth(cast["editor"])).json()["name"] == "Kladgroep"
    member = client.get("/api/workgroups/open").json()["members"][0]
    assert member["name"] == "An Peeters" and member.get("email") is None
    assert (
        client.get("/api/workgroups/open", **_auth(cast["member"])).json()["members"][0]["email"]
        == "an@gent.example"
    )


def test_schema_lists_the_network(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/people", "/api/people/{person_id}", "/api/workgroups", "/api/workgroups/{key}"} <= set(
        paths
    )


def test_organisation_detail_counts_people(an, client):
    data = client.get("/api/organisations/gent/detail").json()
    assert data["people"] == 1 and data["name"] == "Stad Gent"
