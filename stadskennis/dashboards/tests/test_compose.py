"""Composing a dashboard without JavaScript: plain forms that post and redirect. Adding a tile, moving
it up and down, removing it, changing the details; each write audited; bad input answered in Dutch
naming the field, with nothing written."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from stadskennis.core.models import AuditEntry
from stadskennis.core.visibility import Visibility
from stadskennis.dashboards.models import MAX_TILES, Dashboard, Tile
from stadskennis.dashboards.tests.factories import DashboardFactory, TileFactory


def audit(dashboard):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Dashboard), object_id=str(dashboard.pk)
    ).order_by("id")


def order(dashboard) -> list[tuple[int, str]]:
    return list(dashboard.tiles.order_by("position").values_list("position", "kind"))


def test_an_editor_adds_moves_and_removes_tiles(client_for, cast, figures):
    editor = client_for(cast["editor"])
    dashboard = DashboardFactory(title="Wonen")
    compose = f"/cijfers/dashboards/{dashboard.slug}/samenstellen/"
    for kind in ("figure", "line", "map"):
        response = editor.post(compose, {"tegel-indicator": "aandeel-woningen", "tegel-kind": kind})
        assert response.status_code == 302 and response["Location"] == compose + "#tegels"
    assert order(dashboard) == [(1, "figure"), (2, "line"), (3, "map")]
    line, the_map = (dashboard.tiles.get(kind=k) for k in ("line", "map"))
    response = editor.post(f"{compose}tegels/{the_map.pk}/verplaatsen/", {"richting": "op"})
    assert response.status_code == 302
    assert order(dashboard) == [(1, "figure"), (2, "map"), (3, "line")]
    editor.post(f"{compose}tegels/{line.pk}/verplaatsen/", {"richting": "neer"})  # already last
    assert order(dashboard) == [(1, "figure"), (2, "map"), (3, "line")]
    editor.post(f"{compose}tegels/{the_map.pk}/verwijderen/")
    assert order(dashboard) == [(1, "figure"), (2, "line")]  # numbered again without a gap
    page = editor.get(compose).content.decode()
    assert "1. <strong>Aandeel woningen</strong>" in page and "Omhoog" in page and "Verwijderen" in page
    changes = [e.changes for e in audit(dashboard)]
    assert [next(iter(c), None) for c in changes] == [
        None, "tile_added", "tile_added", "tile_added", "tile_moved", "tile_removed",
    ]  # fmt: skip


def test_a_get_or_a_moved_tile_changes_nothing_through_a_link(client_for, cast, figures):
    dashboard = DashboardFactory(title="Wonen")
    tile = TileFactory(dashboard=dashboard, indicator=figures["share"])
    editor = client_for(cast["editor"])
    assert (
        editor.get(
            f"/cijfers/dashboards/{dashboard.slug}/samenstellen/tegels/{tile.pk}/verwijderen/"
        ).status_code
        == 405
    )
    assert Tile.objects.filter(pk=tile.pk).exists()


def test_bad_input_is_named_in_dutch_and_nothing_is_written(client_for, cast, figures):
    dashboard = DashboardFactory(title="Wonen")
    editor = client_for(cast["editor"])
    compose = f"/cijfers/dashboards/{dashboard.slug}/samenstellen/"
    share = {"tegel-indicator": "aandeel-woningen", "tegel-kind": "figure"}
    cases = [
        ({**share, "tegel-indicator": "bestaat-niet"}, "indicator", "Selecteer een geldige keuze."),
        ({**share, "tegel-kind": "taart"}, "kind", "Selecteer een geldige keuze."),
        ({**share, "tegel-period": "2020-Q1"}, "period", "schrijf bv. 2020"),  # a quarter of a yearly one
        ({**share, "tegel-area": "Atlantis"}, "area", "Geen gemeente heeft deze NIS-code of naam."),
        ({**share, "tegel-period": "2" * 400}, "period", "niet meer dan 16 tekens"),
    ]
    for data, field, message in cases:
        response = editor.post(compose, data)
        assert response.status_code == 400, data
        summary = response.content.decode().split('class="error-summary"')[1].split("</ul>")[0]
        assert f'href="#id_tegel-{field}"' in summary and message in summary, (data, summary)
    assert dashboard.tiles.count() == 0


def test_a_dashboard_holds_at_most_max_tiles(client_for, cast, figures):
    dashboard = DashboardFactory(title="Vol")
    for _n in range(MAX_TILES):
        TileFactory(dashboard=dashboard, indicator=figures["share"])
    response = client_for(cast["editor"]).post(
        f"/cijfers/dashboards/{dashboard.slug}/samenstellen/",
        {"tegel-indicator": "aandeel-woningen", "tegel-kind": "map"},
    )
    assert response.status_code == 400
    assert "Een dashboard heeft ten hoogste 24 tegels: verwijder er eerst een." in response.content.decode()
    assert dashboard.tiles.count() == MAX_TILES


def test_a_member_makes_their_own_citys_dashboard(client_for, cast, figures):
    member = client_for(cast["member"])
    response = member.post(
        "/cijfers/dashboards/nieuw/",
        {"title": "Gent wonen", "description": "Ons dashboard", "area": "gent", "visibility": "organisation"},
    )
    dashboard = Dashboard.objects.get(title="Gent wonen")
    assert response["Location"] == f"/cijfers/dashboards/{dashboard.slug}/samenstellen/"
    assert (dashboard.owner.slug, dashboard.area.code, dashboard.visibility) == (
        "gent",
        "44021",
        "organisation",
    )
    assert audit(dashboard).filter(action="create").count() == 1
    refused = member.post("/cijfers/dashboards/nieuw/", {"title": "Iedereen", "visibility": "draft"})
    assert (
        refused.status_code == 200 and not Dashboard.objects.filter(title="Iedereen").exists()
    )  # not a member's choice
    shared = member.post(
        f"/cijfers/dashboards/{dashboard.slug}/samenstellen/gegevens/",
        {"title": "Gent wonen", "area": "44021", "visibility": "network"},
    )
    assert shared.status_code == 302
    dashboard.refresh_from_db()
    assert dashboard.visibility == Visibility.NETWORK
    assert audit(dashboard).get(action="update").changes == {"fields": ["description", "visibility"]}


def test_the_address_nieuw_is_never_a_dashboards_slug(figures):
    assert DashboardFactory(title="Nieuw").slug == "nieuw-2"
