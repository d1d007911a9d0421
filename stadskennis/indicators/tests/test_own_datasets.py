"""A city's own datasets (issue 14, point 6): a member adds an own indicator (its organisation's,
unshared), maps it to a common definition or sees "definition differs", uploads its figures and only
its figures, and shares it. The visibility of every surface: test_own_datasets_visibility.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stadskennis.core.models import AuditEntry
from stadskennis.indicators.models import Indicator, Observation
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

pytestmark = pytest.mark.django_db
UPLOAD = "/cijfers/importeren/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def common(cast, geography):  # cast first: the reference data then updates its organisations
    return IndicatorFactory(code="fietsers", name="Fietsers geteld")


def _new(client, **data):
    form = {"code": "telling", "name": "Fietstelling Gent", "description": "Tellussen aan de ring.",
            "periodicity": "year", "direction": "neutral", "decimals": "0", "aggregation": "sum",
            "visibility": "organisation", "common_definition": ""}  # fmt: skip
    return client.post("/cijfers/eigen-datasets/nieuw/", {**form, **data})


def test_a_member_adds_an_own_indicator_of_their_organisation_unshared_and_audited(
    cast, gent, common, client_for
):
    member = client_for(cast["member"])
    response = _new(member, common_definition="fietsers")
    indicator = Indicator.objects.get(code="gent-telling")  # the organisation's prefix, added
    assert response.status_code == 302 and response["Location"] == "/cijfers/gent-telling/"
    assert (indicator.owner, indicator.visibility, indicator.created_by) == (
        gent,
        "organisation",
        cast["member"],
    )
    assert indicator.common_definition == common and not indicator.is_demo
    assert AuditEntry.objects.filter(action="create", object_id=str(indicator.pk)).count() == 1
    page = member.get("/cijfers/gent-telling/").content.decode()
    assert "Eigen dataset van Gent" in page and "niet gedeeld" in page
    assert 'zelfde definitie als <a href="/cijfers/fietsers/">Fietsers geteld</a>' in page
    assert "Definitie wijkt af" not in page
    # the common indicator's page lists it for Gent, not for Antwerpen
    assert "Fietstelling Gent" in member.get("/cijfers/fietsers/").content.decode()
    assert (
        "Fietstelling Gent" not in client_for(cast["other_member"]).get("/cijfers/fietsers/").content.decode()
    )


def test_an_own_indicator_without_a_common_definition_is_marked_definition_differs(cast, common, client_for):
    member = client_for(cast["member"])
    _new(member)
    assert Indicator.objects.get(code="gent-telling").common_definition is None
    for url in ("/cijfers/", "/cijfers/gent-telling/", "/cijfers/eigen-datasets/"):
        assert "Definitie wijkt af" in member.get(url).content.decode(), url
    data = member.get("/cijfers/", {"formaat": "json"}).json()["indicators"]
    [own] = [i for i in data if i["code"] == "gent-telling"]
    assert (own["owner"], own["visibility"], own["common_definition"]) == ("gent", "organisation", None)
    assert member.get("/api/indicators/gent-telling").json()["common_definition"] is None


def test_sharing_opens_it_to_the_network_and_only_gent_may_change_it(cast, common, client_for):
    member, other = client_for(cast["member"]), client_for(cast["other_member"])
    _new(member)
    assert other.get("/cijfers/gent-telling/").status_code == 404
    assert other.get("/cijfers/eigen-datasets/gent-telling/").status_code == 404
    assert other.post("/cijfers/eigen-datasets/gent-telling/", {"name": "Overgenomen"}).status_code == 404
    assert client_for(None).get("/cijfers/eigen-datasets/").status_code == 302  # log in first
    response = member.post(
        "/cijfers/eigen-datasets/gent-telling/",
        {"name": "Fietstelling Gent", "description": "Tellussen aan de ring.", "periodicity": "year",
         "direction": "neutral", "decimals": "0", "aggregation": "sum", "visibility": "network",
         "common_definition": "fietsers"},
    )  # fmt: skip
    assert response.status_code == 302
    assert other.get("/cijfers/gent-telling/").status_code == 200
    assert client_for(None).get("/cijfers/gent-telling/").status_code == 404  # network: members only
    assert Indicator.objects.get(code="gent-telling").owner.slug == "gent"
    # a member cannot touch the common catalogue through the own-datasets form either
    assert member.get("/cijfers/eigen-datasets/fietsers/").status_code == 404


def test_a_member_cannot_build_on_another_city_s_unshared_indicator_nor_learn_its_code_exists(
    cast, antwerpen, common, client_for
):
    IndicatorFactory(code="antwerpen-geheim", owner=antwerpen, visibility="organisation")
    IndicatorFactory(code="gent-bezet", owner=antwerpen, visibility="organisation")
    member = client_for(cast["member"])
    response = _new(member, aggregation="ratio", numerator="antwerpen-geheim", denominator="fietsers")
    assert response.status_code == 200
    assert "onbekende indicator &#x27;antwerpen-geheim&#x27;" in response.content.decode()
    assert "Antwerpen" not in response.content.decode().split("<main", 1)[-1].split("</main>")[0]
    taken = _new(member, code="bezet").content.decode()
    assert "Deze code kan niet gebruikt worden; kies een andere." in taken and "bestaat al" not in taken
    assert not Indicator.objects.filter(owner__slug="gent").exists()


def _upload(client, text: str):
    file = SimpleUploadedFile("cijfers.csv", text.encode(), content_type="text/csv")
    return client.post(UPLOAD, {"file": file}).content.decode()


def test_a_member_uploads_figures_for_their_own_indicators_only(cast, antwerpen, common, client_for):
    member = client_for(cast["member"])
    _new(member)
    IndicatorFactory(code="antwerpen-geheim", owner=antwerpen, visibility="organisation")
    page = _upload(
        member,
        "indicator;geo;period;value\n"
        "gent-telling;44021;2020;1200\n"
        "fietsers;44021;2020;5\n"
        "antwerpen-geheim;11002;2020;7\n"
        "bestaat-niet;11002;2020;7\n",
    )
    assert "je mag geen cijfers opladen voor indicator &#x27;fietsers&#x27;" in page
    # another city's unshared code reads exactly as one that does not exist
    assert "onbekende indicator &#x27;antwerpen-geheim&#x27;" in page
    assert "onbekende indicator &#x27;bestaat-niet&#x27;" in page
    ours = Observation.objects.filter(indicator__code__in=["gent-telling", "fietsers", "antwerpen-geheim"])
    assert ours.count() == 0  # one wrong row: nothing written
    page = _upload(member, "indicator;geo;period;value\ngent-telling;44021;2020;1200\n")
    token = page.split('name="token" value="')[1].split('"')[0]
    member.post(UPLOAD, {"token": token})
    assert list(ours.values_list("indicator__code", "value")) == [("gent-telling", 1200)]
    assert client_for(None).get(UPLOAD).status_code == 302


def test_the_centre_still_uploads_any_indicator(cast, common, client_for):
    page = _upload(client_for(cast["editor"]), "indicator;geo;period;value\nfietsers;44021;2020;5\n")
    assert 'name="token"' in page and "onbekende" not in page


def test_an_own_confidential_figure_stays_withheld_and_withholds_its_group_figure(
    cast, gent, geography, client_for
):
    own = IndicatorFactory(code="gent-telling", owner=gent, visibility="organisation")
    observe(own, "2020", {"44021": 4321}, confidentiality="C")
    observe(own, "2020", {"11002": 100})
    member = client_for(cast["member"])
    cells = member.get(
        "/api/indicators/gent-telling/observations", {"geo": "44021,group:centrumsteden", "period": "2020"}
    ).json()["items"]
    assert [(c["geo"], c["value"]) for c in cells] == [("44021", None), ("group:centrumsteden", None)]
    assert (
        "vertrouwelijk" in cells[0]["note"]
        and "4321" not in member.get("/cijfers/gent-telling/").content.decode()
    )


def test_an_indicator_without_figures_says_so_and_leads_its_manager_to_the_upload(cast, gent, client_for):
    from stadskennis.core.reference import reference_load

    reference_load()
    from stadskennis.indicators.tests.factories import IndicatorFactory

    IndicatorFactory(
        code="gent-leeg", name="Nog leeg", owner=gent, visibility="network", actor=cast["member"]
    )
    member = client_for(cast["member"]).get("/cijfers/gent-leeg/").content.decode()
    assert "Er zijn nog geen cijfers voor deze indicator." in member
    assert 'href="/cijfers/importeren/"' in member and 'name="periode"' not in member
    other = client_for(cast["other_member"]).get("/cijfers/gent-leeg/").content.decode()
    assert "Er zijn nog geen cijfers" in other and 'href="/cijfers/importeren/"' not in other
