"""The visibility matrix of a city's own datasets (issue 14, point 6; DESIGN.md §4): every viewer × every
surface of Stad in cijfers. Gent's own "Geheime fietstelling Gent" is `organisation`: Gent's member and
the centre's staff see it everywhere; an anonymous visitor and Antwerpen's member see it nowhere: not
its name, code or figures, in no page, data twin, map, chart, comparison, profile, search, open-data
catalogue or API answer (a 404 that does not reveal it exists).

A ratio that Antwerpen shares with the network but whose numerator is Gent's unshared count is seen by
whoever sees that count, no one else, and the common indicator's group figure never includes the
figures of an own indicator mapped to it.
"""

from __future__ import annotations

import json
import re

import pytest

from stadskennis.core.models import Theme
from stadskennis.core.reference import reference_load
from stadskennis.indicators.tests.factories import CENTRE_CITY_CODES as CITIES
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

pytestmark = pytest.mark.django_db

SECRET = "gent-fietstelling"
SECRET_NAME = "Geheime fietstelling Gent"
RATIO = "gedeeld-aandeel"
GHOST = "bestaat-niet"  # a code no indicator has
# Gent's own figure, however a surface writes it (as data, in Dutch notation, with a thin space), and
# the ratio computed from it for Gent (987,654 / 500 × 100).
MARKERS = ("987654", "987.654", "987 654", "987\u00a0654", "987\u202f654", "197530", "197.530")
SEES = {"anonymous": False, "other_member": False, "member": True, "editor": True}


@pytest.fixture
def world(cast, gent, antwerpen):
    reference_load()
    mobility = Theme.objects.create(slug="mobiliteit", name="Mobiliteit", kind="field")
    common = IndicatorFactory(code="fietsers", name="Fietsers geteld", themes=[mobility])
    observe(common, "2020", {code: 100 * (i + 1) for i, code in enumerate(CITIES)})
    secret = IndicatorFactory(
        code=SECRET, name=SECRET_NAME, themes=[mobility], owner=gent, visibility="organisation",
        common_definition=common, actor=cast["member"],
    )  # fmt: skip
    observe(secret, "2020", dict.fromkeys(CITIES, 987654))
    IndicatorFactory(
        code=RATIO, name="Gedeeld aandeel fietsers", aggregation="ratio", numerator=secret,
        denominator=common, scale=100, owner=antwerpen, visibility="network", themes=[mobility],
    )  # fmt: skip
    return cast


def _body(response) -> str:
    return response.content.decode()


def _masked(text: str) -> str:
    """`text` with the code asked for and the form's CSRF token (new each answer) masked."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return text.replace(SECRET, GHOST).replace(RATIO, GHOST)


def _leaks(text: str) -> list[str]:
    return [m for m in (SECRET, SECRET_NAME, *MARKERS) if m in text]


def _page(client, url, **params):
    return client.get(url, params)


# Each surface: (name, how to ask it). The check: a viewer who may see Gent's dataset gets it (status
# 200 and its name, code or figure in the answer); anyone else a 404 for its own addresses, or an answer
# without any trace of it for shared addresses.
OWN = [
    ("indicator page", f"/cijfers/{SECRET}/", {}),
    ("indicator csv", f"/cijfers/{SECRET}/", {"formaat": "csv"}),
    ("indicator json", f"/cijfers/{SECRET}/", {"formaat": "json"}),
    ("map table csv", f"/cijfers/{SECRET}/", {"formaat": "csv", "tabel": "gemeenten", "periode": "2020"}),
    ("map 2025 boundaries", f"/cijfers/{SECRET}/", {"grenzen": "2025"}),
    ("api detail", f"/api/indicators/{SECRET}", {}),
    ("api observations", f"/api/indicators/{SECRET}/observations", {"geo": "44021,group:centrumsteden"}),
    ("api jsonstat", f"/api/indicators/{SECRET}/jsonstat", {"geo": "44021"}),
    ("api sdmx", f"/api/indicators/{SECRET}/sdmx.csv", {"geo": "44021"}),
    ("ratio page", f"/cijfers/{RATIO}/", {}),
    ("ratio json", f"/cijfers/{RATIO}/", {"formaat": "json"}),
    ("ratio api", f"/api/indicators/{RATIO}", {}),
    ("ratio api observations", f"/api/indicators/{RATIO}/observations", {"geo": "44021"}),
]
SHARED = [
    ("catalogue", "/cijfers/", {}),
    ("catalogue json", "/cijfers/", {"formaat": "json"}),
    ("compare", "/cijfers/vergelijken/", {"indicator": [SECRET, RATIO, "fietsers"], "stad": "44021"}),
    ("compare csv", "/cijfers/vergelijken/", {"indicator": [SECRET, "fietsers"], "formaat": "csv"}),
    ("compare json", "/cijfers/vergelijken/", {"indicator": [SECRET, "fietsers"], "formaat": "json"}),
    ("city profile", "/cijfers/stad/gent/", {"thema": "mobiliteit"}),
    ("city profile json", "/cijfers/stad/gent/", {"thema": "mobiliteit", "formaat": "json"}),
    ("site search", "/zoeken/", {"q": "fietstelling"}),
    ("api search", "/api/search", {"q": "fietstelling"}),
    ("api list", "/api/indicators", {"limit": "100"}),
    ("api list of the theme", "/api/indicators", {"theme": "mobiliteit"}),
]


@pytest.mark.parametrize("viewer", list(SEES))
@pytest.mark.parametrize(("surface", "url", "params"), OWN, ids=[s[0] for s in OWN])
def test_an_own_dataset_s_own_addresses_open_only_for_who_may_see_it(
    world, client_for, viewer, surface, url, params
):
    response = client_for(world[viewer]).get(url, params)
    if SEES[viewer]:
        assert response.status_code == 200, surface
        assert _leaks(_body(response)), f"{surface}: {viewer} should see Gent's dataset"
    else:
        # the very answer an unknown code gets (which names the code asked for, and nothing else)
        unknown = client_for(world[viewer]).get(url.replace(SECRET, GHOST).replace(RATIO, GHOST), params)
        assert (response.status_code, unknown.status_code) == (404, 404), surface
        assert _masked(_body(response)) == _masked(_body(unknown)), surface
        assert _leaks(_masked(_body(response))) == [], surface


@pytest.mark.parametrize("viewer", list(SEES))
@pytest.mark.parametrize(("surface", "url", "params"), SHARED, ids=[s[0] for s in SHARED])
def test_a_shared_surface_shows_an_own_dataset_only_to_who_may_see_it(
    world, client_for, viewer, surface, url, params
):
    response = client_for(world[viewer]).get(url, params)
    assert response.status_code == 200, surface
    if SEES[viewer]:
        assert _leaks(_body(response)), f"{surface}: {viewer} should find Gent's dataset"
    else:
        # the very answer to the same question with codes that do not exist (a data link repeats the
        # codes asked for, and nothing else)
        ghostly = {k: [GHOST if v in (SECRET, RATIO) else v for v in ([v] if isinstance(v, str) else v)]
                   for k, v in params.items()}  # fmt: skip
        unknown = client_for(world[viewer]).get(url, ghostly)
        assert _masked(_body(response)) == _masked(_body(unknown)), surface
        assert _leaks(_masked(_body(response))) == [], surface


@pytest.mark.parametrize("viewer", list(SEES))
@pytest.mark.parametrize(
    ("surface", "params"),
    [("page", {}), ("csv", {"formaat": "csv"}), ("json", {"formaat": "json"}),
     ("map table", {"formaat": "csv", "tabel": "gemeenten", "periode": "2020"})],
)  # fmt: skip
def test_the_common_indicator_never_carries_an_own_figure_mapped_to_it(
    world, client_for, viewer, surface, params
):
    response = client_for(world[viewer]).get("/cijfers/fietsers/", params)
    assert response.status_code == 200
    text = _body(response)
    assert [m for m in MARKERS if m in text] == []
    # its page lists the own versions this viewer may see, and only those
    if surface == "page":
        assert (SECRET_NAME in text) is SEES[viewer]


@pytest.mark.parametrize("viewer", list(SEES))
def test_the_group_figure_of_the_common_indicator_is_its_own_sum_only(world, client_for, viewer):
    response = client_for(world[viewer]).get(
        "/api/indicators/fietsers/observations", {"geo": "group:centrumsteden", "period": "2020"}
    )
    [cell] = response.json()["items"]
    assert (cell["value"], cell["computed"], cell["missing"]) == (9100.0, True, [])


@pytest.mark.parametrize("viewer", list(SEES))
@pytest.mark.parametrize("path", ["/cijfers/dcat.jsonld", "/cijfers/dcat.ttl"])
def test_the_dcat_catalogue_lists_public_datasets_only_whoever_asks(world, client_for, viewer, path):
    text = _body(client_for(world[viewer]).get(path))
    assert "fietsers" in text
    assert _leaks(text) == [] and RATIO not in text


def test_the_search_document_carries_the_organisation_term_only(world, gent):
    from stadskennis.core.visibility import document_terms
    from stadskennis.indicators.models import Indicator
    from stadskennis.indicators.search_provider import IndicatorProvider

    document = IndicatorProvider().document(Indicator.objects.get(code=SECRET))
    terms = document_terms(
        visibility=document.visibility, owner_id=document.owner_id, created_by_id=document.created_by_id
    )
    assert terms == [f"organisation:{gent.pk}", "staff"]  # its organisation, and centre staff (decision 0019)


def test_the_openapi_schema_still_describes_every_figures_path(world, client):
    schema = json.loads(_body(client.get("/api/openapi.json")))
    assert schema["openapi"].startswith("3.")
    for path in ("/api/indicators", "/api/indicators/{code}", "/api/indicators/{code}/observations",
                 "/api/indicators/{code}/jsonstat", "/api/indicators/{code}/sdmx.csv"):  # fmt: skip
        assert "get" in schema["paths"][path], path
    fields = schema["components"]["schemas"]["IndicatorOut"]["properties"]
    assert {"owner", "visibility", "common_definition"} <= set(fields)


@pytest.mark.parametrize("viewer", list(SEES))
def test_a_member_s_own_comparison_group_is_not_a_geo_for_another(world, client_for, viewer, gent):
    from stadskennis.indicators.models import AreaGroup
    from stadskennis.indicators.tests.factories import area

    group = AreaGroup.objects.create(
        slug="gents-eigen-groep", name="Gents eigen groep", owner=gent, visibility="organisation"
    )
    group.members.add(area("44021"), area("11002"))
    response = client_for(world[viewer]).get(
        "/api/indicators/fietsers/observations", {"geo": "group:gents-eigen-groep"}
    )
    if SEES[viewer]:
        assert response.status_code == 200
        assert response.json()["items"][0]["value"] == 700.0  # Gent 500 + Antwerpen 200
    else:
        assert response.status_code == 422
        assert "gents-eigen-groep" in _body(response)  # only as the name they asked for
        assert _body(response).count("gents-eigen-groep") == 1


@pytest.mark.parametrize("viewer", list(SEES))
def test_a_shared_ratio_on_an_unshared_part_is_found_only_by_who_may_see_the_part(world, client_for, viewer):
    client = client_for(world.get(viewer))
    text = _body(client.get("/zoeken/", {"q": "gedeeld aandeel"}))
    assert ("Gedeeld aandeel fietsers" in text) is SEES[viewer]


def test_a_part_shared_later_widens_the_ratio_s_search_audience(world, client_for, gent):
    from stadskennis.indicators.models import Indicator
    from stadskennis.indicators.services import indicator_save

    indicator_save(code=SECRET, fields={"visibility": "network"}, actor=world["member"])
    text = _body(client_for(world["other_member"]).get("/zoeken/", {"q": "gedeeld aandeel"}))
    assert "Gedeeld aandeel fietsers" in text
    assert Indicator.objects.visible_to(world["other_member"]).filter(code=RATIO).exists()


def _gents_hidden_group(gent):
    from stadskennis.indicators.models import AreaGroup
    from stadskennis.indicators.tests.factories import area

    group = AreaGroup.objects.create(
        slug="gents-eigen-groep", name="Gents eigen groep", owner=gent, visibility="organisation"
    )
    group.members.add(area("44021"), area("11002"))
    return group


@pytest.mark.parametrize(
    ("url", "params"),
    [("/cijfers/fietsers/", {}), ("/cijfers/vergelijken/", {"indicator": "fietsers", "stad": "44021"})],
    ids=["indicator page", "compare builder"],
)
def test_another_organisation_s_group_in_groep_is_ignored_like_an_unknown_one(
    world, client_for, gent, url, params
):
    _gents_hidden_group(gent)
    other = client_for(world["other_member"])
    response = other.get(url, {**params, "groep": "gents-eigen-groep"})
    unknown = other.get(url, {**params, "groep": GHOST})
    assert (response.status_code, unknown.status_code) == (200, 200)
    text = _masked(_body(response)).replace("gents-eigen-groep", GHOST)
    assert "Gents eigen groep" not in text and text == _masked(_body(unknown))
    assert "Gents eigen groep" in _body(
        client_for(world["member"]).get(url, {**params, "groep": "gents-eigen-groep"})
    )


def test_the_similar_page_ignores_another_organisation_s_unshared_indicator(world, client_for):
    other = client_for(world["other_member"])
    params = {"gemeente": "44021", "indicator": ["fietsers", SECRET]}
    response = other.get("/cijfers/vergelijkbaar/", params)
    unknown = other.get("/cijfers/vergelijkbaar/", {**params, "indicator": ["fietsers", GHOST]})
    assert (response.status_code, unknown.status_code) == (200, 200)
    assert _leaks(_masked(_body(response))) == [] and _masked(_body(response)) == _masked(_body(unknown))


def test_a_member_guessing_another_member_s_upload_job_token_gets_a_404(world, client_for):
    from stadskennis.indicators.models import FiguresImportJob

    job = FiguresImportJob.objects.create(
        token="a" * 32, kind="preview", name="gent.csv", file_format="csv", started_by=world["member"]
    )
    assert client_for(world["member"]).get(f"/cijfers/importeren/{job.token}/").status_code == 200
    assert client_for(world["other_member"]).get(f"/cijfers/importeren/{job.token}/").status_code == 404
