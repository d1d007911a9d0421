"""A merge inserts the figures of periods an indicator has none in without comparing them with the
stored ones (observation_copy._certainly_new, from the kept periods of area_sums.py), and still gets
every count, revision and value right when the kept periods were wrong."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stadskennis.indicators import observation_copy
from stadskennis.indicators.models import IndicatorPeriod, Observation, ObservationRevision
from stadskennis.indicators.observation_import import observations_import
from stadskennis.indicators.tests.factories import IndicatorFactory

CITIES = ["44021", "11002", "41002", "31005", "24062"]


def run(rows):
    text = "indicator,geo,period,value\n" + "".join(f"{r}\n" for r in rows)
    return observations_import(handle=io.BytesIO(text.encode("utf-8")), source_version="test")


def searched_for_repeats(queries) -> bool:
    """Whether the merge looked for staged rows that repeat a cell (a GROUP BY of the staging table)."""
    return any("HAVING" in q["sql"] and "stagedobservation" in q["sql"] for q in queries)


def compared(queries) -> bool:
    """Whether the merge compared staged rows with the stored figures (its LEFT JOIN)."""
    return any("LEFT JOIN" in q["sql"] and "stagedobservation" in q["sql"] for q in queries)


def test_a_new_year_of_figures_is_inserted_without_comparing_and_counted(geography):
    jobs = IndicatorFactory(code="jobs")
    run([f"jobs,{c},2020,{i}" for i, c in enumerate(CITIES)])
    with CaptureQueriesContext(connection) as queries:
        report = run([f"jobs,{c},2021,{i + 10}" for i, c in enumerate(CITIES)])
    assert not compared(queries)
    assert not searched_for_repeats(queries)  # the unique index would have refused a repeat
    assert (report.counts.created, report.counts.revised, report.counts.unchanged) == (5, 0, 0)
    assert Observation.objects.filter(indicator=jobs).count() == 10
    assert set(IndicatorPeriod.objects.filter(indicator=jobs).values_list("period", flat=True)) == {
        "2020",
        "2021",
    }


def test_figures_of_a_period_already_there_are_compared_and_revised(geography):
    jobs = IndicatorFactory(code="jobs")
    run([f"jobs,{c},2020,{i}" for i, c in enumerate(CITIES)])
    with CaptureQueriesContext(connection) as queries:
        report = run([f"jobs,{c},2020,{i * 2}" for i, c in enumerate(CITIES)])
    assert compared(queries)
    assert (report.counts.created, report.counts.revised, report.counts.unchanged) == (0, 4, 1)
    assert Observation.objects.get(indicator=jobs, area__code="24062").value == Decimal(8)


def test_when_the_kept_periods_missed_a_stored_one_the_figures_are_compared_after_all(geography):
    """A kept period lost (as if figures had been written outside a merge): the cells taken for new
    exist; the unique index refuses them, and the merge undoes its savepoint and compares them."""
    jobs = IndicatorFactory(code="jobs")
    run([f"jobs,{c},2020,{i}" for i, c in enumerate(CITIES)])
    IndicatorPeriod.objects.filter(indicator=jobs).delete()
    report = run([f"jobs,{c},2020,{i * 2}" for i, c in enumerate(CITIES)] + ["jobs,44021,2022,5"])
    assert (report.counts.created, report.counts.revised, report.counts.unchanged) == (1, 4, 1)
    assert Observation.objects.get(indicator=jobs, area__code="24062", period="2020").value == Decimal(8)
    assert ObservationRevision.objects.filter(observation__indicator=jobs).count() == 4
    assert set(IndicatorPeriod.objects.filter(indicator=jobs).values_list("period", flat=True)) == {
        "2020",
        "2022",
    }


def test_one_file_with_a_new_year_of_one_indicator_and_revisions_of_another(geography):
    """Compared and not compared in one merge: the other indicator's revisions are counted and kept
    once, also when the new one's kept periods were wrong and the merge is done again."""
    jobs, homes = IndicatorFactory(code="jobs"), IndicatorFactory(code="homes")
    run([f"{code},{c},2020,{i}" for code in ("jobs", "homes") for i, c in enumerate(CITIES)])
    for lost in (False, True):
        if lost:  # homes' 2021 looks new, but its figures are there: the savepoint is undone
            IndicatorPeriod.objects.filter(indicator=homes, period="2021").delete()
        rows = [f"jobs,{c},2020,{i + (3 if lost else 1)}" for i, c in enumerate(CITIES)]
        rows += [f"homes,{c},2021,{i + (7 if lost else 5)}" for i, c in enumerate(CITIES)]
        report = run(rows)
        expected = (0, 10, 0) if lost else (5, 5, 0)  # second time: homes' 2021 is revised too
        assert (report.counts.created, report.counts.revised, report.counts.unchanged) == expected
    assert Observation.objects.get(indicator=jobs, area__code="24062", period="2020").value == Decimal(7)
    assert Observation.objects.get(indicator=homes, area__code="24062", period="2021").value == Decimal(11)
    assert ObservationRevision.objects.filter(observation__indicator=jobs).count() == 10  # 5 + 5, not more
    assert ObservationRevision.objects.filter(observation__indicator=homes).count() == 5


def test_a_repeated_cell_in_a_new_year_is_named_and_nothing_is_written(geography):
    """Not searched for beforehand: the unique index refuses the second row, and the import names it."""
    jobs = IndicatorFactory(code="jobs")
    run([f"jobs,{c},2020,{i}" for i, c in enumerate(CITIES)])
    report = run([f"jobs,{c},2021,{i}" for i, c in enumerate(CITIES)] + ["jobs,11002,2021,9"])
    assert [str(e) for e in report.errors] == [
        "regel 7, kolom 'period': dubbele rij: indicator, geo en periode staan al op regel 3"
    ]
    assert not report.written
    assert not Observation.objects.filter(indicator=jobs, period="2021").exists()
    assert not IndicatorPeriod.objects.filter(indicator=jobs, period="2021").exists()


def test_a_repeated_cell_of_a_compared_indicator_beside_a_new_year_is_named(geography):
    jobs, homes = IndicatorFactory(code="jobs"), IndicatorFactory(code="homes")
    run([f"{code},{c},2020,{i}" for code in ("jobs", "homes") for i, c in enumerate(CITIES)])
    rows = [f"homes,{c},2021,{i}" for i, c in enumerate(CITIES)]  # new
    rows += [f"jobs,{c},2020,{i + 1}" for i, c in enumerate(CITIES)] + ["jobs,24062,2020,1"]  # compared
    report = run(rows)
    assert [str(e) for e in report.errors] == [
        "regel 12, kolom 'period': dubbele rij: indicator, geo en periode staan al op regel 11"
    ]
    assert not Observation.objects.filter(indicator=homes, period="2021").exists()
    assert sorted(Observation.objects.filter(indicator=jobs).values_list("value", flat=True)) == list(
        map(Decimal, range(5))
    )
    assert not ObservationRevision.objects.exists()


def stagers(monkeypatch) -> list:
    """The import's Stagers, as they are made."""
    made = []
    original = observation_copy.Stager.__init__

    def keep(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(observation_copy.Stager, "__init__", keep)
    return made


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the direct copy is PostgreSQL's")
def test_a_new_year_is_copied_straight_in_with_its_source_version_as_written(geography, monkeypatch):
    jobs = IndicatorFactory(code="jobs")
    run([f"jobs,{c},2020,{i}" for i, c in enumerate(CITIES)])
    made = stagers(monkeypatch)
    text = "indicator,geo,period,value\n" + "".join(f"jobs,{c},2021,{i}\n" for i, c in enumerate(CITIES))
    version = "Statbel\t2021\\v2\nherzien"  # COPY's own escapes in it
    report = observations_import(handle=io.BytesIO(text.encode()), source_version=version)
    assert report.written and report.counts.created == 5
    assert [dict(s.direct) for s in made] == [{jobs.pk: 5}]  # not staged, not merged
    stored = Observation.objects.filter(indicator=jobs, period="2021")
    assert sorted(stored.values_list("value", flat=True)) == list(map(Decimal, range(5)))
    assert set(stored.values_list("source_version", flat=True)) == {version}
    assert set(IndicatorPeriod.objects.filter(indicator=jobs).values_list("period", flat=True)) == {
        "2020",
        "2021",
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the direct copy is PostgreSQL's")
def test_a_preview_of_a_new_year_copied_straight_in_writes_nothing(geography, monkeypatch):
    jobs = IndicatorFactory(code="jobs")
    run([f"jobs,{c},2020,{i}" for i, c in enumerate(CITIES)])
    text = "indicator,geo,period,value\n" + "".join(f"jobs,{c},2021,{i}\n" for i, c in enumerate(CITIES))
    made = stagers(monkeypatch)
    report = observations_import(handle=io.BytesIO(text.encode()), commit=False)
    assert (report.counts.created, report.written) == (5, False)
    assert [dict(s.direct) for s in made] == [{jobs.pk: 5}]
    assert not Observation.objects.filter(indicator=jobs, period="2021").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the direct copy is PostgreSQL's")
def test_a_cell_refused_to_the_direct_copy_makes_the_import_read_the_file_again_merged(
    geography, monkeypatch
):
    jobs = IndicatorFactory(code="jobs")
    run([f"jobs,{c},2020,{i}" for i, c in enumerate(CITIES)])
    IndicatorPeriod.objects.filter(indicator=jobs).delete()  # 2020 looks new, but its cells are there
    made = stagers(monkeypatch)
    report = run([f"jobs,{c},2020,{i * 2}" for i, c in enumerate(CITIES)])
    assert [s.kept is not None for s in made] == [True, False]  # straight in, refused; then merged
    assert (report.counts.created, report.counts.revised, report.counts.unchanged) == (0, 4, 1)


class OneWayOnly(io.BytesIO):
    """An upload read as it arrives: it cannot be read twice."""

    def seekable(self) -> bool:
        return False


def test_a_file_that_cannot_be_read_twice_is_merged_and_its_new_year_inserted_uncompared(
    geography, monkeypatch
):
    jobs = IndicatorFactory(code="jobs")
    run([f"jobs,{c},2020,{i}" for i, c in enumerate(CITIES)])
    made = stagers(monkeypatch)
    text = "indicator,geo,period,value\n" + "".join(f"jobs,{c},2021,{i}\n" for i, c in enumerate(CITIES))
    with CaptureQueriesContext(connection) as queries:
        report = observations_import(handle=OneWayOnly(text.encode()))
    assert [s.kept is None for s in made] == [True]  # staged, never copied straight in
    assert not compared(queries) and not searched_for_repeats(queries)
    assert (report.counts.created, report.written) == (5, True)
    assert Observation.objects.filter(indicator=jobs, period="2021").count() == 5


def test_rows_unlike_the_first_are_checked_in_full_after_it(geography):
    """The usual rows are answered from what the first one found (observation_import._Checker.usual);
    another status, an empty or odd value goes through every check, with its message."""
    IndicatorFactory(code="jobs")
    header = "indicator,geo,period,value,status\njobs,44021,2020,1,A\n"
    for rows, message in [
        ("jobs,11002,2020,,A\n", "regel 3, kolom 'value': verplicht (of geef een status voor een "
         "ontbrekende waarde, bv. M of Q)"),
        ('jobs,11002,2020,"12,500",A\n', "regel 3, kolom 'value': '12,500' is dubbelzinnig (duizendtal of "
         "decimaal?): schrijf 12500 of 12,5"),
        ("jobs,11002,2020,1,Z\n", "regel 3, kolom 'status': onbekende status 'Z': kies A, B, D, E, F, I, L, "
         "M, O, P, Q, U (SDMX OBS_STATUS)"),
    ]:  # fmt: skip
        report = observations_import(handle=io.BytesIO((header + rows).encode()), source_version="test")
        assert [str(e) for e in report.errors] == [message]
    text = header + "jobs,11002,2020,,m\njobs,41002,2020,3,a\n"
    report = observations_import(handle=io.BytesIO(text.encode()), source_version="test")
    assert (report.errors, report.counts.created) == ([], 3)
    assert Observation.objects.get(area__code="11002", period="2020").status == "M"
    assert Observation.objects.get(area__code="41002", period="2020").status == "A"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY is PostgreSQL's")
def test_an_error_while_reading_ends_the_copy_and_leaves_the_connection_usable(geography, monkeypatch):
    from stadskennis.indicators import observation_import

    jobs = IndicatorFactory(code="jobs")
    run([f"jobs,{c},2020,{i}" for i, c in enumerate(CITIES)])
    usual = observation_import._Checker.usual

    def failing(self, number, row):
        if number == 4:
            raise RuntimeError("the worker is stopped")
        return usual(self, number, row)

    monkeypatch.setattr(observation_import._Checker, "usual", failing)
    monkeypatch.setattr(observation_import, "BATCH", 2)  # the COPY is open when row 4 fails
    monkeypatch.setattr(observation_copy, "COPY_BUFFER", 2)
    with pytest.raises(RuntimeError, match="the worker is stopped"):
        run([f"jobs,{c},2021,{i}" for i, c in enumerate(CITIES)])
    assert not Observation.objects.filter(indicator=jobs, period="2021").exists()  # the connection answers
    assert connection.execute_wrappers == []
