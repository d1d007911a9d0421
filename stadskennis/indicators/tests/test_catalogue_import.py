"""`stadskennis import-indicators`: CSV or JSON Lines, all or nothing, Dutch messages with line and field."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.indicators.catalogue_import import indicators_import
from stadskennis.indicators.models import DefinitionVersion, Indicator

HEADER = "code,name,unit,aggregation,numerator,denominator,scale,direction,decimals,periodicity,themes,source,licence,description\n"  # noqa: E501
GOOD = (
    HEADER
    + "leefloners,Leefloners,personen,sum,,,,neutral,0,year,wonen,POD MI,CC BY 4.0,Aantal leefloners\n"
    + "inwoners-18-64,Inwoners 18-64,personen,sum,,,,neutral,0,year,,Statbel,CC BY 4.0,\n"
    + "aandeel-leefloners,Aandeel leefloners,%,ratio,leefloners,inwoners-18-64,100,lower,1,year,wonen|europa,"
    + 'POD MI,CC BY 4.0,"Leefloners op 100 inwoners van 18 tot 64, per 1 januari"\n'
)


def run(text: str, *, json_lines=False, encoding="utf-8"):
    return indicators_import(handle=io.BytesIO(text.encode(encoding)), json_lines=json_lines)


@pytest.fixture
def themes(db):
    ThemeFactory(slug="wonen", name="Wonen")
    ThemeFactory(slug="europa", name="Europa")


def test_a_catalogue_is_read_with_ratios_and_a_second_import_changes_nothing(themes):
    report = run(GOOD)
    assert (report.written, report.created, report.errors) == (True, 3, [])
    share = Indicator.objects.get(code="aandeel-leefloners")
    assert (share.numerator.code, share.denominator.code, share.scale, share.decimals) == (
        "leefloners", "inwoners-18-64", Decimal(100), 1,
    )  # fmt: skip
    assert sorted(share.themes.values_list("slug", flat=True)) == ["europa", "wonen"]
    assert share.definitions.get().description == "Leefloners op 100 inwoners van 18 tot 64, per 1 januari"
    audit = AuditEntry.objects.count()
    again = run(GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert AuditEntry.objects.count() == audit


def test_a_changed_definition_is_recorded_with_its_date(themes, monkeypatch):
    run(GOOD)
    today = timezone.localdate()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2030, 3, 1))
    report = run(GOOD.replace("per 1 januari", "per 31 december"))
    assert report.updated == 1
    versions = DefinitionVersion.objects.filter(indicator__code="aandeel-leefloners")
    assert [(v.valid_from, v.description[-11:]) for v in versions] == [
        (today, "r 1 januari"), (date(2030, 3, 1), "31 december"),
    ]  # fmt: skip


def test_every_bad_line_is_named_with_its_field_and_nothing_is_written(themes):
    text = (
        HEADER
        + "teller,Teller,,sum,,,,neutral,0,year,,,,\n"
        + "gemiddelde,Gemiddelde,,avg,,,,neutral,0,year,,,,\n"
        + "zonder-noemer,Zonder noemer,%,ratio,teller,,100,lower,1,year,,,,\n"
        + "onbekend-thema,Onbekend thema,,sum,,,,neutral,0,year,sport,,,\n"
        + "te-precies,Te precies,,sum,,,,neutral,7,year,,,,\n"
        + "Fout Code,Fout,,sum,,,,neutral,0,year,,,,\n"
        + "teller,Tweemaal,,sum,,,,hoger,0,year,,,,\n"
        + "mediaan,Mediaan,euro,none,teller,,,neutral,0,decennium,,,,\n"
    )
    report = run(text)
    assert [str(e) for e in report.errors] == [
        "regel 3, kolom 'aggregation': onbekende aggregatie 'avg': kies sum, ratio, none",
        "regel 4, kolom 'denominator': verplicht bij aggregatie ratio",
        "regel 5, kolom 'themes': onbekend thema 'sport'",
        "regel 6, kolom 'decimals': '7' is geen geheel getal van 0 tot 6",
        "regel 7, kolom 'code': verplicht: kleine letters, cijfers, '-' of '_' (hoogstens 64 tekens)",
        "regel 8, kolom 'code': code 'teller' staat al op regel 2",
        "regel 8, kolom 'direction': onbekende richting 'hoger': kies higher, lower, neutral",
        "regel 9, kolom 'periodicity': onbekende periodiciteit 'decennium': kies year, quarter, month, date",
        "regel 9, kolom 'numerator': hoort enkel bij aggregatie ratio",
    ]
    assert Indicator.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_excel_files_with_a_sep_line_and_semicolons_are_read(themes):
    text = "sep=;\n" + GOOD.replace(",", ";").replace(
        '"Leefloners op 100 inwoners van 18 tot 64; per', '"x; per'
    )
    report = run(text)
    assert (report.written, report.created) == (True, 3)


def test_a_windows_1252_file_is_refused_at_its_line_and_column(themes):
    text = HEADER + "bevolking,Bevölkerung,inwoners,sum,,,,neutral,0,year,,Statbel,,\n"
    report = run(text, encoding="cp1252")
    assert [str(e) for e in report.errors] == [
        "regel 2, kolom 'name': de tekst is geen UTF-8 (Excel bewaart CSV vaak als Windows-1252): "
        "bewaar het bestand als 'CSV UTF-8' en importeer opnieuw"
    ]
    assert Indicator.objects.count() == 0


def test_json_lines_and_the_command(themes, tmp_path):
    lines = [
        {"code": "leefloners", "name": "Leefloners", "aggregation": "sum", "themes": ["wonen"]},
        {"code": "bevolking", "name": "Bevolking", "aggregation": "sum", "periodicity": "date"},
        {"code": "aandeel", "name": "Aandeel", "aggregation": "ratio", "numerator": "leefloners",
         "denominator": "bevolking", "scale": "1 000"},
    ]  # fmt: skip
    path = tmp_path / "catalogus.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    call_command("import-indicators", str(path), stdout=io.StringIO())
    assert Indicator.objects.get(code="aandeel").scale == 1000
    path.write_text(
        json.dumps({"code": "x", "name": "X", "aggregation": "sum", "kleur": "rood"}), encoding="utf-8"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="er is niets geschreven"):
        call_command("import-indicators", str(path), stdout=io.StringIO(), stderr=err)
    assert "regel 1, veld 'kleur': onbekend veld" in err.getvalue()
    assert not Indicator.objects.filter(code="x").exists()
