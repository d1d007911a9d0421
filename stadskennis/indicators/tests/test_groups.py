"""Comparison groups that staff or a member define (issue 14, point 2): made, shared, edited and deleted
through /cijfers/groepen/, seen only as core.visibility says in every page and in the API's
`geo=group:<slug>`, and used beside the series of an indicator page and in the compare builder."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stadskennis.core.models import AuditEntry
from stadskennis.core.reference import reference_load
from stadskennis.indicators.groups import group_create
from stadskennis.indicators.models import Area, AreaGroup, Observation
from stadskennis.indicators.tests.factories import IndicatorFactory, area, observe

GROUPS = "/cijfers/groepen/"
API = "/api/indicators/bevolking/observations"


@pytest.fixture
def world(cast):
    reference_load()
    return cast


def _today(code: str) -> Area:
    return Area.objects.filter(code=code).order_by("-valid_from").first()


def _population(*codes: str) -> Decimal:
    return sum(
        Observation.objects.filter(indicator__code="bevolking", area__code__in=codes).values_list(
            "value", flat=True
        ),
        Decimal(0),
    )


@pytest.fixture
def gents_group(world):
    """Gent's own group (organisation): Gent, Hasselt (2025, with Kortessem before) and Genk."""
    return group_create(
        actor=world["member"], name="Gent en verwanten", description="Onze vergelijking",
        visibility="organisation", members=[_today("44021"), _today("71072"), _today("71016")],
    )  # fmt: skip


def test_a_member_makes_a_group_for_their_organisation_through_the_page(world, client_for, gent):
    member = client_for(world["member"])
    form = member.get(GROUPS + "nieuw/")
    assert form.status_code == 200
    choices = [value for value, _label in form.context["form"].fields["visibility"].choices]
    assert choices == ["organisation", "network"]  # a member shares at most with the network
    assert form.context["form"]["visibility"].value() == "organisation"
    response = member.post(
        GROUPS + "nieuw/",
        {
            "name": "Gent en Hasselt",
            "visibility": "organisation",
            "members": [_today("44021").pk, _today("71072").pk],
        },
    )
    group = AreaGroup.objects.get(name="Gent en Hasselt")
    assert response.status_code == 302 and response["Location"] == f"{GROUPS}{group.slug}/"
    assert (group.owner, group.created_by, group.visibility) == (gent, world["member"], "organisation")
    # Hasselt of 2025 is stored with what it was made of, so the group covers one territory over time
    assert sorted(group.members.values_list("code", flat=True)) == ["44021", "71022", "71072", "73040"]
    assert AuditEntry.objects.filter(action="create", object_id=str(group.pk)).count() == 1


def test_a_member_cannot_make_a_public_group_and_a_group_needs_municipalities(world, client_for):
    member = client_for(world["member"])
    response = member.post(GROUPS + "nieuw/", {"name": "Leeg", "visibility": "public", "members": []})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"visibility", "members"}
    assert not AreaGroup.objects.filter(name="Leeg").exists()


@pytest.mark.parametrize(
    ("who", "sees"),
    [("anonymous", False), ("member", True), ("other_member", False), ("editor", True)],
)
def test_an_organisation_s_group_is_seen_by_that_organisation_and_staff_only(
    gents_group, world, client_for, who, sees
):
    client = client_for(world[who])
    listed = client.get(GROUPS).content.decode()
    assert ("Gent en verwanten" in listed) is sees
    assert "Centrumsteden" in listed  # the platform's groups are public
    assert client.get(f"{GROUPS}{gents_group.slug}/").status_code == (200 if sees else 404)
    as_json = client.get(GROUPS, {"formaat": "json"}).json()
    assert ("Gent en verwanten" in [g["name"] for g in as_json["groups"]]) is sees
    # the API's geo=group:<slug> answers an unseen group exactly as an unknown one
    api = client.get(API, {"geo": f"group:{gents_group.slug}"})
    unknown = client.get(API, {"geo": "group:bestaat-niet"})
    if sees:
        assert api.status_code == 200
        [cell] = api.json()["items"]
        expected = _population("44021", "71022", "73040", "71016")  # 2020: Hasselt with Kortessem
        assert Decimal(str(cell["value"])) == expected and cell["geo_level"] == "group"
    else:
        assert api.status_code == unknown.status_code == 422
        assert api.content.decode().count(gents_group.slug) == 1  # only where the question is echoed
        [error] = api.json()["errors"]
        [same] = unknown.json()["errors"]
        assert error["message"].replace(gents_group.slug, "x") == same["message"].replace("bestaat-niet", "x")


def test_shared_to_the_network_another_city_sees_it_but_cannot_edit_or_delete_it(
    gents_group, world, client_for
):
    member, other = client_for(world["member"]), client_for(world["other_member"])
    edit = f"{GROUPS}{gents_group.slug}/bewerken/"
    assert other.get(edit).status_code == 404  # unseen: not even its existence
    response = member.post(
        edit,
        {
            "name": "Gent en verwanten",
            "description": "",
            "visibility": "network",
            "members": [_today("44021").pk, _today("71016").pk],
        },
    )
    assert response.status_code == 302
    gents_group.refresh_from_db()
    assert gents_group.visibility == "network"
    assert sorted(gents_group.members.values_list("code", flat=True)) == ["44021", "71016"]
    assert other.get(f"{GROUPS}{gents_group.slug}/").status_code == 200
    assert other.get(edit).status_code == 403
    assert other.post(f"{GROUPS}{gents_group.slug}/verwijderen/").status_code == 403
    assert client_for(None).get(f"{GROUPS}{gents_group.slug}/").status_code == 404
    assert AreaGroup.objects.filter(pk=gents_group.pk).exists()


def test_the_owner_deletes_their_group_and_it_is_audited(gents_group, world, client_for):
    member = client_for(world["member"])
    page = member.get(f"{GROUPS}{gents_group.slug}/verwijderen/")
    assert page.status_code == 200 and "button-danger" in page.content.decode()
    assert member.post(f"{GROUPS}{gents_group.slug}/verwijderen/").status_code == 302
    assert not AreaGroup.objects.filter(pk=gents_group.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(gents_group.pk)).count() == 1


@pytest.mark.parametrize("who", ["member", "editor"])
def test_the_platform_s_groups_are_edited_by_nobody(world, client_for, who):
    client = client_for(world[who])
    for slug in ("centrumsteden", "centrumsteden-vgc"):
        assert client.get(f"{GROUPS}{slug}/bewerken/").status_code == 403
        assert client.post(f"{GROUPS}{slug}/verwijderen/").status_code == 403
        assert f"{GROUPS}{slug}/bewerken/" not in client.get(GROUPS).content.decode()
    assert (
        AreaGroup.objects.get(slug="centrumsteden").members.count() == 15
    )  # 13 cities, Antwerpen and Hasselt twice


def test_staff_make_public_groups_that_anyone_sees_and_uses_in_the_api(world, client_for):
    editor = client_for(world["editor"])
    response = editor.post(
        GROUPS + "nieuw/",
        {
            "name": "Kustgemeenten",
            "visibility": "public",
            "members": [_today("38014").pk, _today("35013").pk],
        },
    )
    assert response.status_code == 302
    group = AreaGroup.objects.get(name="Kustgemeenten")
    assert group.visibility == "public"
    anonymous = client_for(None)
    assert anonymous.get(f"{GROUPS}{group.slug}/").status_code == 200
    [cell] = anonymous.get(API, {"geo": f"group:{group.slug}"}).json()["items"]
    assert Decimal(str(cell["value"])) == _population("38014", "35013")


def test_the_indicator_page_shows_the_chosen_group_only_to_who_may_see_it(gents_group, world, client_for):
    expected = _population("44021", "71022", "73040", "71016")
    shown = f"{int(expected):,}".replace(",", ".")
    page = client_for(world["member"]).get("/cijfers/bevolking/", {"groep": gents_group.slug})
    rows = {row.name: row for row in page.context["series"].rows}
    assert rows["Gent en verwanten samen"].cells[0].value == expected
    assert shown in page.content.decode()
    assert [r.kind for r in page.context["series"].rows][-2:] == ["group", "region"]
    other = client_for(world["other_member"]).get("/cijfers/bevolking/", {"groep": gents_group.slug})
    assert "Gent en verwanten samen" not in {row.name for row in other.context["series"].rows}
    assert "Gent en verwanten" not in other.content.decode()
    data = client_for(world["member"]).get(
        "/cijfers/bevolking/", {"groep": gents_group.slug, "formaat": "json"}
    )
    assert "Gent en verwanten samen" in data.content.decode()


def test_a_group_s_ratio_is_a_ratio_of_sums_in_the_compare_builder(world, client_for):
    count = IndicatorFactory(code="teller", name="Teller")
    base = IndicatorFactory(code="noemer", name="Noemer")
    IndicatorFactory(
        code="aandeel", name="Aandeel", aggregation="ratio", numerator=count, denominator=base,
        scale=Decimal(100), decimals=1,
    )  # fmt: skip
    observe(count, "2021", {"44021": 10, "31005": 300})
    observe(base, "2021", {"44021": 100, "31005": 1000})  # 10 % and 30 %: average 20 %, ratio of sums 28,2 %
    group = group_create(
        actor=world["editor"], name="Twee steden", description="", visibility="public",
        members=[area("44021", year=2021), _today("31005")],
    )  # fmt: skip
    page = client_for(None).get("/cijfers/vergelijken/", {"indicator": "aandeel", "groep": group.slug})
    [series] = [t["series"] for t in page.context["tables"]]
    row = next(r for r in series.rows if r.name == "Twee steden samen")
    assert round(row.cells[0].value, 3) == round(Decimal(310) / Decimal(1100) * 100, 3)
