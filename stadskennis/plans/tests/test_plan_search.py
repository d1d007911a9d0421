"""Plan elements in the one search: "which cities have an objective on leegstand?" answered for the
plans the asker may compare; an unshared plan's elements are found by its own city only, and sharing
or unsharing it reaches the index through the outbox at once."""

from __future__ import annotations

import pytest

from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans.services import element_save, plan_import, plan_share_for_comparison
from stadskennis.plans.tests.factories import PlanFactory
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    gent = OrganisationFactory(slug="gent", name="Stad Gent")
    plan = PlanFactory(owner=gent, title="Meerjarenplan")
    csv = (
        "Code;Bovenliggende code;Niveau;Titel;Tags\n"
        "2WWS;;beleidsdomein;Wonen;\n"
        "2WWS01;2WWS;beleidsdoelstelling;Leegstand van woningen terugdringen;SDG 11.1\n"
    )
    assert plan_import(plan=plan, name="p.csv", data=csv.encode(), actor=None).written
    return {
        "plan": plan,
        "gent": UserFactory(organisation=gent),
        "antwerpen": UserFactory(organisation=OrganisationFactory(slug="antwerpen")),
    }


def titles(user, query="leegstand"):
    return [r.title for r in search(user=user, query=query).results if r.kind == "plan_element"]


def test_an_unshared_plan_is_found_by_its_own_city_only(world):
    assert titles(world["gent"]) == ["Leegstand van woningen terugdringen (Stad Gent)"]
    assert titles(world["antwerpen"]) == []
    assert titles(None) == []
    response = search(user=world["gent"], query="leegstand")
    assert response.facets["organisation"]["gent"] == ("Stad Gent", 1)
    assert titles(world["gent"], "wonen") == [
        "Leegstand van woningen terugdringen (Stad Gent)"
    ]  # not the domain


def test_sharing_for_comparison_lets_other_cities_find_it_and_unsharing_stops_it(world, client_for):
    plan_share_for_comparison(plan=world["plan"], share=True, actor=None)
    assert titles(world["antwerpen"]) == ["Leegstand van woningen terugdringen (Stad Gent)"]
    assert titles(None) == []  # shared with the network, not with everyone
    (hit,) = [
        r for r in search(user=world["antwerpen"], query="sdg 11.1").results if r.kind == "plan_element"
    ]
    page = client_for(world["antwerpen"]).get(hit.url).content.decode()
    assert "2WWS01" in page and "Leegstand van woningen terugdringen" in page  # the comparison shows it
    plan_share_for_comparison(plan=world["plan"], share=False, actor=None)
    assert titles(world["antwerpen"]) == []


def test_an_element_changed_on_its_page_is_found_by_its_new_title(world):
    report = element_save(
        plan=world["plan"], actor=None,
        cells={"code": "2WWS01", "parent": "2WWS", "level": "beleidsdoelstelling",
               "title": "Minder leegstaande panden"},
    )  # fmt: skip
    assert report.written, report.problems
    assert titles(world["gent"], "panden") == ["Minder leegstaande panden (Stad Gent)"]
    assert titles(world["gent"], "terugdringen") == []


def test_a_result_opens_the_comparison_of_its_element_whatever_its_code(world, client_for):
    csv = "Code;Niveau;Titel\nBD1-D1;beleidsdoelstelling;Kerken herbestemmen\n"
    assert plan_import(plan=world["plan"], name="p.csv", data=csv.encode(), actor=None).written
    (hit,) = [r for r in search(user=world["gent"], query="kerken").results if r.kind == "plan_element"]
    page = client_for(world["gent"]).get(hit.url)
    assert [e.code for city in page.context["cities"] for e in city.elements] == ["BD1-D1"]
