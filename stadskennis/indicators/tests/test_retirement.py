"""Retiring an indicator: centre staff retire it on its edit page (and undo it), through the service
(audited, told to the search); its page, figures and data twins stay; the catalogue hides it unless
asked; the search still finds it and says so; an import refuses its rows; it is no longer offered for
new work, while an address, tile or choice that already names it keeps working."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from stadskennis.core.models import AuditEntry, OutboxEntry
from stadskennis.dashboards.tests.factories import DashboardFactory, TileFactory
from stadskennis.indicators.models import Indicator, Observation
from stadskennis.indicators.observation_import import observations_import
from stadskennis.indicators.search_provider import IndicatorProvider
from stadskennis.indicators.services import indicator_retirement_set
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

RETIRE = "/cijfers/fietsers/stopzetten/"
DAY = date(2024, 12, 31)
NOTE = "Vervangen door de fietstellingen van 2025."


@pytest.fixture
def cycling(geography):
    """Two yearly counts with figures of Gent and Antwerpen in 2020: `fietsers` (to be retired) and
    `voetgangers` (current)."""
    found = {}
    for code, name in (("fietsers", "Fietsers geteld"), ("voetgangers", "Voetgangers geteld")):
        found[code] = IndicatorFactory(code=code, name=name)
        observe(found[code], "2020", {"44021": 500, "11002": 200})
    return found


def retired(cycling) -> Indicator:
    indicator_retirement_set(indicator=cycling["fietsers"], retired_on=DAY, note=NOTE)
    return Indicator.objects.get(code="fietsers")


def audit_of(indicator: Indicator) -> list[dict]:
    kind = ContentType.objects.get_for_model(Indicator)
    entries = AuditEntry.objects.filter(content_type=kind, object_id=str(indicator.pk)).order_by("id")
    return [e.changes for e in entries if e.action == AuditEntry.Action.UPDATE]


def outbox_of(indicator: Indicator) -> int:
    return OutboxEntry.objects.filter(object_id=str(indicator.pk)).count()


# --- retiring and undoing, and who may -------------------------------------------------------------


def test_an_editor_retires_an_indicator_and_makes_it_current_again(cast, client_for, cycling):
    editor = client_for(cast["editor"])
    fietsers = cycling["fietsers"]
    outbox = outbox_of(fietsers)
    edit = editor.get("/cijfers/fietsers/bewerken/").text
    assert 'action="/cijfers/fietsers/stopzetten/"' in edit and "Stopzetten" in edit
    response = editor.post(
        RETIRE, {"stopzetten-retired_on": "2024-12-31", "stopzetten-retirement_note": NOTE}, follow=True
    )
    assert response.redirect_chain == [("/cijfers/fietsers/", 302)]
    assert "stopgezet op 31 december 2024" in response.text  # the flash message
    fietsers.refresh_from_db()
    assert (fietsers.retired_on, fietsers.retirement_note) == (DAY, NOTE)
    assert audit_of(fietsers)[-1] == {"fields": ["retired_on", "retirement_note"], "retired_on": "2024-12-31"}
    assert outbox_of(fietsers) > outbox  # the search is told
    assert "Opnieuw actueel maken" in editor.get("/cijfers/fietsers/bewerken/").text

    response = editor.post(RETIRE, {"ongedaan": "1"}, follow=True)
    assert "weer actueel" in response.text
    fietsers.refresh_from_db()
    assert (fietsers.retired_on, fietsers.retirement_note) == (None, "")
    assert audit_of(fietsers)[-1]["retired_on"] is None
    assert "Stopgezet op" not in client_for(None).get("/cijfers/fietsers/").text


def test_the_day_is_today_when_left_empty(cast, client_for, cycling):
    client_for(cast["editor"]).post(
        RETIRE, {"stopzetten-retired_on": "", "stopzetten-retirement_note": "Oud."}
    )
    assert Indicator.objects.get(code="fietsers").retired_on == timezone.localdate()


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        ({"stopzetten-retired_on": "2099-01-01", "stopzetten-retirement_note": "x"}, "Stopgezet op",
         "niet stopgezet worden op een dag in de toekomst"),
        ({"stopzetten-retired_on": "31/31/2024", "stopzetten-retirement_note": "x"}, "Stopgezet op",
         "geldige datum"),
        ({"stopzetten-retired_on": "2024-12-31", "stopzetten-retirement_note": " "}, "Waarom stopgezet",
         "verplicht"),
        ({"stopzetten-retired_on": "2024-12-31", "stopzetten-retirement_note": "x" * 501}, "Waarom stopgezet",
         "500"),
    ],
)  # fmt: skip
def test_bad_input_is_named_in_dutch_and_nothing_is_written(cast, client_for, cycling, data, field, problem):
    updated = Indicator.objects.get(code="fietsers").updated_at
    response = client_for(cast["editor"]).post(RETIRE, data)
    assert response.status_code == 400
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert f">{field}</a>:" in summary and problem in summary
    fietsers = Indicator.objects.get(code="fietsers")
    assert (fietsers.retired_on, fietsers.updated_at) == (None, updated)


def test_the_service_refuses_a_day_in_the_future(cycling):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        indicator_retirement_set(
            indicator=cycling["fietsers"], retired_on=timezone.localdate() + timedelta(days=1), note="x"
        )
    assert "retired_on" in refused.value.message_dict
    assert Indicator.objects.get(code="fietsers").retired_on is None


def test_retiring_twice_the_same_writes_nothing_the_second_time(cycling):
    fietsers = retired(cycling)
    lines = len(audit_of(fietsers))
    assert indicator_retirement_set(indicator=fietsers, retired_on=DAY, note=NOTE) is False
    assert len(audit_of(fietsers)) == lines


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("member", 403), ("other_member", 403), ("administrator", 302)]
)
def test_only_who_may_open_the_edit_page_may_retire(cast, client_for, cycling, role, expected):
    client = client_for(cast[role])
    edit = client.get("/cijfers/fietsers/bewerken/").status_code
    response = client.post(RETIRE, {"stopzetten-retired_on": "2024-12-31", "stopzetten-retirement_note": "x"})
    assert response.status_code == expected
    if role == "anonymous":
        assert edit == 302 and response["Location"].startswith("/account/aanmelden/")
    elif expected == 403:
        assert edit == 403
    retired_on = Indicator.objects.get(code="fietsers").retired_on
    assert (retired_on is not None) is (role == "administrator")


def test_a_get_changes_nothing_and_the_form_needs_csrf(cast, cycling):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["editor"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(RETIRE).status_code == 405
    refused = client.post(RETIRE, {"stopzetten-retired_on": "2024-12-31", "stopzetten-retirement_note": "x"})
    assert refused.status_code == 403
    assert Indicator.objects.get(code="fietsers").retired_on is None


# --- the page, its data, the API --------------------------------------------------------------------


def test_a_retired_indicator_s_page_and_data_stay_with_a_notice(client_for, cycling):
    retired(cycling)
    client = client_for(None)
    page = client.get("/cijfers/fietsers/")
    assert page.status_code == 200
    head = page.text.split('class="figures-title"')[1].split("<section")[0]
    assert "Stopgezet op 31 december 2024." in head and NOTE in head
    assert "geen nieuwe cijfers" in head
    assert "Gent" in page.text
    for query in ("formaat=csv", "formaat=json", "formaat=xlsx"):
        assert client.get(f"/cijfers/fietsers/?{query}").status_code == 200, query
    for path in (
        "/api/indicators/fietsers/jsonstat",
        "/api/indicators/fietsers/sdmx.csv",
        "/api/indicators/fietsers/observations",
    ):
        assert client.get(path).status_code == 200, path
    assert "Stopgezet op" not in client.get("/cijfers/voetgangers/").text


def test_the_api_carries_retired_on(client_for, cycling):
    retired(cycling)
    client = client_for(None)
    detail = client.get("/api/indicators/fietsers").json()
    assert (detail["retired_on"], detail["retirement_note"]) == ("2024-12-31", NOTE)
    listed = {i["code"]: i["retired_on"] for i in client.get("/api/indicators").json()["items"]}
    assert (listed["fietsers"], listed["voetgangers"]) == ("2024-12-31", None)
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["IndicatorOut"]["properties"]
    assert "retired_on" in schema and "retirement_note" in schema


# --- the catalogue and the search -------------------------------------------------------------------


def test_the_catalogue_hides_a_retired_indicator_unless_asked(client_for, cycling):
    retired(cycling)
    client = client_for(None)
    default = client.get("/cijfers/").text
    assert "Voetgangers geteld" in default and "Fietsers geteld" not in default
    assert "Toon ook stopgezette indicatoren" in default
    asked = client.get("/cijfers/", {"stopgezet": "ja"}).text
    row = asked.split("Fietsers geteld")[1].split("</th>")[0]
    assert "stopgezet op 31 december 2024" in row
    as_data = {i["code"]: i["retired_on"] for i in client.get("/cijfers/?formaat=json").json()["indicators"]}
    assert "fietsers" not in as_data and as_data["voetgangers"] is None
    as_data = {
        i["code"]: i["retired_on"]
        for i in client.get("/cijfers/?stopgezet=ja&formaat=json").json()["indicators"]
    }
    assert (as_data["fietsers"], as_data["voetgangers"]) == ("2024-12-31", None)


def test_the_search_still_finds_a_retired_indicator_and_says_so(client_for, cycling):
    fietsers = retired(cycling)
    document = IndicatorProvider().document(fietsers)
    assert "Stopgezet: op 31-12-2024, Vervangen door de fietstellingen van 2025." in document.text
    assert "Stopgezet" not in IndicatorProvider().document(cycling["voetgangers"]).text
    found = client_for(None).get("/zoeken/", {"q": "fietsers geteld"}).text
    assert "Fietsers geteld" in found
    assert "Fietsers geteld" in client_for(None).get("/zoeken/", {"q": "stopgezet fietstellingen"}).text


# --- the import ---------------------------------------------------------------------------------------


def test_an_import_refuses_every_row_of_a_retired_indicator_and_writes_nothing(cycling):
    retired(cycling)
    before = Observation.objects.count()
    text = (
        "indicator,geo,period,value\n"
        "voetgangers,44021,2021,510\nfietsers,44021,2021,600\nfietsers,11002,2021,210\n"
    )
    report = observations_import(handle=io.BytesIO(text.encode()))
    assert not report.written
    assert [str(e) for e in report.errors] == [
        f"regel {line}, kolom 'indicator': indicator 'fietsers' is stopgezet op 31-12-2024: er komen geen "
        "nieuwe cijfers meer bij"
        for line in (3, 4)
    ]
    assert Observation.objects.count() == before  # also the current indicator's row: all or nothing


def test_after_undoing_the_same_import_is_written(cycling):
    fietsers = retired(cycling)
    indicator_retirement_set(indicator=fietsers, retired_on=None)
    report = observations_import(handle=io.BytesIO(b"indicator,geo,period,value\nfietsers,44021,2021,600\n"))
    assert report.errors == [] and report.written


# --- not offered for new work, while what names it keeps working -----------------------------------------


def test_the_compare_builder_offers_it_only_where_the_address_names_it(client_for, cycling):
    retired(cycling)
    client = client_for(None)
    choice = 'name="indicator" value="fietsers"'
    assert choice not in client.get("/cijfers/vergelijken/").text
    named = client.get("/cijfers/vergelijken/", {"indicator": "fietsers", "stad": "44021"})
    assert named.status_code == 200 and choice in named.text
    assert "500" in named.text  # Gent's figure of 2020


def test_similar_municipalities_offers_it_only_where_the_address_names_it(client_for, cycling):
    retired(cycling)
    client = client_for(None)
    choice = 'name="indicator" value="fietsers"'
    page = client.get("/cijfers/vergelijkbaar/").text
    assert choice not in page and 'name="indicator" value="voetgangers"' in page
    named = client.get("/cijfers/vergelijkbaar/", {"gemeente": "44021", "indicator": "fietsers"})
    assert named.status_code == 200 and choice in named.text


def test_a_dashboard_tile_takes_no_retired_indicator_while_an_existing_tile_keeps_showing(
    cast, client_for, cycling
):
    dashboard = DashboardFactory(title="Mobiliteit")
    TileFactory(dashboard=dashboard, indicator=cycling["fietsers"])
    retired(cycling)
    editor = client_for(cast["editor"])
    compose = f"/cijfers/dashboards/{dashboard.slug}/samenstellen/"
    page = editor.get(compose).text
    assert 'value="fietsers"' not in page and 'value="voetgangers"' in page
    refused = editor.post(compose, {"tegel-indicator": "fietsers", "tegel-kind": "figure"})
    assert refused.status_code == 400 and dashboard.tiles.count() == 1
    shown = client_for(None).get(f"/cijfers/dashboards/{dashboard.slug}/")
    assert shown.status_code == 200 and "Fietsers geteld" in shown.text


def test_an_embed_that_names_a_retired_indicator_keeps_showing_its_figure(client_for, cycling):
    from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

    item = KnowledgeItemFactory(
        body="Gent telde [[cijfer fietsers 44021 2020]] fietsers.", visibility="public"
    )
    retired(cycling)
    page = client_for(None).get(item.get_absolute_url()).text
    assert '<strong>500</strong></a> <span class="embed-meta">(Gent, 2020)' in page
