"""The dashboards' pages: the list per theme, a dashboard's tiles (a figure against the centre cities
and Flanders said in words, a chart, a ranking, a map), the city they are seen for, and the data twins
that carry every figure shown."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from stadskennis.core.models import Theme
from stadskennis.core.visibility import Visibility
from stadskennis.dashboards.tests.factories import DashboardFactory, TileFactory
from stadskennis.indicators.models import Area


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def tile(html: str, position: int) -> str:
    return re.findall(r'<article class="tile.*?</article>', html, flags=re.S)[position - 1]


def test_the_list_groups_dashboards_by_theme(client, figures):
    wonen, klimaat = Theme.objects.get(slug="wonen"), Theme.objects.get(slug="klimaat")
    DashboardFactory(title="Wonen in de steden", themes=[wonen])
    DashboardFactory(title="Wonen en klimaat", themes=[wonen, klimaat])
    DashboardFactory(title="Zonder thema")
    html = client.get("/cijfers/dashboards/").content.decode()
    sections = re.findall(r"<h2 id=\"thema-\d+\">(.*?)</h2>(.*?)</section>", html, flags=re.S)
    listed = {
        name: re.findall(r'<a href="/cijfers/dashboards/[^"]+/">(.*?)</a>', body) for name, body in sections
    }
    assert listed == {
        "Klimaat": ["Wonen en klimaat"],
        "Wonen": ["Wonen en klimaat", "Wonen in de steden"],
        "Overige thema&#x27;s": ["Zonder thema"],
    }
    assert [name for name, _body in sections][-1] == "Overige thema&#x27;s"  # always last
    data = client.get("/cijfers/dashboards/?formaat=json").json()
    assert sorted(d["title"] for d in data["dashboards"]) == [
        "Wonen en klimaat",
        "Wonen in de steden",
        "Zonder thema",
    ]


def test_a_figure_tile_compares_the_city_with_the_centre_cities_and_flanders_in_words(client, figures):
    dashboard = DashboardFactory(title="Wonen", area=Area.objects.get(code="44021", valid_from=None))
    TileFactory(dashboard=dashboard, indicator=figures["share"])
    html = client.get(f"/cijfers/dashboards/{dashboard.slug}/").content.decode()
    shown = text(tile(html, 1))
    assert "Aandeel woningen" in shown and "% · 2020" in shown
    assert "Gent 4,0" in shown
    assert "▼ Lager dan de centrumsteden samen, slechter" in shown  # in words, the symbol beside them
    assert "Centrumsteden samen 9,0" in shown
    assert f'href="/cijfers/{figures["share"].code}/"' in tile(html, 1)  # each tile leads to its indicator


def test_a_tile_can_show_an_earlier_period_and_another_city(client, figures):
    dashboard = DashboardFactory(title="Wonen")
    TileFactory(
        dashboard=dashboard,
        indicator=figures["share"],
        period="2019",
        area=Area.objects.get(code="11002", valid_from=None),
    )
    shown = text(tile(client.get(f"/cijfers/dashboards/{dashboard.slug}/").content.decode(), 1))
    assert "Antwerpen 1,0" in shown and "2019" in shown  # 2 × 5 / 1000 × 100


def test_without_a_city_of_its_own_the_dashboard_is_seen_for_the_chosen_or_the_viewers_city(
    client_for, cast, figures
):
    dashboard = DashboardFactory(title="Wonen")
    TileFactory(dashboard=dashboard, indicator=figures["share"])
    url = f"/cijfers/dashboards/{dashboard.slug}/"
    anonymous = text(tile(client_for(None).get(url).content.decode(), 1))
    assert "Centrumsteden samen 9,0" in anonymous and "Vlaams Gewest" in anonymous
    assert "Gent" not in anonymous
    chosen = text(tile(client_for(None).get(url + "?stad=brugge").content.decode(), 1))
    assert "Brugge 3,0" in chosen
    own = text(tile(client_for(cast["member"]).get(url).content.decode(), 1))  # Greet works for Gent
    assert "Gent 4,0" in own


def test_chart_ranking_and_map_tiles(client, figures):
    dashboard = DashboardFactory(title="Wonen", area=Area.objects.get(code="44021", valid_from=None))
    for kind in ("line", "ranking", "map"):
        TileFactory(dashboard=dashboard, indicator=figures["share"], kind=kind)
    html = client.get(f"/cijfers/dashboards/{dashboard.slug}/").content.decode()
    line, ranking, the_map = tile(html, 1), tile(html, 2), tile(html, 3)
    assert '<svg class="line-chart"' in line and "<summary>De cijfers als tabel</summary>" in line
    assert re.search(r'<tr class="is-focus">\s*<td>10</td>\s*<th scope="row">Gent', ranking)
    assert "lager dan de centrumsteden samen, slechter" in ranking
    assert the_map.count("<path d=") >= 300  # every municipality of Flanders and Brussels
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # three tiles, no id twice


def test_the_twins_carry_every_figure_shown(client, figures):
    dashboard = DashboardFactory(title="Wonen", area=Area.objects.get(code="44021", valid_from=None))
    TileFactory(dashboard=dashboard, indicator=figures["share"])
    TileFactory(dashboard=dashboard, indicator=figures["share"], kind="ranking")
    data = client.get(f"/cijfers/dashboards/{dashboard.slug}/?formaat=json").json()
    assert data["dashboard"]["municipality"] == {"geo": "44021", "name": "Gent"}
    figure, ranking = data["tiles"]
    assert [(f["name"], f["value"]) for f in figure["figures"]][:2] == [
        ("Gent", 4),
        ("Centrumsteden samen", 9),
    ]
    assert figure["figures"][0]["comparison"] == "lager dan de centrumsteden samen, slechter"
    assert len(ranking["figures"]) == 13 and ranking["figures"][0]["rank"] == 1
    response = client.get(f"/cijfers/dashboards/{dashboard.slug}/?formaat=csv")
    assert response["Content-Disposition"] == f'attachment; filename="dashboard-{dashboard.slug}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert len(rows) == 3 + 13
    assert (rows[0]["tegel"], rows[0]["naam"], rows[0]["waarde"]) == (
        "1",
        "Gent",
        "4",
    )
    assert rows[3]["tegelsoort"] == "ranking" and rows[3]["rang"] == "1"
    book = load_workbook(
        io.BytesIO(client.get(f"/cijfers/dashboards/{dashboard.slug}/?formaat=xlsx").content)
    )
    assert book.sheetnames == ["1 Aandeel woningen", "2 Aandeel woningen"]  # a sheet per tile
    sheet = list(book["1 Aandeel woningen"].values)
    assert sheet[0][:3] == ("tegel", "tegelsoort", "indicator") and sheet[1][4:8] == (
        "Gent",
        "gemeente",
        "2020",
        4,
    )


def test_an_empty_dashboard_and_an_unknown_one(client, figures):
    dashboard = DashboardFactory(title="Leeg", visibility=Visibility.PUBLIC)
    assert (
        "Dit dashboard heeft nog geen tegels."
        in client.get(f"/cijfers/dashboards/{dashboard.slug}/").content.decode()
    )
    assert client.get("/cijfers/dashboards/bestaat-niet/").status_code == 404


def test_the_queries_grow_with_the_indicators_not_with_the_tiles(client, figures, django_assert_num_queries):
    """Once the figures are kept (caching.py): the dashboard and its tiles, then per indicator its
    series' cache key (one query: caching.figures_version) and definitions, and the map's cache key."""
    dashboard = DashboardFactory(title="Wonen", area=Area.objects.get(code="44021", valid_from=None))
    for kind in ("figure", "line", "ranking"):
        TileFactory(dashboard=dashboard, indicator=figures["share"], kind=kind)
    for kind in ("figure", "map"):
        TileFactory(dashboard=dashboard, indicator=figures["count"], kind=kind)
    url = f"/cijfers/dashboards/{dashboard.slug}/"
    client.get(url)  # the figures computed once, and kept
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_hidden_tiles_leave_no_gap_in_numbers_or_ids(client_for, cast, figures):
    """Someone who may not see the middle tile's indicator gets tiles 1 and 2, everywhere."""
    dashboard = DashboardFactory(title="Gemengd", visibility=Visibility.NETWORK)
    TileFactory(dashboard=dashboard, indicator=figures["share"])
    TileFactory(dashboard=dashboard, indicator=figures["secret"])  # Gent's own, not shared
    TileFactory(dashboard=dashboard, indicator=figures["share"], kind="map")
    url = f"/cijfers/dashboards/{dashboard.slug}/"
    other = client_for(cast["other_member"])
    html = other.get(url).content.decode()
    assert re.findall(r'<article class="tile[^"]*" id="([^"]+)"', html) == ["tegel-1", "tegel-2"]
    assert [t["position"] for t in other.get(url + "?formaat=json").json()["tiles"]] == [1, 2]
    rows = list(
        csv.DictReader(io.StringIO(other.get(url + "?formaat=csv").content.decode().lstrip("\ufeff")))
    )
    assert sorted({r["tegel"] for r in rows}) == ["1", "2"]
    assert {r["soort"] for r in rows if r["tegel"] == "2"} == {"gemeente"}  # as the indicator's map twin
    book = load_workbook(io.BytesIO(other.get(url + "?formaat=xlsx").content))
    assert book.sheetnames == ["1 Aandeel woningen", "2 Aandeel woningen"]
    colleague = client_for(cast["member"]).get(url).content.decode()  # Gent sees all three
    assert re.findall(r'<article class="tile[^"]*" id="([^"]+)"', colleague) == [
        "tegel-1",
        "tegel-2",
        "tegel-3",
    ]


def test_a_period_without_figures_is_said_not_replaced_by_another(client, figures):
    dashboard = DashboardFactory(title="Wonen", area=Area.objects.get(code="44021", valid_from=None))
    TileFactory(dashboard=dashboard, indicator=figures["share"], period="2015")
    TileFactory(dashboard=dashboard, indicator=figures["share"], period="2015", kind="map")
    TileFactory(dashboard=dashboard, indicator=figures["share"], period="2019")
    html = client.get(f"/cijfers/dashboards/{dashboard.slug}/").content.decode()
    for position in (1, 2):
        shown = text(tile(html, position))
        assert "Geen cijfer voor 2015." in shown and "2020" not in shown and "Gent 4,0" not in shown
    assert "Gent 2,0" in text(tile(html, 3))  # a period with figures: that one
    data = client.get(f"/cijfers/dashboards/{dashboard.slug}/?formaat=json").json()
    assert [(t["period"], t["figures"]) for t in data["tiles"][:2]] == [("2015", []), ("2015", [])]
