"""Plan elements in the one search (SEARCH_PLAN_ELEMENTS, off by default: decision 0016, addendum):
"which cities have an objective on leegstand?" answered for the plans the asker may compare; an
unshared plan's elements are found by its own city only, and sharing or unsharing it reaches the
index through the outbox at once."""

from __future__ import annotations

import pytest

from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.plans.services import element_save, plan_import, plan_share_for_comparison
from stadskennis.plans.tests.factories import PlanFactory
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def plan_elements_searched():
    """The provider as `SEARCH_PLAN_ELEMENTS=true` registers it at start-up."""
    from stadskennis.plans.search_provider import PlanElementProvider
    from stadskennis.search import registry

    registry.register(PlanElementProvider())
    yield
    registry._providers.pop("plan", None)


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
    for stranger in (world["antwerpen"], None):  # not counted either: the engine itself leaves it out
        response = search(user=stranger, query="leegstand")
        assert response.total == 0 and "plan" not in response.facets.get("module", {})
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
    assert search(user=world["antwerpen"], query="leegstand").total == 0  # the index followed


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
    csv = "Code;Niveau;Titel\nBD1-D1;beleidsdoelstelling;Kerken herbestemmen\nA;actie;Kerken openstellen\n"
    assert plan_import(plan=world["plan"], name="p.csv", data=csv.encode(), actor=None).written
    hits = {
        r.title: r.url for r in search(user=world["gent"], query="kerken").results if r.kind == "plan_element"
    }
    for title, code in (
        ("Kerken herbestemmen (Stad Gent)", "BD1-D1"),
        ("Kerken openstellen (Stad Gent)", "A"),
    ):
        page = client_for(world["gent"]).get(hits[title])
        assert [e.code for city in page.context["cities"] for e in city.elements] == [code]


def test_a_plan_deleted_in_the_administration_leaves_search_with_its_elements(world, client_for):
    from django.urls import reverse

    from stadskennis.accounts.tests.factories import AdministratorFactory

    admin = AdministratorFactory()
    assert search(user=admin, query="leegstand").total == 1
    answer = client_for(admin).post(
        reverse("admin:plans_plan_delete", args=[world["plan"].pk]), {"post": "yes"}
    )
    assert answer.status_code == 302
    response = search(user=admin, query="leegstand")  # staff see every document: none is left
    assert response.total == 0 and "plan" not in response.facets.get("module", {})
