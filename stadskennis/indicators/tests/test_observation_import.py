"""`stadskennis import-observations`: long CSV, streamed, all or nothing, revisions of corrected values."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from stadskennis.accounts.tests.factories import EditorFactory
from stadskennis.core.models import AuditEntry
from stadskennis.indicators import observation_import
from stadskennis.indicators.models import Indicator, Observation, ObservationRevision, StagedObservation
from stadskennis.indicators.observation_import import observations_import
from stadskennis.indicators.tests.factories import IndicatorFactory, area


def run(text: str, **kwargs):
    return observations_import(handle=io.BytesIO(text.encode("utf-8")), **kwargs)


@pytest.fixture
def jobs(geography):
    return IndicatorFactory(code="jobs", name="Jobs")


def values(code="jobs") -> dict:
    return {
        (o.area.code, o.period): o.value
        for o in Observation.objects.filter(indicator__code=code).select_related("area")
    }


def test_figures_are_written_and_the_same_file_again_changes_nothing(jobs):
    text = (
        "indicator,geo,period,value,status,confidentiality\n"
        'jobs,44021,2020,"1.234,5",P,F\n'
        'jobs,11002,2020,"1,234.5",,\n'
        "jobs,71022,2024,1 200 000,,\n"
        'jobs,71072,2025,"12,5",,\n'
    )
    report = run(text, source_version="2024-R1")
    assert report.errors == [] and report.written
    assert values() == {
        ("44021", "2020"): Decimal("1234.5"),
        ("11002", "2020"): Decimal("1234.5"),
        ("71022", "2024"): Decimal("1200000"),
        ("71072", "2025"): Decimal("12.5"),
    }
    gent = Observation.objects.get(area__code="44021", indicator=jobs)
    assert (gent.status, gent.confidentiality, gent.source_version) == ("P", "F", "2024-R1")
    assert StagedObservation.objects.count() == 0
    audit = AuditEntry.objects.count()
    again = run(text, source_version="2024-R1")
    assert (again.counts.created, again.counts.revised, again.counts.unchanged) == (0, 0, 4)
    assert AuditEntry.objects.count() == audit and ObservationRevision.objects.count() == 0


def test_a_corrected_value_records_a_revision_with_who_and_what(jobs):
    run("indicator,geo,period,value\njobs,44021,2020,100\njobs,41002,2020,50\n")
    editor = EditorFactory()
    report = run("indicator,geo,period,value\njobs,44021,2020,101\njobs,41002,2020,50\n", actor=editor)
    assert (report.counts.revised, report.counts.unchanged) == (1, 1)
    (revision,) = ObservationRevision.objects.all()
    assert (revision.observation.area.code, revision.old_value, revision.new_value, revision.changed_by) == (
        "44021", Decimal(100), Decimal(101), editor,
    )  # fmt: skip
    entry = AuditEntry.objects.filter(action="import", actor=editor).get()
    assert entry.changes == {"observations_created": 0, "observations_revised": 1, "source_version": ""}


def test_every_bad_row_is_named_with_its_column_and_nothing_is_written(jobs):
    IndicatorFactory(code="per-kwartaal", periodicity="quarter")
    text = (
        "indicator,geo,period,value,status,confidentiality\n"
        "jobs,44021,2020,100,,\n"  # fine on its own
        "banen,44021,2020,100,,\n"
        "jobs,99999,2020,100,,\n"
        "jobs,71072,2020,100,,\n"
        "jobs,71022,2025,100,,\n"
        "jobs,41002,2020,veel,,\n"
        'jobs,41002,2021,"1.23.4",,\n'
        "per-kwartaal,41002,2020,5,,\n"
        "jobs,31005,2020,,Q,\n"
        "jobs,31005,2021,7,Q,\n"
        "jobs,31005,2022,7,Z,X\n"
        'jobs,34022,2020,"12,500",,\n'
        "jobs,44021,2020,100,,\n"
    )
    report = run(text)
    assert [str(e) for e in report.errors] == [
        "regel 3, kolom 'indicator': onbekende indicator 'banen'",
        "regel 4, kolom 'geo': onbekende NIS-code '99999'",
        "regel 5, kolom 'geo': NIS-code 71072 bestaat pas vanaf 01-01-2025, niet in periode 2020",
        "regel 6, kolom 'geo': NIS-code 71022 bestaat niet meer na 31-12-2024, niet in periode 2025",
        "regel 7, kolom 'value': 'veel' is geen getal",
        "regel 8, kolom 'value': '1.23.4' is geen getal (duizendtallen per drie cijfers)",
        "regel 9, kolom 'period': periode '2020' past niet bij de periodiciteit kwartaal van de indicator "
        "(schrijf bv. 2020-Q1)",
        "regel 11, kolom 'value': een ontbrekende waarde (status Q) heeft geen getal: laat 'value' leeg",
        "regel 12, kolom 'status': onbekende status 'Z': kies A, B, D, E, F, I, L, M, O, P, Q, U "
        "(SDMX OBS_STATUS)",
        "regel 12, kolom 'confidentiality': onbekende vertrouwelijkheid 'X': kies F, N, C, D, S, A, O "
        "(SDMX CONF_STATUS)",
        "regel 13, kolom 'value': '12,500' is dubbelzinnig (duizendtal of decimaal?): schrijf 12500 of 12,5",
    ]
    assert Observation.objects.filter(indicator=jobs).count() == 0


def test_a_duplicate_row_is_found_after_the_batch_it_started_in(jobs, monkeypatch):
    monkeypatch.setattr(observation_import, "BATCH", 2)
    text = "indicator,geo,period,value\n" + "".join(f"jobs,{c},2020,1\n" for c in ["44021", "41002", "31005"])
    report = run(text + "jobs,44021,2020,2\n")
    assert [str(e) for e in report.errors] == [
        "regel 5, kolom 'period': dubbele rij: indicator, geo en periode staan al op regel 2"
    ]
    assert Observation.objects.filter(indicator=jobs).count() == 0
    assert run(text).counts.created == 3  # in batches of two


def test_the_command_reads_excel_csv_and_refuses_windows_1252(jobs, tmp_path):
    path = tmp_path / "cijfers.csv"
    path.write_bytes("\ufeffsep=;\nindicator;geo;period;value\njobs;44021;2020;1.234,5\n".encode())
    out = io.StringIO()
    call_command("import-observations", str(path), stdout=out, stderr=io.StringIO())
    assert "1 rijen: 1 nieuw, 0 herzien, 0 ongewijzigd" in out.getvalue()
    assert values() == {("44021", "2020"): Decimal("1234.5")}
    path.write_bytes("indicator;geo;period;value;status\njobs;41002;2020;5;É\n".encode("cp1252"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="er is niets geschreven"):
        call_command("import-observations", str(path), stdout=io.StringIO(), stderr=err)
    assert "regel 2, kolom 'status': de tekst is geen UTF-8" in err.getvalue()
    assert Indicator.objects.get(code="jobs").observations.count() == 1
    assert area("41002").observations.filter(indicator__code="jobs").count() == 0
