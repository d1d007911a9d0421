"""Plans and releases in the API: what the pages show the same caller, and updates pushed into an
open release with the page's rules (owners and managers, versions, frozen is frozen)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from stadskennis.accounts.models import ApiToken
from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans import releases
from stadskennis.plans.models import PlanManager, ReleaseEntry
from stadskennis.plans.services import plan_import
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Code;Bovenliggende code;Niveau;Titel;Eigenaar;Status;Voortgang\n"
    "2WWS01;;beleidsdoelstelling;Betaalbaar wonen;;;\n"
    "2WWS0101;2WWS01;actie;Leegstandsheffing;an@gent.example;lopend;40\n"
    "2WWS0102;2WWS01;actie;Conceptzorg;;gerealiseerd;\n"
)


def key_for(user) -> dict:
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def world():
    gent = OrganisationFactory(slug="gent", name="Stad Gent")
    an = UserFactory(email="an@gent.example", organisation=gent)
    colleague = UserFactory(email="cor@gent.example", organisation=gent)
    manager = UserFactory(email="pia@gent.example", organisation=gent)
    PlanManager.objects.create(organisation=gent, user=manager)
    plan = PlanFactory(owner=gent, title="Meerjarenplan")
    assert plan_import(plan=plan, name="p.csv", data=CSV.encode(), actor=None).written
    release = releases.release_open(
        plan=plan, title="Rapportering 2026", deadline=date(2027, 1, 1), actor=manager
    )
    return {"plan": plan, "release": release, "an": an, "colleague": colleague, "manager": manager}


def patch(client, world, user, body, code="2WWS0101"):
    return client.patch(
        f"/api/releases/{world['release'].pk}/entries/{code}", json.dumps(body),
        content_type="application/json", **key_for(user),
    )  # fmt: skip


def test_a_plan_and_its_release_read_as_on_the_pages(client, world):
    plan, release = world["plan"], world["release"]
    answer = client.get(f"/api/plans/{plan.pk}", **key_for(world["an"])).json()
    figures = {e["code"]: e["figure"] for e in answer["elements"]}
    assert figures == {"2WWS01": 70, "2WWS0101": 40, "2WWS0102": 100}  # (40 + 100) / 2
    listed = client.get(f"/api/plans/{plan.pk}/releases", **key_for(world["an"])).json()
    assert [r["title"] for r in listed] == ["Rapportering 2026"] and listed[0]["phase"] == "open"
    entries = client.get(f"/api/releases/{release.pk}", **key_for(world["an"])).json()["entries"]
    assert {e["code"]: e["version"] for e in entries} == {"2WWS01": 0, "2WWS0101": 0, "2WWS0102": 0}
    # another city sees neither the unshared plan nor its release; nobody anonymous does
    other = UserFactory(organisation=OrganisationFactory())
    assert client.get(f"/api/plans/{plan.pk}", **key_for(other)).status_code == 404
    assert client.get(f"/api/releases/{release.pk}", **key_for(other)).status_code == 404
    assert client.get(f"/api/releases/{release.pk}").status_code == 404
    assert plan.pk not in {p["id"] for p in client.get("/api/plans", **key_for(other)).json()}
    assert plan.pk in {p["id"] for p in client.get("/api/plans", **key_for(world["an"])).json()}


def test_an_owner_pushes_an_update_and_a_stale_one_is_refused_with_theirs(client, world):
    first = patch(
        client,
        world,
        world["an"],
        {"status": "vertraagd", "progress": 30, "narrative": "Later.", "version": 0},
    )
    assert first.status_code == 200, first.json()
    assert (first.json()["version"], first.json()["status"], first.json()["figure"]) == (1, "vertraagd", 30)
    stale = patch(client, world, world["manager"], {"progress": 90, "version": 0})
    assert stale.status_code == 409
    error = stale.json()["errors"][0]
    assert error["version"] == 1 and error["theirs"] == {
        "status": "vertraagd",
        "progress": 30,
        "narrative": "Later.",
    }
    entry = ReleaseEntry.objects.get(release=world["release"], code="2WWS0101")
    assert (entry.progress, entry.version) == (30, 1)


def test_who_may_not_update_and_what_does_not_validate(client, world):
    assert patch(client, world, world["colleague"], {"progress": 50, "version": 0}).status_code == 403
    wrong_status = patch(client, world, world["an"], {"status": "bijna klaar", "version": 0})
    assert wrong_status.status_code == 422 and wrong_status.json()["errors"][0]["field"] == "status"
    too_much = patch(client, world, world["an"], {"progress": 120, "version": 0})
    assert too_much.status_code == 422
    assert too_much.json()["errors"][0] == {
        "field": "progress",
        "message": "Geef een getal van hoogstens 100.",
    }
    assert patch(client, world, world["an"], {"version": 0}, code="GEEN").status_code == 404
    anonymous = client.patch(
        f"/api/releases/{world['release'].pk}/entries/2WWS0101", "{}", content_type="application/json"
    )
    assert anonymous.status_code == 401
    assert ReleaseEntry.objects.get(release=world["release"], code="2WWS0101").version == 0


def test_a_frozen_release_refuses_every_update(client, world):
    releases.release_freeze(release=world["release"], actor=world["manager"])
    for user in (world["an"], world["manager"]):
        answer = patch(client, world, user, {"progress": 99, "version": 0})
        assert answer.status_code == 403 and answer.json()["detail"] == "Deze rapportering is bevroren."
    assert ReleaseEntry.objects.get(release=world["release"], code="2WWS0101").progress == 40


def test_an_update_changes_only_the_fields_it_sends(client, world):
    first = patch(client, world, world["an"], {"status": "vertraagd", "narrative": "Later.", "version": 0})
    assert first.status_code == 200
    second = patch(client, world, world["an"], {"progress": 35, "version": 1})
    assert second.status_code == 200
    body = second.json()
    assert (body["status"], body["narrative"], body["progress"]) == ("vertraagd", "Later.", 35)
    cleared = patch(client, world, world["an"], {"progress": None, "status": "", "version": 2}).json()
    assert (cleared["status"], cleared["progress"], cleared["narrative"]) == ("", None, "Later.")


@pytest.fixture
def indicated(world):
    """World's plan with an own indicator and a step plan on 2WWS0101, and a warehouse indicator on
    2WWS01, in a release opened after them."""
    from stadskennis.indicators.tests.factories import IndicatorFactory
    from stadskennis.plans.models import PlanElement
    from stadskennis.plans.plan_indicators import indicator_save

    releases.release_freeze(release=world["release"], actor=world["manager"])
    action = PlanElement.objects.get(plan=world["plan"], code="2WWS0101")
    objective = PlanElement.objects.get(plan=world["plan"], code="2WWS01")
    own = indicator_save(element=action, actor=world["manager"], data={
        "name": "Leegstaande woningen", "direction": "lower", "baseline": 1000, "baseline_year": 2024,
        "target": 400, "target_year": 2030, "trajectory": [(2027, 700)],
    })  # fmt: skip
    steps = indicator_save(element=action, actor=world["manager"], data={
        "name": "Heffing", "kind": "steps", "steps": ["ontwerp", "besluit", "inning"], "baseline": 1,
        "baseline_year": 2025, "target": 3, "target_year": 2028,
    })  # fmt: skip
    register = IndicatorFactory(code="register", visibility="public")
    warehouse = indicator_save(element=objective, actor=world["manager"], data={"warehouse": register})
    release = releases.release_open(plan=world["plan"], title="Rapportering 2027", deadline=date(2027, 6, 30),
                                    actor=world["manager"])  # fmt: skip
    copies = {copy.name: copy for copy in release.entries.get(code="2WWS0101").indicators.all()}
    return {**world, "release": release, "own": own, "steps": steps, "warehouse": warehouse, "copies": copies}


def test_an_owner_pushes_indicator_values_and_the_release_shows_them(client, indicated):
    copy = indicated["copies"]["Leegstaande woningen"]
    answer = patch(client, indicated, indicated["an"],
                   {"version": 0, "indicators": [{"id": copy.pk, "year": 2027, "value": "730"}]})  # fmt: skip
    assert answer.status_code == 200, answer.json()
    shown = {i["name"]: i for i in answer.json()["indicators"]}
    assert (shown["Leegstaande woningen"]["value"], shown["Leegstaande woningen"]["year"]) == (
        "730.0000",
        2027,
    )
    assert shown["Leegstaande woningen"]["trajectory"] == [{"year": 2027, "value": "700.0000"}]
    releases.release_freeze(release=indicated["release"], actor=indicated["manager"])
    listed = client.get(f"/api/plans/{indicated['plan'].pk}/indicators", **key_for(indicated["an"])).json()
    own = next(i for i in listed if i["name"] == "Leegstaande woningen")
    assert (own["element"], own["values"], own["evaluation"]) == (
        "2WWS0101",
        [{"year": 2027, "value": "730.0000"}],
        "on_track",
    )
    assert next(i for i in listed if i["element"] == "2WWS01")["warehouse"] == "register"
    other = UserFactory(organisation=OrganisationFactory())
    assert client.get(f"/api/plans/{indicated['plan'].pk}/indicators", **key_for(other)).status_code == 404


@pytest.mark.parametrize(
    ("which", "value", "field"),
    [
        ("Heffing", "4", "indicators.0.value"),  # a step plan of three steps
        ("Heffing", "1.5", "indicators.0.value"),
        ("warehouse", "12", "indicators.0.id"),  # Stad in cijfers' figures are not pushed
        ("Leegstaande woningen", "1e20", "indicators.0.value"),
    ],
)
def test_a_bad_indicator_value_is_a_422_and_nothing_is_saved(client, indicated, which, value, field):
    if which == "warehouse":
        copy_id = indicated["release"].entries.get(code="2WWS01").indicators.get().pk
        code = "2WWS01"
    else:
        copy_id, code = indicated["copies"][which].pk, "2WWS0101"
    body = {"version": 0, "narrative": "Bijna", "indicators": [{"id": copy_id, "year": 2027, "value": value}]}
    answer = patch(client, indicated, indicated["manager"], body, code=code)
    assert answer.status_code == 422, answer.json()
    assert answer.json()["errors"][0]["field"] == field
    entry = indicated["release"].entries.get(code=code)
    assert (entry.version, entry.narrative) == (0, "")
    assert not entry.indicators.exclude(value=None).exists()
