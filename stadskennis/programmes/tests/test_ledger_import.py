"""The cost-centre export read into the actuals: mapped columns, a report per row, nothing written
on any problem, the total reconciled, and an import undone and brought back as a whole."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from stadskennis.core.models import AuditEntry, Organisation, ProgrammeLine
from stadskennis.core.reference import reference_load
from stadskennis.programmes import ledger_import, services
from stadskennis.programmes.models import EntryImport, LedgerEntry

pytestmark = pytest.mark.django_db
HEADER = "Boekdatum;Economische rekening;Omschrijving;Bedrag;Kostenplaats;Boekstuk;Programmalijn;Organisatie"
ROWS = [
    "15/01/2019;6200;Loon januari;18.250,00;KP-KVS;B1;;",
    "31/03/2019;7400;Lidgeld 2019;24.000,00;KP-KVS;B2;;Gent",
    "30/09/2019;7400;Werkingssubsidie;12.000,00;KP-KVS;B3;;",
    "12/06/2019;6100;Zaalhuur studiedag;1.234,56;KP-KVS;B4;Smart Cities;",
]


def csv_file(rows=ROWS, header=HEADER, total: str | None = "55.484,56") -> bytes:
    lines = [header, *rows]
    if total is not None:
        lines.append(f";;Totaal;{total};;;;")
    return "\n".join(lines).encode("utf-8")


@pytest.fixture
def books(cast):
    reference_load()
    return cast["editor"]


def check(data: bytes, **kwargs):
    return ledger_import.check(name="kostenplaats.csv", data=data, year=2019, **kwargs)


def test_a_good_export_is_read_with_its_kinds_lines_and_total(books):
    report = check(csv_file())
    assert report.problems == []
    assert report.ok
    assert [row.kind for row in report.rows] == ["staff", "fee", "subsidy", "operating"]
    assert report.rows[1].organisation == Organisation.objects.get(slug="gent")
    assert report.rows[3].programme_line == ProgrammeLine.objects.get(
        name="Smart Cities", period__name="2017–2021"
    )
    assert report.total_cents == report.control_cents == 5_548_456
    assert report.cost_centre == "KP-KVS"
    batch = services.entries_import(report=report, year=2019, file_name="kostenplaats.csv", actor=books)
    assert LedgerEntry.objects.filter(batch=batch).count() == 4
    assert sum(LedgerEntry.objects.values_list("amount_cents", flat=True)) == 5_548_456
    assert AuditEntry.objects.filter(action="import", object_id=str(batch.pk)).exists()


@pytest.mark.parametrize(
    ("row", "line", "says"),
    [
        ("15/01/2019;6200;Loon;18250.00;KP-KVS;B9;;", 6, "decimaalteken"),
        ("15/01/2018;6200;Loon december;10,00;KP-KVS;B9;;", 6, "buiten 2019"),
        ("15/02/2019;6100;Iets;10,00;KP-KVS;B9;Onbestaand programma;", 6, "Onbekende programmalijn"),
        ("15/02/2019;6100;Iets;10,00;KP-ANDER;B9;;", 6, "kostenplaats"),
        ("15/02/2019;1200;Iets;10,00;KP-KVS;B9;;", 6, "kosten- noch opbrengstenrekening"),
        ("31/02/2019;6100;Iets;10,00;KP-KVS;B9;;", 6, "geen datum"),
        ("15/01/2019;6200;Loon januari;18.250,00;KP-KVS;B1;;", 6, "dubbel"),
    ],
)
def test_a_wrong_row_is_named_and_nothing_is_written(books, row, line, says):
    report = check(csv_file([*ROWS, row], total=None))
    assert not report.ok
    assert [found for found, _message in report.problems] == [line]
    assert says.lower() in report.problems[0][1].lower()
    with pytest.raises(ValidationError):
        services.entries_import(report=report, year=2019, file_name="x.csv", actor=books)
    assert LedgerEntry.objects.count() == 0
    assert EntryImport.objects.count() == 0


def test_a_total_that_does_not_reconcile_names_the_total_row(books):
    report = check(csv_file(total="55.484,55"))
    assert [line for line, _message in report.problems] == [6]
    assert "55.484,56" in report.problems[0][1] and "55.484,55" in report.problems[0][1]
    assert not report.ok


def test_the_total_typed_in_the_form_is_checked_too(books):
    assert check(csv_file(total=None), control_total=5_548_456).ok
    report = check(csv_file(total=None), control_total=5_548_400)
    assert not report.ok
    assert "reconcil" in report.problems[0][1] or "klopt niet" in report.problems[0][1]


def test_an_export_read_twice_is_refused_the_second_time(books):
    services.entries_import(report=check(csv_file()), year=2019, file_name="a.csv", actor=books)
    again = check(csv_file())
    assert [line for line, _message in again.problems] == [2, 3, 4, 5]
    assert LedgerEntry.objects.count() == 4


def test_another_layout_works_once_its_columns_are_mapped(books):
    data = "\n".join(["Dag,Code,Tekst,EUR,KP", '2019-05-01,6150,Drukwerk,"1,250.00",KP-KVS']).encode()
    guessed = check(data, decimal_separator=".")
    assert not guessed.ok
    assert {message for _line, message in guessed.problems} >= {
        "Kies de kolom met “Datum”.",
        "Kies de kolom met “Bedrag”.",
    }
    mapping = {"date": 0, "account": 1, "description": 2, "amount": 3, "cost_centre": 4}
    mapped = check(data, decimal_separator=".", mapping=mapping)
    assert mapped.ok, mapped.problems
    assert mapped.rows[0].amount_cents == 125_000
    assert mapped.rows[0].booked_on == date(2019, 5, 1)


def test_an_excel_export_with_real_dates_and_numbers(books):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Datum", "Rekening", "Omschrijving", "Bedrag", "Kostenplaats"])
    sheet.append([datetime(2019, 3, 1), 6200, "Loon maart", 18250.1, "KP-KVS"])
    sheet.append([datetime(2019, 3, 2), 6100, "Koffie", 0.1 + 0.2, "KP-KVS"])
    sheet.append([None, None, "Totaal", 18250.4, None])
    out = io.BytesIO()
    book.save(out)
    report = ledger_import.check(name="export.xlsx", data=out.getvalue(), year=2019)
    assert report.ok, report.problems
    assert [row.amount_cents for row in report.rows] == [1_825_010, 30]
    assert [row.account_code for row in report.rows] == ["6200", "6100"]
    assert report.control_cents == 1_825_040


def test_an_import_is_undone_and_brought_back_as_a_whole(books):
    batch = services.entries_import(report=check(csv_file()), year=2019, file_name="a.csv", actor=books)
    hand = services.record_save(
        obj=LedgerEntry(),
        actor=books,
        values={
            "year": 2019,
            "booked_on": date(2019, 7, 1),
            "account_code": "6100",
            "description": "Taxi",
            "amount_cents": 2500,
            "cost_centre": "KP-KVS",
            "kind": "operating",
        },
    )
    assert services.entries_import_undo(batch=batch, actor=books) == 4
    assert list(LedgerEntry.objects.alive()) == [hand]
    assert services.entries_import_redo(batch=batch, actor=books) == 4
    assert LedgerEntry.objects.alive().count() == 5
    services.entries_import_undo(batch=batch, actor=books)
    services.entries_import(report=check(csv_file()), year=2019, file_name="again.csv", actor=books)
    with pytest.raises(ValidationError):  # the same entries are in again: no double counting
        services.entries_import_redo(batch=batch, actor=books)
    assert LedgerEntry.objects.alive().count() == 5


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "leeg"),
        (b"\x00\x01\x02binary", "geen tekstbestand"),
        (HEADER.encode(), "geen boekingen"),
    ],
)
def test_a_file_that_is_no_export_says_why(books, data, says):
    report = check(data)
    assert not report.ok
    assert says in report.problems[0][1].lower()
