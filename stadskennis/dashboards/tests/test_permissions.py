"""Who sees and who composes a dashboard, as a matrix: anonymous, a member of the owner organisation,
a member of another, centre staff; and a tile whose indicator the viewer may not see is left out
everywhere (page, twins, compose page), title and all."""

from __future__ import annotations

import pytest

from stadskennis.core.models import Organisation
from stadskennis.core.visibility import Visibility, can_edit_owned
from stadskennis.dashboards.tests.factories import DashboardFactory, TileFactory

ROLES = ["anonymous", "member", "other_member", "editor"]


@pytest.fixture
def dashboards(figures):
    gent = Organisation.objects.get(slug="gent")
    centre = DashboardFactory(title="Centrum publiek", visibility=Visibility.PUBLIC)
    own = DashboardFactory(title="Gent eigen", owner=gent, visibility=Visibility.ORGANISATION)
    shared = DashboardFactory(title="Gent gedeeld", owner=gent, visibility=Visibility.NETWORK)
    for dashboard in (centre, own, shared):
        TileFactory(dashboard=dashboard, indicator=figures["share"])
    return {"centre": centre, "own": own, "shared": shared}


# (dashboard, role) -> (status of the page, status of the compose page)
EXPECTED = {
    ("centre", "anonymous"): (200, 302), ("centre", "member"): (200, 403),
    ("centre", "other_member"): (200, 403), ("centre", "editor"): (200, 200),
    ("own", "anonymous"): (404, 302), ("own", "member"): (200, 200),
    ("own", "other_member"): (404, 404), ("own", "editor"): (200, 200),
    ("shared", "anonymous"): (404, 302), ("shared", "member"): (200, 200),
    ("shared", "other_member"): (200, 403), ("shared", "editor"): (200, 200),
}  # fmt: skip


def test_who_sees_and_who_composes(client_for, cast, dashboards):
    found = {}
    for (name, role), _expected in EXPECTED.items():
        client, slug = client_for(cast[role]), dashboards[name].slug
        found[(name, role)] = (
            client.get(f"/cijfers/dashboards/{slug}/").status_code,
            client.get(f"/cijfers/dashboards/{slug}/samenstellen/").status_code,
        )
    assert found == EXPECTED


def test_only_those_who_compose_may_write(client_for, cast, dashboards):
    own, tile = dashboards["shared"], dashboards["shared"].tiles.get()
    base = f"/cijfers/dashboards/{own.slug}/samenstellen/"
    add = {"tegel-indicator": "aandeel-woningen", "tegel-kind": "map"}
    for role in ("anonymous", "other_member"):
        client = client_for(cast[role])
        assert client.post(base, add).status_code == (302 if role == "anonymous" else 403)  # 302: log in
        client.post(f"{base}tegels/{tile.pk}/verwijderen/")
        client.post(f"{base}gegevens/", {"title": "Overgenomen", "visibility": "public"})
    own.refresh_from_db()
    assert (own.title, own.tiles.count()) == ("Gent gedeeld", 1)
    assert client_for(cast["member"]).post(base, add).status_code == 302
    assert own.tiles.count() == 2
    assert client_for(None).get("/cijfers/dashboards/nieuw/").status_code == 302  # log in first


def test_the_list_shows_only_visible_dashboards(client_for, cast, dashboards):
    def titles(role):
        return sorted(
            d["title"]
            for d in client_for(cast[role]).get("/cijfers/dashboards/?formaat=json").json()["dashboards"]
        )

    assert titles("anonymous") == ["Centrum publiek"]
    assert titles("other_member") == ["Centrum publiek", "Gent gedeeld"]
    assert titles("member") == titles("editor") == ["Centrum publiek", "Gent eigen", "Gent gedeeld"]


def test_the_rule_is_one_function(cast, dashboards):
    assert [can_edit_owned(cast[r], dashboards["own"]) for r in ROLES] == [False, True, False, True]
    assert [can_edit_owned(cast[r], dashboards["centre"]) for r in ROLES] == [False, False, False, True]


def test_a_tile_of_an_indicator_the_viewer_may_not_see_is_left_out(client_for, cast, figures, dashboards):
    shared = dashboards["shared"]
    TileFactory(dashboard=shared, indicator=figures["secret"])  # Gent's own indicator, not shared
    url = f"/cijfers/dashboards/{shared.slug}/"
    colleague, other = client_for(cast["member"]), client_for(cast["other_member"])
    assert "Geheime telling van Gent" in colleague.get(url).content.decode()
    page = other.get(url).content.decode()
    assert "Aandeel woningen" in page and "Geheime telling" not in page and "gent-geheim" not in page
    assert "gent-geheim" not in other.get(url + "?formaat=json").content.decode()
    assert "gent-geheim" not in other.get(url + "?formaat=csv").content.decode()
    assert "gent-geheim" in colleague.get(url + "?formaat=csv").content.decode()
    editor_view = client_for(cast["editor"]).get(url + "samenstellen/").content.decode()
    assert "Geheime telling van Gent" in editor_view  # staff see every indicator


def test_a_confidential_figure_is_withheld_from_members_and_shown_to_staff(client_for, cast, figures):
    from stadskennis.indicators.tests.factories import observe

    observe(figures["count"], "2020", {"44021": 80}, confidentiality="C")  # Gent's count, confidential
    dashboard = DashboardFactory(title="Vertrouwelijk")
    TileFactory(dashboard=dashboard, indicator=figures["count"], kind="ranking")
    url = f"/cijfers/dashboards/{dashboard.slug}/?formaat=json"
    member = client_for(cast["member"]).get(url).json()["tiles"][0]["figures"]
    staff = client_for(cast["editor"]).get(url).json()["tiles"][0]["figures"]
    gent = [f for f in member if f["name"] == "Gent"][0]
    assert (gent["value"], gent["withheld"], gent["rank"]) == (None, True, None)  # not ranked either
    assert [f["value"] for f in staff if f["name"] == "Gent"] == [80]
