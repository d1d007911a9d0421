"""What the compose page offers and refuses: the visibilities of an organisation's dashboard when centre
staff edit it, periods in plain digits, the indicators grouped by theme; deleting a dashboard after
confirming it; and two dashboards made at once with one title."""

from __future__ import annotations

import re

import pytest

from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.visibility import Visibility, owned_visibilities_for
from stadskennis.dashboards import services
from stadskennis.dashboards.models import Dashboard, Tile
from stadskennis.dashboards.tests.factories import DashboardFactory, TileFactory


def checked_visibility(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="visibility" value="([^"]+)"[^>]*checked', html)


def test_staff_keep_a_members_dashboard_for_its_organisation(client_for, cast, figures):
    own = DashboardFactory(
        title="Gent eigen", owner=Organisation.objects.get(slug="gent"), visibility=Visibility.ORGANISATION
    )
    editor = client_for(cast["editor"])
    compose = f"/cijfers/dashboards/{own.slug}/samenstellen/"
    html = editor.get(compose).content.decode()
    assert checked_visibility(html) == ["organisation"]  # what it is now is chosen
    assert 'value="draft"' not in html  # a draft would be its author's only, not the colleagues'
    response = editor.post(
        compose + "gegevens/", {"title": "Gent eigen, herwerkt", "visibility": "organisation"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.title, own.visibility) == ("Gent eigen, herwerkt", "organisation")
    assert editor.post(compose + "gegevens/", {"title": "x", "visibility": "draft"}).status_code == 400


def test_the_current_visibility_is_always_on_offer(cast, figures):
    centre = DashboardFactory(title="Centrum", visibility=Visibility.DRAFT)
    assert owned_visibilities_for(cast["editor"], centre) == ["public", "network", "draft"]
    gent = Organisation.objects.get(slug="gent")
    legacy = DashboardFactory(
        title="Oud concept", owner=gent, visibility=Visibility.DRAFT, actor=cast["member"]
    )
    assert owned_visibilities_for(cast["member"], legacy) == ["organisation", "network", "public", "draft"]
    assert owned_visibilities_for(cast["member"]) == ["organisation", "network", "public"]


@pytest.mark.parametrize("period", ["９９９９", "２０２０", "2020\u0663"])
def test_a_period_takes_plain_digits_only(client_for, cast, figures, period):
    dashboard = DashboardFactory(title="Wonen")
    response = client_for(cast["editor"]).post(
        f"/cijfers/dashboards/{dashboard.slug}/samenstellen/",
        {"tegel-indicator": "aandeel-woningen", "tegel-kind": "figure", "tegel-period": period},
    )
    assert response.status_code == 400
    summary = response.content.decode().split('class="error-summary"')[1].split("</ul>")[0]
    assert 'href="#id_tegel-period"' in summary and "Schrijf de periode in gewone cijfers" in summary
    assert dashboard.tiles.count() == 0


def test_the_indicators_to_choose_from_are_grouped_by_theme(client_for, cast, figures):
    dashboard = DashboardFactory(title="Wonen")
    html = client_for(cast["member"]).get(f"/cijfers/dashboards/{dashboard.slug}/samenstellen/")
    assert html.status_code == 403  # Greet may not compose the centre's dashboard
    page = (
        client_for(cast["editor"]).get(f"/cijfers/dashboards/{dashboard.slug}/samenstellen/").content.decode()
    )
    select = page.split('id="id_tegel-indicator"')[1].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, flags=re.S)
    found = {label: re.findall(r'<option value="([^"]+)"', body) for label, body in groups}
    assert found == {
        "Demografie en capaciteit": ["bevolking"],  # the reference data's indicator
        "Wonen": ["aandeel-woningen", "gent-geheim", "woningen"],
        "Overige thema&#x27;s": ["huishoudens"],
    }
    assert list(found) == ["Demografie en capaciteit", "Wonen", "Overige thema&#x27;s"]  # the others last


def test_who_composes_deletes_after_confirming(client_for, cast, figures):
    gent = Organisation.objects.get(slug="gent")
    own = DashboardFactory(title="Gent eigen", owner=gent, visibility=Visibility.NETWORK)
    TileFactory(dashboard=own, indicator=figures["share"])
    url = f"/cijfers/dashboards/{own.slug}/verwijderen/"
    other = client_for(cast["other_member"])
    assert other.get(url).status_code == 403 and other.post(url).status_code == 403
    assert client_for(None).post(url).status_code == 302  # log in first
    member = client_for(cast["member"])
    confirm = member.get(url)
    assert confirm.status_code == 200 and "Het dashboard verwijderen" in confirm.content.decode()
    assert Dashboard.objects.filter(pk=own.pk).exists()  # a GET deletes nothing
    assert f'href="{url}"' in member.get(f"/cijfers/dashboards/{own.slug}/samenstellen/").content.decode()
    response = member.post(url)
    assert response.status_code == 302 and response["Location"] == "/cijfers/dashboards/"
    assert (
        not Dashboard.objects.filter(pk=own.pk).exists()
        and not Tile.objects.filter(dashboard_id=own.pk).exists()
    )
    entry = AuditEntry.objects.filter(action="delete", object_id=str(own.pk)).get()
    assert (entry.actor, entry.object_repr, entry.changes) == (
        cast["member"],
        "Gent eigen",
        {"slug": own.slug, "tiles": 1},
    )
    assert "is verwijderd" in member.get("/cijfers/dashboards/").content.decode()


def test_two_dashboards_made_at_once_with_one_title_both_get_an_address(cast, figures, monkeypatch):
    first = DashboardFactory(title="Wonen")
    real, calls = services._free_slug, []

    def raced(title):  # the other request took "wonen" between the check and the insert
        calls.append(title)
        return "wonen" if len(calls) == 1 else real(title)

    monkeypatch.setattr(services, "_free_slug", raced)
    second = services.dashboard_create(actor=cast["editor"], title="Wonen", visibility=Visibility.PUBLIC)
    assert (first.slug, second.slug, len(calls)) == ("wonen", "wonen-2", 2)
    monkeypatch.setattr(services, "_free_slug", lambda title: "wonen")  # taken however often it is asked
    third = services.dashboard_create(actor=cast["editor"], title="Wonen", visibility=Visibility.PUBLIC)
    assert re.fullmatch(r"wonen-[0-9a-f]{6}", third.slug)
