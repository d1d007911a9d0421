"""SDMX-CSV 2.0 in the editors' upload and `stadskennis import-observations`: the file the API exports
(sdmx.py) imported again changes nothing; a corrected OBS_VALUE is a revision; ACTION D and bad rows
are refused in Dutch with their row and column, and nothing is written."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from stadskennis.core.models import AuditEntry
from stadskennis.indicators import sdmx
from stadskennis.indicators.models import Observation, ObservationRevision
from stadskennis.indicators.observation_import import observations_import
from stadskennis.indicators.opendata import Cells
from stadskennis.indicators.tests.factories import IndicatorFactory, observe

URL = "/cijfers/importeren/"
HEADER = ",".join(sdmx.COLUMNS) + "\n"
FLOW = "dataflow,KVS:STAD_IN_CIJFERS(1.0)"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def jobs(cast, geography):
    """A count with figures of several kinds: normal, provisional, confidential, and a stored missing."""
    jobs = IndicatorFactory(code="jobs", name="Jobs", decimals=1)
    observe(jobs, "2020", {"44021": "1234.5", "11002": 800, "41002": "2.125"})
    observe(jobs, "2021", {"44021": 1300}, status="P")
    observe(jobs, "2021", {"11002": 4321}, confidentiality="C")
    observe(jobs, "2021", {"41002": None}, status="O")
    return jobs


def exported(indicator, user) -> bytes:
    """What /api/indicators/{code}/sdmx.csv gives `user`: every municipality × period, with the cells
    that have no figure (and, for a ratio, the figures the platform computes)."""
    return "".join(sdmx.rows(Cells(indicator, user=user))).encode("utf-8")


def stored():
    return {
        (o.indicator.code, o.area.code, o.period): (o.value, o.status, o.confidentiality)
        for o in Observation.objects.select_related("indicator", "area")
    }


def run(data: bytes, *, commit: bool = True):
    return observations_import(handle=io.BytesIO(data), commit=commit)


def test_an_export_imported_again_changes_nothing(jobs, cast):
    # Given the figures as an editor exports them (confidential ones included) and a ratio over them
    share = IndicatorFactory(
        code="aandeel", aggregation="ratio", numerator=jobs, denominator=IndicatorFactory(code="inwoners"),
        scale=100, decimals=1,
    )  # fmt: skip
    observe(share.denominator, "2020", {"44021": 100000, "11002": 500000})
    before, audit = stored(), AuditEntry.objects.count()
    data = exported(jobs, cast["editor"]) + exported(share, cast["editor"]).split(b"\r\n", 1)[1]
    assert b"4321" in data and b"2.125" in data
    # When it is imported again
    report = run(data)
    # Then every figure is the same, no revision and no audit line: the computed ratios and the cells
    # without a figure were skipped
    assert report.written and report.errors == []
    assert (report.counts.created, report.counts.revised, report.counts.unchanged) == (0, 0, 5)
    assert (report.rows, report.skipped) == (5, data.count(b"\r\n") - 1 - 5)
    assert stored() == before
    assert ObservationRevision.objects.count() == 0 and AuditEntry.objects.count() == audit


def test_a_members_export_without_confidential_values_does_not_empty_them(jobs, cast):
    data = exported(jobs, cast["member"])
    assert b"4321" not in data  # withheld from a member: OBS_VALUE empty, OBS_STATUS Q
    report = run(data)
    assert report.written and report.counts.revised == 0
    assert stored()[("jobs", "11002", "2021")] == (Decimal("4321"), "A", "C")


def test_a_corrected_value_is_a_revision_and_sdmx_numbers_have_a_full_stop(jobs):
    data = (HEADER + f"{FLOW},I,jobs,44021,2020,1234.75,A,F,\n{FLOW},A,jobs,41002,2020,2.125,A,F,\n").encode()
    report = run(data)
    assert (report.counts.created, report.counts.revised, report.counts.unchanged) == (0, 1, 1)
    (revision,) = ObservationRevision.objects.all()
    assert (revision.old_value, revision.new_value) == (Decimal("1234.5"), Decimal("1234.75"))
    assert stored()[("jobs", "41002", "2020")][0] == Decimal("2.125")  # not "ambiguous", not 2125


def test_action_d_is_refused_with_its_row_and_nothing_is_written(jobs):
    before = stored()
    data = (HEADER + f"{FLOW},I,jobs,44021,2020,99,A,F,\n{FLOW},D,jobs,11002,2020,800,A,F,\n").encode()
    report = run(data)
    assert not report.written
    (error,) = report.errors
    assert (error.line, error.column) == (3, "ACTION")
    assert str(error).startswith("regel 3, kolom 'ACTION': ACTION D (verwijderen) wordt niet ondersteund")
    assert stored() == before


def test_bad_rows_are_reported_row_by_row_with_the_sdmx_column(jobs):
    data = (
        HEADER
        + f"{FLOW},I,jobs,99999,2020,1,A,F,\n"
        + f"{FLOW},I,banen,44021,2020,1,A,F,\n"
        + f"{FLOW},I,jobs,44021,2020-Q1,1,A,F,\n"
        + f"{FLOW},I,jobs,11002,2020,twaalf,A,F,\n"
        + f"{FLOW},I,jobs,41002,2020,5,X,F,\n"
        + f"{FLOW},I,jobs,44021,2021,7,A,F,\n{FLOW},I,jobs,44021,2021,8,A,F,\n"
    ).encode()
    report = run(data)
    assert not report.written
    assert [str(e) for e in report.errors] == [
        "regel 2, kolom 'REF_AREA': onbekende NIS-code '99999'",
        "regel 3, kolom 'INDICATOR': onbekende indicator 'banen'",
        "regel 4, kolom 'TIME_PERIOD': periode '2020-Q1' past niet bij de periodiciteit jaar van de "
        "indicator (schrijf bv. 2020)",
        "regel 5, kolom 'OBS_VALUE': 'twaalf' is geen getal",
        "regel 6, kolom 'OBS_STATUS': onbekende status 'X': kies A, B, D, E, F, I, L, M, O, P, Q, U "
        "(SDMX OBS_STATUS)",
    ]  # the duplicate (rows 7 and 8) is looked for once every row is right


def test_a_header_that_is_not_sdmx_csv_says_which_column_is_missing(jobs):
    report = run((HEADER.replace("OBS_VALUE,", "") + f"{FLOW},I,jobs,44021,2020,A,F,\n").encode())
    (error,) = report.errors
    assert (error.line, error.column) == (1, "OBS_VALUE")


def test_the_upload_page_previews_an_sdmx_file_and_writes_on_confirmation(jobs, cast, client_for, media):
    editor = client_for(cast["editor"])
    data = exported(jobs, cast["editor"]).replace(b",1300,P,", b",1350,P,")  # one corrected figure
    upload = SimpleUploadedFile("jobs.sdmx.csv", data, content_type="text/csv")
    response = editor.post(URL, {"file": upload})
    report = response.context["report"]
    assert report.errors == [] and (report.counts.created, report.counts.revised) == (0, 1)
    page = response.content.decode()
    assert "0 nieuw, 1 gewijzigd, 4 ongewijzigd" in page
    assert "overgeslagen" in page  # the cells without a figure are counted, not silently dropped
    assert stored()[("jobs", "44021", "2021")][0] == Decimal("1300")  # nothing written yet
    editor.post(URL, {"token": response.context["token"]}, follow=True)
    assert stored()[("jobs", "44021", "2021")] == (Decimal("1350"), "P", "F")


def test_the_command_reads_sdmx_csv_by_its_header(jobs, cast, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(exported(jobs, cast["editor"]).replace(b",800,A,", b",810,A,"))
    out = io.StringIO()
    call_command("import-observations", str(path), stdout=out, stderr=io.StringIO())
    assert "0 nieuw, 1 herzien, 4 ongewijzigd" in out.getvalue()
    assert stored()[("jobs", "11002", "2020")][0] == Decimal("810")
