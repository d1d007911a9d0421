"""The catalogue's shared rules (catalogue_rules.py) as the editors' form and `import-indicators` apply
them: no code that takes over an address under /cijfers/, no text longer than the model keeps, no ratio
seen more widely than its parts, and no save over someone else's in the meantime."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.http import HttpResponse
from django.urls import include, path, resolve

from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.indicators.catalogue_import import indicators_import
from stadskennis.indicators.catalogue_rules import audience_covers, code_problem
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.services import IndicatorChanged, indicator_save
from stadskennis.indicators.tests.factories import IndicatorFactory

SUM = {"name": "Nieuw", "periodicity": "year", "direction": "neutral", "decimals": "0", "aggregation": "sum"}
RATIO = {**SUM, "aggregation": "ratio", "numerator": "teller", "denominator": "noemer", "scale": "100"}
HEADER = "code,name,aggregation,numerator,denominator,unit,source,licence,description\n"
# The words of the routes under /cijfers/ today; the rule reads them from the URL configuration.
ROUTE_WORDS = ["nieuw", "dashboards", "rapporten", "vergelijken", "importeren", "groepen", "stad",
               "vergelijkbaar", "eigen-datasets"]  # fmt: skip


def _kaarten(request):
    return HttpResponse("kaarten")


# A URL configuration with one route more under /cijfers/ (see test_a_new_route_word_is_refused_...).
urlpatterns = [path("cijfers/kaarten/", _kaarten), path("", include("config.urls"))]


def run(text: str):
    return indicators_import(handle=io.BytesIO(text.encode()), json_lines=False)


def _routes(patterns, prefix=""):
    """Every route of the URL configuration as written (the test's own reading of it)."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


@pytest.mark.parametrize("word", ["nieuw", "dashboards", "vergelijken", "eigen-datasets", "stad"])
def test_a_code_that_is_a_word_of_an_address_is_refused_by_form_and_import(cast, client_for, word):
    response = client_for(cast["editor"]).post("/cijfers/nieuw/", {**SUM, "code": word})
    assert response.status_code == 200
    [message] = response.context["form"].errors["code"]
    assert message.startswith(f"'{word}' is een woord uit de webadressen onder /cijfers/; kies een andere")
    assert "nieuw, rapporten, stad" in message  # the words it may not be, listed
    report = run(f"{HEADER}{word},Nieuw,sum,,,,,,\n")
    assert [str(e) for e in report.errors] == [f"regel 2, kolom 'code': {message}"]
    assert not Indicator.objects.exists() and not AuditEntry.objects.exists()


def test_every_fixed_word_directly_under_cijfers_is_refused(db):
    from django.urls import get_resolver

    words = set()
    for route in _routes(get_resolver().url_patterns):
        if route.startswith("cijfers/") and route != "cijfers/":
            word = route.removeprefix("cijfers/").split("/")[0]
            if "<" not in word and "." not in word:
                words.add(word)
    assert words >= set(ROUTE_WORDS)
    assert [w for w in sorted(words) if code_problem(w) is None] == []
    # Each one did take over a page: the indicator's own or the word's.
    assert resolve("/cijfers/nieuw/").url_name == "create"
    assert resolve("/cijfers/stad/bewerken/").url_name == "city"
    assert code_problem("nieuwe-woningen") is None and code_problem("stadsbewoners") is None


def test_a_new_route_word_is_refused_without_editing_a_list(db, settings):
    assert code_problem("kaarten") is None
    settings.ROOT_URLCONF = __name__
    assert resolve("/cijfers/kaarten/").func is _kaarten
    assert code_problem("kaarten") is not None


@pytest.mark.parametrize(
    ("field", "limit"),
    [("unit", 60), ("source", 300), ("licence", 120), ("name", 200), ("description", 5000)],
)
def test_an_over_long_text_is_named_in_the_same_words_by_file_and_form(cast, client_for, field, limit):
    long = "x" * (limit + 1)
    row = {"code": "lang", "name": "Lang", "aggregation": "sum", "unit": "", "source": "", "licence": "",
           "description": "", field: long}  # fmt: skip
    line = ",".join(row.get(name, "") for name in HEADER.strip().split(","))
    report = run(f"{HEADER}{line}\n")
    expected = f"hoogstens {limit} tekens (deze heeft er {limit + 1})"
    assert [str(e) for e in report.errors] == [f"regel 2, kolom '{field}': {expected}"]
    assert not report.written and not Indicator.objects.exists()
    response = client_for(cast["editor"]).post("/cijfers/nieuw/", {**SUM, "code": "lang", field: long})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [expected]
    assert not Indicator.objects.exists() and not AuditEntry.objects.exists()


def test_a_text_at_its_limit_is_kept_whole(db):
    report = run(f"{HEADER}lang,{'n' * 200},sum,,,{'u' * 60},,,\n")
    assert report.written
    indicator = Indicator.objects.get(code="lang")
    assert (len(indicator.name), len(indicator.unit)) == (200, 60)


@pytest.fixture
def gent_parts(gent):
    IndicatorFactory(code="teller", name="Teller van Gent", owner=gent, visibility="organisation")
    IndicatorFactory(code="noemer", name="Noemer")


def test_the_form_offers_no_part_seen_by_fewer_than_the_ratio_and_refuses_one(cast, client_for, gent_parts):
    client = client_for(cast["editor"])
    choices = [
        code
        for code, _label in client.get("/cijfers/nieuw/").context["form"].fields["numerator"].widget.choices
    ]
    assert choices == ["", "noemer"]
    response = client.post("/cijfers/nieuw/", {**RATIO, "code": "aandeel"})
    assert response.status_code == 200
    assert response.context["form"].errors["numerator"] == [
        "'teller' is voor minder mensen zichtbaar (eigen organisatie) dan deze ratio, die dan voor de "
        "anderen verborgen zou blijven: kies een teller of noemer die minstens even ruim zichtbaar is"
    ]
    assert not Indicator.objects.filter(code="aandeel").exists()
    report = run(f"{HEADER}aandeel,Aandeel,ratio,teller,noemer,,,,\n")
    assert [str(e).split(":")[0] for e in report.errors] == ["regel 2, kolom 'numerator'"]
    assert not Indicator.objects.filter(code="aandeel").exists()


def test_a_member_shares_a_ratio_only_as_widely_as_its_parts(cast, client_for, gent_parts):
    member = client_for(cast["member"])
    form = {**RATIO, "code": "aandeel", "description": "", "common_definition": ""}
    public = member.post("/cijfers/eigen-datasets/nieuw/", {**form, "visibility": "public"})
    assert public.status_code == 200 and "numerator" in public.context["form"].errors
    unshared = member.post("/cijfers/eigen-datasets/nieuw/", {**form, "visibility": "organisation"})
    assert unshared.status_code == 302
    assert Indicator.objects.get(code="gent-aandeel").visibility == "organisation"


@pytest.mark.parametrize(
    ("part", "whole", "covers"),
    [
        (("public", 1, None), ("public", None, None), True),
        (("network", None, None), ("public", None, None), False),
        (("network", None, None), ("organisation", 1, None), True),
        (("organisation", 1, None), ("organisation", 1, None), True),
        (("organisation", 1, None), ("organisation", 2, None), False),
        (("organisation", 1, None), ("network", 1, None), False),
        (("draft", None, 7), ("draft", None, 7), True),
        (("draft", None, 7), ("organisation", 1, 7), False),
    ],
)
def test_who_sees_a_part_covers_who_sees_the_ratio(part, whole, covers):
    def audience(values):
        return SimpleNamespace(**dict(zip(("visibility", "owner_id", "created_by_id"), values, strict=True)))

    assert audience_covers(audience(part), audience(whole)) is covers


def test_a_save_over_someone_else_s_is_refused_and_shows_the_current_values(cast, client_for, db):
    indicator = IndicatorFactory(code="banen", name="Banen")
    first, second = client_for(cast["editor"]), client_for(cast["administrator"])
    opened = first.get("/cijfers/banen/bewerken/").context["form"]["updated_at"].value()
    assert 'name="updated_at"' in first.get("/cijfers/banen/bewerken/").text
    fresh = second.get("/cijfers/banen/bewerken/").context["form"]["updated_at"].value()
    assert (
        second.post("/cijfers/banen/bewerken/", {**SUM, "name": "Jobs", "updated_at": fresh}).status_code
        == 302
    )
    before = AuditEntry.objects.count()
    response = first.post("/cijfers/banen/bewerken/", {**SUM, "name": "Werk", "updated_at": opened})
    assert response.status_code == 200
    assert "Iemand anders heeft deze indicator bewaard nadat je het formulier opende" in response.text
    assert response.context["form"]["name"].value() == "Jobs"
    indicator.refresh_from_db()
    assert indicator.name == "Jobs" and AuditEntry.objects.count() == before
    # Saved again from the current values, it goes through.
    current = response.context["form"]["updated_at"].value()
    assert (
        first.post("/cijfers/banen/bewerken/", {**SUM, "name": "Werk", "updated_at": current}).status_code
        == 302
    )
    assert Indicator.objects.get(code="banen").name == "Werk"


def test_a_change_of_themes_alone_is_a_change_too(db):
    indicator = IndicatorFactory(code="banen", name="Banen")
    opened = indicator.updated_at
    indicator_save(code="banen", fields={}, themes=[ThemeFactory()])
    with pytest.raises(IndicatorChanged):
        indicator_save(code="banen", fields={"name": "Werk"}, unchanged_since=opened)
    assert Indicator.objects.get(code="banen").name == "Banen"


def test_an_own_dataset_s_stale_save_is_refused_once_and_can_then_be_saved_deliberately(
    cast, client_for, gent
):
    IndicatorFactory(code="gent-telling", name="Telling", owner=gent, visibility="organisation")
    member = client_for(cast["member"])
    address = "/cijfers/eigen-datasets/gent-telling/"
    opened = member.get(address).context["form"]["updated_at"].value()
    indicator_save(code="gent-telling", fields={"name": "Telling van de stad"})
    form = {**SUM, "name": "Fietstelling", "visibility": "organisation", "common_definition": ""}
    response = member.post(address, {**form, "updated_at": opened})
    assert response.status_code == 200
    assert "Iemand anders heeft deze indicator bewaard nadat je het formulier opende" in response.text
    assert Indicator.objects.get(code="gent-telling").name == "Telling van de stad"
    again = response.context["form"]["updated_at"].value()
    assert member.post(address, {**form, "updated_at": again}).status_code == 302
    assert Indicator.objects.get(code="gent-telling").name == "Fietstelling"


@pytest.mark.parametrize("stamp", ["gisteren", "2026-01-01T10:00:00"])
def test_a_damaged_form_is_refused_in_dutch(cast, client_for, stamp):
    IndicatorFactory(code="banen", name="Banen")
    response = client_for(cast["editor"]).post("/cijfers/banen/bewerken/", {**SUM, "updated_at": stamp})
    assert response.status_code == 200
    assert response.context["form"].errors["updated_at"] == [
        "Open het formulier opnieuw: het was beschadigd."
    ]
    assert Indicator.objects.get(code="banen").name == "Banen"
