"""The editors' upload of figures (/cijfers/importeren/): a preview that writes nothing, then a confirm."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from stadskennis.indicators import xlsxfile
from stadskennis.indicators.models import Observation, ObservationRevision
from stadskennis.indicators.tests.factories import IndicatorFactory

URL = "/cijfers/importeren/"
CSV = (
    "indicator;geo;period;value\n"
    "jobs;44021;2020;1.234,5\n"  # Dutch notation, as a Flemish Excel writes it
    "jobs;11002;2020;800\n"
    "jobs;44021;2021;1300\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def jobs(cast, geography):  # cast first: the reference data then updates its organisations
    return IndicatorFactory(code="jobs", name="Jobs")


@pytest.fixture
def editor(cast, client_for):
    return client_for(cast["editor"])


def csv_file(text=CSV, name="cijfers.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def wide_xlsx(rows, name="cijfers.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def jobs_figures():
    return Observation.objects.filter(indicator__code="jobs").count()


def values():
    return {
        (o.area.code, o.period): o.value
        for o in Observation.objects.filter(indicator__code="jobs").select_related("area")
    }


def preview(client, upload, **data):
    return client.post(URL, {"file": upload, **data})


def confirm(client, response):
    return client.post(URL, {"token": response.context["token"]}, follow=True)


def test_a_csv_preview_counts_the_figures_and_writes_nothing(jobs, editor, media):
    response = preview(editor, csv_file())
    assert response.status_code == 200
    report = response.context["report"]
    assert report.errors == []
    assert (report.counts.created, report.counts.revised, report.counts.unchanged) == (3, 0, 0)
    assert "3 nieuw, 0 gewijzigd, 0 ongewijzigd" in response.content.decode()
    assert jobs_figures() == 0
    assert len(list((media / "indicator-uploads").iterdir())) == 1  # kept for the confirmation


def test_a_wide_workbook_preview_counts_new_and_changed_cells(jobs, editor):
    editor.post(URL, {"token": preview(editor, csv_file()).context["token"]})
    assert len(values()) == 3
    upload = wide_xlsx([
        ["indicator", "geo", "2020", 2021, "2022"],
        ["jobs", "44021", 1234.5, 1400, None],  # 2020 the same, 2021 corrected, 2022 empty: no figure
        ["jobs", 11002, 800, None, "1.250,75"],  # a number cell, and Dutch text in a cell
    ])  # fmt: skip
    response = preview(editor, upload)
    report = response.context["report"]
    assert report.errors == []
    assert (report.counts.created, report.counts.revised, report.counts.unchanged) == (1, 1, 2)
    assert "1 nieuw, 1 gewijzigd, 2 ongewijzigd" in response.content.decode()
    assert values()[("44021", "2021")] == Decimal("1300") and ObservationRevision.objects.count() == 0


def test_confirming_writes_the_kept_file_and_removes_it(jobs, cast, editor, media):
    response = confirm(editor, preview(editor, csv_file(), source_version="2024-R1"))
    assert "Geïmporteerd: 3 nieuw, 0 gewijzigd, 0 ongewijzigd." in response.content.decode()
    assert values() == {
        ("44021", "2020"): Decimal("1234.5"),
        ("11002", "2020"): Decimal("800"),
        ("44021", "2021"): Decimal("1300"),
    }
    assert {o.source_version for o in Observation.objects.filter(indicator__code="jobs")} == {"2024-R1"}
    assert list((media / "indicator-uploads").iterdir()) == []
    upload = wide_xlsx([["indicator", "geo", "2021"], ["jobs", "44021", 1.301]])  # a number, not text
    confirm(editor, preview(editor, upload))
    (revision,) = ObservationRevision.objects.all()
    assert (revision.old_value, revision.new_value, revision.changed_by) == (
        1300,
        Decimal("1.301"),
        cast["editor"],
    )


def test_the_same_file_again_reports_nothing_new_or_changed(jobs, editor):
    confirm(editor, preview(editor, csv_file()))
    response = preview(editor, csv_file())
    assert "0 nieuw, 0 gewijzigd, 3 ongewijzigd" in response.content.decode()


def test_the_confirmation_trusts_only_its_own_session_upload(jobs, cast, editor, client_for):
    token = preview(editor, csv_file()).context["token"]
    other = client_for(cast["administrator"])
    response = other.post(URL, {"token": token}, follow=True)
    assert "laad het opnieuw op" in response.content.decode()
    assert editor.post(URL, {"token": "../../etc/passwd"}, follow=True).status_code == 200
    assert jobs_figures() == 0


def test_a_bad_csv_names_row_and_column_and_writes_nothing(jobs, editor, media):
    text = "indicator,geo,period,value\njobs,44021,2020,100\njobs,99999,2020,100\njobs,11002,2020,veel\n"
    response = preview(editor, csv_file(text))
    assert response.status_code == 200 and "token" not in response.context
    errors = [(e.line, e.column) for e in response.context["report"].errors]
    assert errors == [(3, "geo"), (4, "value")]
    page = response.content.decode()
    assert "onbekende NIS-code &#x27;99999&#x27;" in page and "Er is niets weggeschreven" in page
    assert jobs_figures() == 0 and list((media / "indicator-uploads").iterdir()) == []


def test_a_bad_wide_cell_names_its_period_column(jobs, editor):
    upload = wide_xlsx([["indicator", "geo", "2020", "2021"], ["jobs", "44021", 10, "twaalf"]])
    report = preview(editor, upload).context["report"]
    assert [(e.line, e.column) for e in report.errors] == [(2, "2021 (D)")]
    assert jobs_figures() == 0


def test_a_file_that_is_not_a_workbook_or_too_big_is_refused_in_dutch(jobs, editor, settings):
    response = preview(editor, SimpleUploadedFile("cijfers.xlsx", b"geen zip"))
    assert response.status_code == 200
    assert "geen leesbaar Excel-bestand" in response.content.decode()
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("iets.txt", "geen werkmap")
    response = preview(editor, SimpleUploadedFile("cijfers.xlsx", zipped.getvalue()))
    assert response.status_code == 200 and "geen leesbaar Excel-bestand" in response.content.decode()
    response = preview(editor, SimpleUploadedFile("cijfers.pdf", b"%PDF"))
    assert "Laad een .csv- of .xlsx-bestand op." in response.content.decode()
    settings.MAX_UPLOAD_SIZE = 10
    response = preview(editor, csv_file())
    assert "hoogstens 10" in response.content.decode() and "report" not in response.context
    assert jobs_figures() == 0


def test_a_member_may_not_upload_figures_of_the_common_catalogue(jobs, cast, client_for):
    # members upload their own organisation's datasets only (test_own_datasets.py)
    page = client_for(cast["member"]).post(URL, {"file": csv_file()}).content.decode()
    assert "je mag geen cijfers opladen voor indicator &#x27;jobs&#x27;" in page
    assert client_for(None).get(URL).status_code == 302
    assert jobs_figures() == 0


def test_the_catalogue_links_to_the_upload_for_staff_only(jobs, cast, client_for):
    assert URL in client_for(cast["editor"]).get("/cijfers/").content.decode()
    assert URL not in client_for(cast["member"]).get("/cijfers/").content.decode()


def test_the_command_reads_the_same_workbooks(jobs, tmp_path):
    path = tmp_path / "breed.xlsx"
    rows = [["indicator", "geo", "2020", "2021"], ["jobs", "44021", 10, 11], ["jobs", 4000, 7, None]]
    path.write_bytes(wide_xlsx(rows).read())  # 4000: Excel dropped the leading zero of 04000
    out = io.StringIO()
    call_command("import-observations", str(path), stdout=out)
    assert "3 nieuw, 0 herzien, 0 ongewijzigd" in out.getvalue()
    assert values() == {
        ("44021", "2020"): Decimal(10),
        ("44021", "2021"): Decimal(11),
        ("04000", "2020"): Decimal(7),
    }


def test_a_sheet_stops_at_excel_s_last_row(jobs, editor, monkeypatch):
    monkeypatch.setattr(xlsxfile, "EXCEL_MAX_ROWS", 3)  # 1,048,576 rows are too many to build in a test
    rows = [["indicator", "geo", "period", "value"]] + [["jobs", "44021", str(2000 + i), i] for i in range(4)]
    report = preview(editor, wide_xlsx(rows)).context["report"]
    assert [(e.line, e.message) for e in report.errors] == [
        (4, "meer dan 3 rijen: Excel kan er niet meer bewaren")
    ]
    assert jobs_figures() == 0
