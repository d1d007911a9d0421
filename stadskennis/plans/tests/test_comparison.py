"""Plans compared across cities: only plans one may read or that a city shared, by theme, SDG goal or
target, and words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import UserFactory
from stadskennis.core.tests.factories import OrganisationFactory, ThemeFactory
from stadskennis.plans.comparison import compare_plans, sdg_tag
from stadskennis.plans.models import PlanManager
from stadskennis.plans.services import plan_import
from stadskennis.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

HEADER = "Code;Bovenliggende code;Niveau;Titel;Status;Thema's;Tags\n"


@pytest.fixture
def cities():
    ThemeFactory(slug="wonen", name="Wonen")
    made = {}
    rows = {
        "antwerpen": "A1;;beleidsdoelstelling;Leegstand terugdringen;lopend;wonen;SDG 11.1\n"
        "A2;A1;actie;Leegstandsheffing hervormen;vertraagd;wonen;SDG 11.1\n"
        "A3;;beleidsdoelstelling;Meer groen;lopend;;SDG 13\n",
        "gent": "G1;;beleidsdoelstelling;Leegstaande panden opnieuw gebruiken;lopend;wonen;SDG 11.2\n",
        "mechelen": "M1;;beleidsdoelstelling;Leegstand in de binnenstad;lopend;wonen;SDG 11\n",
    }
    for slug, body in rows.items():
        organisation = OrganisationFactory(slug=slug, name=f"Stad {slug.title()}")
        plan = PlanFactory(owner=organisation, title=f"Meerjarenplan {slug}")
        report = plan_import(plan=plan, name="p.csv", data=(HEADER + body).encode(), actor=None)
        assert report.written, report.problems
        made[slug] = plan
    for slug in ("antwerpen", "gent"):
        made[slug].shared_for_comparison = True
        made[slug].save()
    return made  # Mechelen's plan is not shared


def codes(found) -> dict[str, list[str]]:
    return {city.plan.owner.slug: [e.code for e in city.elements] for city in found}


def test_a_member_compares_their_own_plan_and_the_shared_ones(cities):
    gent_member = UserFactory(organisation=cities["gent"].owner)
    assert codes(compare_plans(user=gent_member, words="leegstand")) == {"antwerpen": ["A1", "A2"]}
    assert codes(compare_plans(user=gent_member, theme="wonen")) == {
        "antwerpen": ["A1", "A2"],
        "gent": ["G1"],
    }
    mechelen_member = UserFactory(organisation=cities["mechelen"].owner)
    # their own unshared plan, and the shared ones
    assert codes(compare_plans(user=mechelen_member, theme="wonen")) == {
        "antwerpen": ["A1", "A2"], "gent": ["G1"], "mechelen": ["M1"],
    }  # fmt: skip
    assert compare_plans(user=gent_member) == []  # nothing asked


def test_an_sdg_goal_finds_its_targets_and_a_target_only_itself(cities):
    member = UserFactory(organisation=OrganisationFactory())
    assert codes(compare_plans(user=member, sdg="11")) == {"antwerpen": ["A1", "A2"], "gent": ["G1"]}
    assert codes(compare_plans(user=member, sdg="sdg 11.2")) == {"gent": ["G1"]}
    assert sdg_tag("SDG11.1") == "SDG 11.1" and sdg_tag("42") == "" and sdg_tag("elf") == ""


def test_the_page_names_the_cities_and_links_only_plans_one_may_read(client, client_for, cities):
    outsider = client_for(UserFactory(organisation=OrganisationFactory()))
    page = outsider.get(reverse("plans:compare_cities"), {"thema": "wonen"}).content.decode()
    assert "2 organisaties: Stad Antwerpen, Stad Gent." in page
    assert "Leegstandsheffing hervormen" in page and "Leegstand in de binnenstad" not in page
    assert reverse("plans:plan", args=[cities["antwerpen"].pk]) not in page  # shared, not readable
    # anonymous readers compare public plans only
    assert (
        "Leegstandsheffing"
        not in client.get(reverse("plans:compare_cities"), {"thema": "wonen"}).content.decode()
    )
    cities["antwerpen"].visibility = "public"
    cities["antwerpen"].save()
    anonymous = client.get(reverse("plans:compare_cities"), {"thema": "wonen"}).content.decode()
    assert "Leegstandsheffing hervormen" in anonymous and "Leegstaande panden" not in anonymous
    assert reverse("plans:plan", args=[cities["antwerpen"].pk]) in anonymous
    wrong = outsider.get(reverse("plans:compare_cities"), {"sdg": "SDG 42"}).content.decode()
    assert "geen SDG-doel" in wrong


def test_only_a_plan_manager_shares_a_plan(client_for, cities):
    plan = cities["mechelen"]
    member = client_for(UserFactory(organisation=plan.owner))
    assert (
        member.post(reverse("plans:share_for_comparison", args=[plan.pk]), {"delen": "1"}).status_code == 403
    )
    manager = UserFactory(organisation=plan.owner)
    PlanManager.objects.create(organisation=plan.owner, user=manager)
    assert (
        client_for(manager)
        .post(reverse("plans:share_for_comparison", args=[plan.pk]), {"delen": "1"})
        .status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.shared_for_comparison


def test_an_editor_turns_a_comparison_into_an_item_that_quotes_only_what_its_readers_may_see(
    client_for, cities
):
    from stadskennis.accounts.tests.factories import EditorFactory
    from stadskennis.knowledge.models import KnowledgeItem

    editor = client_for(EditorFactory())
    # the editor sees Mechelen's unshared plan on the page, yet the item for the network leaves it out
    assert (
        "Leegstand in de binnenstad"
        in editor.get(reverse("plans:compare_cities"), {"thema": "wonen"}).content.decode()
    )
    answer = editor.post(reverse("plans:comparison_to_item"), {"thema": "wonen", "zichtbaarheid": "network"})
    item = KnowledgeItem.objects.get()
    assert answer.status_code == 302 and answer["Location"] == item.get_absolute_url()
    assert item.visibility == "network" and "Leegstandsheffing hervormen" in item.body
    assert "Leegstaande panden opnieuw gebruiken" in item.body and "binnenstad" not in item.body
    assert {o.slug for o in item.organisations.all()} == {"antwerpen", "gent"}
    # for everyone: public plans only, and there are none
    refused = editor.post(reverse("plans:comparison_to_item"), {"thema": "wonen", "zichtbaarheid": "public"})
    assert refused.status_code == 302 and KnowledgeItem.objects.count() == 1
    # a member may not
    member = client_for(UserFactory(organisation=cities["gent"].owner))
    assert (
        member.post(
            reverse("plans:comparison_to_item"), {"thema": "wonen", "zichtbaarheid": "network"}
        ).status_code
        == 403
    )
