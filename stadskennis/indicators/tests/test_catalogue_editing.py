"""Centre staff manage the catalogue in the interface (/cijfers/nieuw/, /cijfers/<code>/bewerken/):
only they may, the code never changes, a changed definition is recorded from the date they give and
shows on the indicator page, and a bad form is refused field by field in Dutch with nothing written."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.indicators.catalogue_import import indicators_import
from stadskennis.indicators.models import DefinitionVersion, Indicator
from stadskennis.indicators.services import indicator_save
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

FORM = {
    "name": "Leefloners per 100 inwoners",
    "description": "Leefloners op 100 inwoners van 18 tot 64 jaar.",
    "unit": "%",
    "source": "POD MI",
    "licence": "CC BY 4.0",
    "periodicity": "year",
    "direction": "lower",
    "decimals": "1",
    "aggregation": "ratio",
    "numerator": "leefloners",
    "denominator": "inwoners-18-64",
    "scale": "100",
}
SUM = {"periodicity": "year", "direction": "neutral", "decimals": "0", "aggregation": "sum"}


@pytest.fixture
def parts(db):
    IndicatorFactory(code="leefloners", name="Leefloners")
    IndicatorFactory(code="inwoners-18-64", name="Inwoners van 18 tot 64")


def audit_of(indicator: Indicator) -> list[tuple[str, dict]]:
    kind = ContentType.objects.get_for_model(Indicator)
    entries = AuditEntry.objects.filter(content_type=kind, object_id=str(indicator.pk)).order_by("id")
    return [(e.action, e.changes) for e in entries]


@pytest.mark.parametrize("address", ["/cijfers/nieuw/", "/cijfers/leefloners/bewerken/"])
@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("member", 403), ("other_member", 403), ("editor", 200), ("administrator", 200)],
)
def test_only_centre_staff_open_the_form(cast, client_for, parts, address, role, expected):
    client = client_for(cast[role])
    page = client.get(address)
    assert page.status_code == expected
    if role == "anonymous":
        assert page["Location"].startswith("/account/aanmelden/")
    posted = client.post(address, {**SUM, "code": "nieuw-via-post", "name": "Gewijzigd"})
    assert posted.status_code == (302 if expected == 200 else expected)
    if expected != 200:
        assert not Indicator.objects.filter(name="Gewijzigd").exists()


def test_the_links_are_shown_only_to_staff(cast, client_for, parts, geography):
    for role, shown in [("member", False), ("editor", True)]:
        client = client_for(cast[role])
        catalogue = client.get("/cijfers/").text
        assert ('href="/cijfers/nieuw/"' in catalogue) is shown
        assert ("Nieuwe indicator" in catalogue) is shown
        page = client.get("/cijfers/leefloners/").text
        assert ('href="/cijfers/leefloners/bewerken/"' in page) is shown


def test_an_editor_adds_a_ratio_with_themes_and_it_is_audited(cast, client_for, parts, geography):
    theme = ThemeFactory(slug="armoede", name="Armoede")
    client = client_for(cast["editor"])
    response = client.post(
        "/cijfers/nieuw/",
        {**FORM, "code": "aandeel-leefloners", "themes": [theme.pk], "valid_from": "2019-01-01"},
    )
    assert response.status_code == 302 and response["Location"] == "/cijfers/aandeel-leefloners/"
    indicator = Indicator.objects.get(code="aandeel-leefloners")
    assert (indicator.numerator.code, indicator.denominator.code, indicator.scale) == (
        "leefloners", "inwoners-18-64", Decimal(100),
    )  # fmt: skip
    assert (indicator.direction, indicator.decimals, list(indicator.themes.all())) == ("lower", 1, [theme])
    assert [(v.valid_from, v.description) for v in indicator.definitions.all()] == [
        (date(2019, 1, 1), FORM["description"])
    ]
    assert audit_of(indicator) == [("create", {})]
    assert indicator.created_by == cast["editor"]
    page = client.get(response["Location"])
    assert "De indicator aandeel-leefloners staat nu in de catalogus." in page.text


def test_a_rename_keeps_the_code_and_the_address(cast, client_for, parts, geography):
    indicator = IndicatorFactory(code="banen", name="Banen", description="Loontrekkende banen op 30 juni.")
    client = client_for(cast["editor"])
    form = client.get("/cijfers/banen/bewerken/")
    assert 'name="code"' not in form.text and "<code>banen</code>" in form.text
    response = client.post(
        "/cijfers/banen/bewerken/",
        {**SUM, "code": "jobs", "name": "Banen van loontrekkenden",
         "description": "Loontrekkende banen op 30 juni.\r\n"},
    )  # fmt: skip
    assert response["Location"] == "/cijfers/banen/"
    indicator.refresh_from_db()
    assert (indicator.code, indicator.name) == ("banen", "Banen van loontrekkenden")
    assert not Indicator.objects.filter(code="jobs").exists()
    assert indicator.definitions.count() == 1  # a new name is not a new definition
    assert audit_of(indicator)[-1] == ("update", {"fields": ["name"]})
    assert '<h1 class="figures-title">Banen van loontrekkenden</h1>' in client.get("/cijfers/banen/").text


def test_saving_the_form_unchanged_writes_nothing(cast, client_for, parts, geography):
    indicator = IndicatorFactory(code="banen", name="Banen", description="Eerste regel.\nTweede regel.")
    client = client_for(cast["editor"])
    before = AuditEntry.objects.count()
    response = client.post(
        "/cijfers/banen/bewerken/",
        {"name": "Banen", "description": "Eerste regel.\r\nTweede regel.", "periodicity": "year",
         "direction": "neutral", "decimals": "0", "aggregation": "sum", "scale": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert AuditEntry.objects.count() == before and indicator.definitions.count() == 1
    assert "Er is niets veranderd." in client.get(response["Location"]).text


def test_a_new_definition_is_recorded_from_its_date_and_the_page_shows_the_history(
    cast, client_for, geography
):
    indicator, _ = indicator_save(
        code="werkzoekenden", fields={"name": "Werkzoekenden", "aggregation": "sum",
                                      "description": "Niet-werkende werkzoekenden."},
        on=date(2015, 1, 1),
    )  # fmt: skip
    for year in ("2018", "2019", "2020", "2021"):
        observe(indicator, year, {"44021": 1000, "11002": 2000})
    client = client_for(cast["editor"])
    response = client.post(
        "/cijfers/werkzoekenden/bewerken/",
        {"name": "Werkzoekenden", "description": "Niet-werkende werkzoekenden, met vrij ingeschrevenen.",
         "valid_from": "2020-01-01", "periodicity": "year", "direction": "neutral", "decimals": "0",
         "aggregation": "sum"},
    )  # fmt: skip
    assert response.status_code == 302
    versions = DefinitionVersion.objects.filter(indicator=indicator)
    assert [(v.valid_from, v.recorded_by) for v in versions] == [
        (date(2015, 1, 1), None), (date(2020, 1, 1), cast["editor"]),
    ]  # fmt: skip
    assert audit_of(indicator)[-1] == ("update", {"fields": ["description"]})
    page = client.get(response["Location"]).text
    assert "de nieuwe definitie geldt vanaf 1 januari 2020" in page
    assert "Vanaf 1 januari 2015" in page and "Vanaf 1 januari 2020</strong> (huidige)" in page
    assert "Nieuwe definitie vanaf 1 januari 2020:" in page  # the series crossing it is marked
    # Anyone reads the history on the public page.
    assert "Vanaf 1 januari 2015" in client_for(None).get("/cijfers/werkzoekenden/").text


def test_a_definition_cannot_start_before_the_current_one(cast, client_for, parts):
    indicator, _ = indicator_save(
        code="werkzoekenden", fields={"name": "Werkzoekenden", "aggregation": "sum", "description": "Oud."},
        on=date(2022, 1, 1),
    )  # fmt: skip
    response = client_for(cast["editor"]).post(
        "/cijfers/werkzoekenden/bewerken/",
        {"name": "Werkzoekenden", "description": "Nieuw.", "valid_from": "2021-06-01", "periodicity": "year",
         "direction": "neutral", "decimals": "0", "aggregation": "sum"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Een nieuwe definitie kan niet vóór de huidige beginnen (vanaf 1 januari 2022)." in response.text
    indicator.refresh_from_db()
    assert indicator.description == "Oud." and indicator.definitions.count() == 1


def test_a_ratio_without_a_denominator_is_refused_in_dutch_and_nothing_is_written(cast, client_for, parts):
    before = (Indicator.objects.count(), AuditEntry.objects.count(), DefinitionVersion.objects.count())
    response = client_for(cast["editor"]).post(
        "/cijfers/nieuw/", {**FORM, "code": "aandeel-leefloners", "denominator": ""}
    )
    assert response.status_code == 200
    assert '<a href="#id_denominator">Noemer</a>: verplicht bij aggregatie ratio' in response.text
    assert (
        Indicator.objects.count(),
        AuditEntry.objects.count(),
        DefinitionVersion.objects.count(),
    ) == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"code": "Fout Code"},
            "code",
            "verplicht: kleine letters, cijfers, '-' of '_' (hoogstens 64 tekens)",
        ),
        ({"code": "leefloners"}, "code", "Er bestaat al een indicator met de code leefloners."),
        (
            {"numerator": "aandeel-leefloners"},
            "numerator",
            "een indicator kan niet zijn eigen teller of noemer zijn",
        ),
        ({"numerator": "bestaat-niet"}, "numerator", "onbekende indicator 'bestaat-niet'"),
        (
            {"numerator": "mediaan-inkomen"},
            "numerator",
            "'mediaan-inkomen' moet een indicator met aggregatie sum zijn",
        ),
        ({"scale": "1.000"}, "scale", "'1.000' is dubbelzinnig (duizendtal of decimaal?)"),
        ({"scale": "0"}, "scale", "de schaal moet groter dan 0 zijn (100 voor een percentage)"),
        (
            {"scale": "0,00001"},
            "scale",
            "de schaal moet kleiner dan 100.000.000 zijn, met hoogstens 4 decimalen",
        ),
        ({"aggregation": "sum"}, "numerator", "hoort enkel bij aggregatie ratio"),
        ({"aggregation": "sum"}, "scale", "hoort enkel bij aggregatie ratio"),
        ({"decimals": "7"}, "decimals", "hoogstens 6"),
        ({"name": "x" * 201}, "name", "hoogstens 200 tekens (deze heeft er 201)"),
        ({"valid_from": "morgen"}, "valid_from", "Voer een geldige datum in."),
    ],
)
def test_bad_input_is_named_at_its_field_in_dutch(cast, client_for, parts, changes, field, message):
    IndicatorFactory(code="mediaan-inkomen", name="Mediaan inkomen", aggregation="none")
    before = (Indicator.objects.count(), AuditEntry.objects.count())
    response = client_for(cast["editor"]).post(
        "/cijfers/nieuw/", {**FORM, "code": "aandeel-leefloners", **changes}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert (Indicator.objects.count(), AuditEntry.objects.count()) == before


def test_a_part_of_a_ratio_must_stay_a_sum(cast, client_for, parts):
    client = client_for(cast["editor"])
    assert client.post("/cijfers/nieuw/", {**FORM, "code": "aandeel-leefloners"}).status_code == 302
    response = client.post(
        "/cijfers/leefloners/bewerken/",
        {**SUM, "name": "Leefloners", "aggregation": "none"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["aggregation"] == [
        "aandeel-leefloners rekenen met deze indicator als teller of noemer: de aggregatie moet som blijven."
    ]
    assert Indicator.objects.get(code="leefloners").aggregation == "sum"


def test_editing_a_ratio_shows_its_parts_and_scale_and_keeps_them(cast, client_for, parts):
    client = client_for(cast["editor"])
    client.post("/cijfers/nieuw/", {**FORM, "code": "aandeel-leefloners", "scale": "1000"})
    form = client.get("/cijfers/aandeel-leefloners/bewerken/").context["form"]
    assert (form["numerator"].value(), form["denominator"].value(), form["scale"].value()) == (
        "leefloners", "inwoners-18-64", "1000",
    )  # fmt: skip
    choices = [code for code, _label in form.fields["numerator"].widget.choices]
    assert choices == ["", "inwoners-18-64", "leefloners"]  # sums only, never itself
    data = {name: form[name].value() for name in form.fields if name != "themes"}
    data["valid_from"] = ""
    before = AuditEntry.objects.count()
    assert client.post("/cijfers/aandeel-leefloners/bewerken/", data).status_code == 302
    assert AuditEntry.objects.count() == before
    assert Indicator.objects.get(code="aandeel-leefloners").scale == Decimal(1000)


def test_an_unknown_indicator_s_edit_page_is_not_found(cast, client_for, db):
    assert client_for(cast["editor"]).get("/cijfers/bestaat-niet/bewerken/").status_code == 404


def test_the_import_keeps_the_parts_of_a_stored_ratio_sums_as_the_form_does(cast, client_for, parts):
    client_for(cast["editor"]).post("/cijfers/nieuw/", {**FORM, "code": "aandeel-leefloners"})
    header = "code,name,aggregation\n"
    report = indicators_import(
        handle=io.BytesIO(f"{header}leefloners,Leefloners,none\n".encode()), json_lines=False
    )
    assert [str(e) for e in report.errors] == [
        "regel 2, kolom 'aggregation': aandeel-leefloners rekenen met deze indicator als teller of noemer: "
        "de aggregatie moet som blijven."
    ]
    assert Indicator.objects.get(code="leefloners").aggregation == "sum"
    # A file that redefines the ratio too is checked on the ratio's own line instead.
    both = f"{header}leefloners,Leefloners,none\naandeel-leefloners,Aandeel,none\n"
    assert indicators_import(handle=io.BytesIO(both.encode()), json_lines=False).errors == []
