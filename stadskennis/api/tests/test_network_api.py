"""People and workgroups in the API: contact details for logged-in callers only, workgroups by visibility."""

from __future__ import annotations

import pytest
from django.utils import timezone

from stadskennis.accounts.models import ApiToken
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.network.models import Person
from stadskennis.network.privacy import person_erase
from stadskennis.network.services import person_update
from stadskennis.network.tests.factories import MeetingFactory, PersonFactory, WorkgroupFactory

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def an(gent):
    return PersonFactory(
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
    PersonFactory(first_name="Koen", last_name="J", organisation=antwerpen, expertise="data")
    person_erase(person=PersonFactory(first_name="Weg", last_name="W", organisation=antwerpen), actor=None)
    assert [p["name"] for p in client.get("/api/people", {"q": "leegstand"}).json()["items"]] == [
        "An Peeters"
    ]
    assert [p["name"] for p in client.get("/api/people", {"organisation": "antwerpen"}).json()["items"]] == [
        "Koen J"
    ]
    erased = Person.objects.get(erased_at__isnull=False)
    assert client.get(f"/api/people/{erased.pk}").status_code == 404


def test_workgroups_follow_visibility(an, cast, client, centre):
    WorkgroupFactory(key="open", name="Open groep", owner=centre, members=[an])
    WorkgroupFactory(key="klad", name="Kladgroep", owner=centre, visibility="draft")
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
    assert {
        "/api/people",
        "/api/people/{person_id}",
        "/api/workgroups",
        "/api/workgroups/{key}",
        "/api/organisations/{slug}",
    } <= set(paths)


def test_organisation_detail_counts_people(an, client, gent):
    gent.website = "https://stad.gent"
    gent.save()
    person_erase(person=PersonFactory(first_name="Weg", last_name="W", organisation=gent), actor=None)
    data = client.get("/api/organisations/gent").json()
    assert data["people"] == 1  # the erased person is not counted
    assert (data["name"], data["kind"], data["website"]) == ("Stad Gent", "centre_city", "https://stad.gent")
    assert "nis_code" in data
    assert client.get("/api/organisations/bestaat-niet").status_code == 404


def test_people_filter_by_theme_and_department(an, client, antwerpen):

    person_update(person=an, actor=None, themes=[ThemeFactory(slug="wonen", name="Wonen")])
    PersonFactory(first_name="Koen", last_name="J", organisation=antwerpen, department="Stadsontwikkeling")
    by_theme = client.get("/api/people", {"theme": "wonen"}).json()
    assert [p["name"] for p in by_theme["items"]] == ["An Peeters"] and by_theme["items"][0]["themes"] == [
        "wonen"
    ]
    by_department = client.get("/api/people", {"q": "stadsontwikkeling"}).json()
    assert [p["name"] for p in by_department["items"]] == ["Koen J"]
    assert client.get("/api/people", {"limit": 1}).json()["count"] == 2


def test_workgroup_shows_lead_themes_and_next_meeting(an, cast, client, centre, gent):
    from datetime import timedelta

    group = WorkgroupFactory(
        key="wonen", name="Werkgroep wonen", owner=centre, lead_organisation=gent, lead_person=an,
        purpose="Betaalbaar wonen", kind="kenniskring", status="active",
        themes=[ThemeFactory(slug="wonen", name="Wonen")],
    )  # fmt: skip
    now = timezone.now()
    coming = now + timedelta(days=3)
    MeetingFactory(workgroup=group, title="Vorige", starts_at=now - timedelta(days=7))
    MeetingFactory(workgroup=group, title="Volgende", starts_at=coming)
    MeetingFactory(workgroup=group, title="Later", starts_at=now + timedelta(days=30))
    data = client.get("/api/workgroups/wonen").json()
    assert data["lead_organisation"] == {"slug": "gent", "name": "Stad Gent"}
    assert data["lead_person"] == "An Peeters" and data["themes"] == ["wonen"]
    assert (data["kind"], data["status"], data["purpose"]) == ("kenniskring", "active", "Betaalbaar wonen")
    assert data["next_meeting"].startswith(coming.isoformat()[:16])
    assert data["url"] == group.get_absolute_url()


def test_erased_member_shows_no_name_or_contact(an, cast, client, centre):
    WorkgroupFactory(key="open", name="Open groep", owner=centre, members=[an])
    person_erase(person=an, actor=cast["editor"])
    member = client.get("/api/workgroups/open", **_auth(cast["member"])).json()["members"][0]
    assert "Peeters" not in member["name"] and not member.get("email") and not member.get("phone")
    assert client.get(f"/api/people/{an.pk}", **_auth(cast["member"])).status_code == 404


def test_experts_in_the_api_rank_by_evidence_the_caller_may_see(an, cast, client, gent, antwerpen):
    from stadskennis.knowledge.services import item_create

    lies = PersonFactory(
        first_name="Lies", last_name="L", email="lies@antwerpen.example", organisation=antwerpen
    )
    item = item_create(
        actor=None, title="Leegstand van winkelpanden", kind="practice", owner=gent, visibility="public",
        contacts=[an],
    )  # fmt: skip
    item_create(
        actor=None, title="Interne nota leegstand", kind="study", owner=antwerpen,
        visibility="organisation", contacts=[lies],
    )  # fmt: skip

    anonymous = client.get("/api/experts", {"q": "wie is bezig met leegstand?"}).json()
    assert [e["person"]["name"] for e in anonymous] == ["An Peeters"]
    assert anonymous[0]["person"].get("email") is None
    kinds = {(ev["kind"], ev["url"]) for ev in anonymous[0]["evidence"]}
    assert ("contact", item.get_absolute_url()) in kinds and ("expertise", "") in kinds

    antwerp = client.get("/api/experts", {"q": "leegstand"}, **_auth(cast["other_member"])).json()
    assert {e["person"]["name"] for e in antwerp} == {"An Peeters", "Lies L"}
    assert {e["person"]["email"] for e in antwerp} == {"an@gent.example", "lies@antwerpen.example"}


def test_experts_in_the_api_refuse_a_missing_question_or_a_silly_limit(client):
    missing = client.get("/api/experts")
    assert missing.status_code == 422 and any("q" in str(e) for e in missing.json()["errors"])
    assert client.get("/api/experts", {"q": "x", "limit": 1000}).status_code == 422
    assert client.get("/api/experts", {"q": '"(*'}).json() == []
