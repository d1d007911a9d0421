"""The bulk paths of `import-observations` (observation_copy.py): COPY on PostgreSQL, batched inserts on
SQLite, and the set-based merge. Correctness only; the speed is measured by `make bench`."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stadskennis.accounts.tests.factories import EditorFactory
from stadskennis.core.models import AuditEntry
from stadskennis.indicators import observation_copy, observation_import
from stadskennis.indicators.models import Observation, ObservationRevision, StagedObservation
from stadskennis.indicators.observation_import import observations_import
from stadskennis.indicators.tests.factories import IndicatorFactory

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
CITIES = ["44021", "11002", "41002", "31005", "24062", "71022", "12025", "35013", "34022", "13040"]


def run(text: str, **kwargs):
    return observations_import(handle=io.BytesIO(text.encode("utf-8")), **kwargs)


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of three rows, so a ten-row file crosses several of them (and several COPY writes)."""
    monkeypatch.setattr(observation_import, "BATCH", 3)
    monkeypatch.setattr(observation_copy, "COPY_BUFFER", 3)


@pytest.fixture
def two(geography):
    return IndicatorFactory(code="jobs"), IndicatorFactory(code="homes")


def stored(code: str) -> dict:
    return {
        (o.area.code, o.period): (o.value, o.status, o.source_version)
        for o in Observation.objects.filter(indicator__code=code).select_related("area")
    }


def file(rows) -> str:
    return "indicator,geo,period,value,status\n" + "".join(f"{r}\n" for r in rows)


def test_new_changed_and_equal_figures_across_batches(two, small_batches):
    first = [f"jobs,{c},2020,{i}.25," for i, c in enumerate(CITIES)] + ["homes,44021,2020,,M"]
    report = run(file(first), source_version="R1")
    assert report.written and (report.counts.created, report.counts.revised) == (11, 0)
    assert stored("homes") == {("44021", "2020"): (None, "M", "R1")}  # an empty value through the bulk path
    assert stored("jobs")[("41002", "2020")] == (Decimal("2.25"), "A", "R1")

    editor = EditorFactory()
    second = [f"jobs,{c},2020,{i}.25," for i, c in enumerate(CITIES)]
    second[3] = "jobs,31005,2020,99,P"  # a new value and a status
    second[7] = "jobs,35013,2020,7.25,E"  # the same value, another status
    report = run(
        file([*second, "homes,44021,2020,12,", "homes,11002,2021,5,"]), actor=editor, source_version="R2"
    )
    assert (report.counts.created, report.counts.revised, report.counts.unchanged) == (1, 3, 8)
    assert stored("jobs")[("31005", "2020")] == (Decimal(99), "P", "R2")
    assert stored("jobs")[("44021", "2020")] == (Decimal("0.25"), "A", "R1")  # equal: left alone
    revisions = {
        (r.observation.area.code, r.observation.indicator.code): (
            r.old_value,
            r.new_value,
            r.old_status,
            r.new_status,
        )
        for r in ObservationRevision.objects.select_related("observation__area", "observation__indicator")
    }
    assert revisions == {
        ("31005", "jobs"): (Decimal("3.25"), Decimal(99), "A", "P"),
        ("35013", "jobs"): (Decimal("7.25"), Decimal("7.25"), "A", "E"),
        ("44021", "homes"): (None, Decimal(12), "M", "A"),
    }
    assert set(ObservationRevision.objects.values_list("changed_by", "source_version")) == {(editor.pk, "R2")}
    audit = {e.changes["observations_created"]: e.changes for e in AuditEntry.objects.filter(actor=editor)}
    assert audit == {
        0: {"observations_created": 0, "observations_revised": 2, "source_version": "R2"},
        1: {"observations_created": 1, "observations_revised": 1, "source_version": "R2"},
    }
    assert StagedObservation.objects.count() == 0

    again = run(file([*second, "homes,44021,2020,12,", "homes,11002,2021,5,"]), source_version="R2")
    assert (again.counts.created, again.counts.revised, again.counts.unchanged) == (0, 0, 12)


def test_a_preview_counts_and_writes_nothing(two, small_batches):
    report = run(file(f"jobs,{c},2020,1," for c in CITIES), commit=False)
    assert report.counts.created == 10 and not report.written
    assert Observation.objects.filter(indicator__code="jobs").count() == 0


@postgresql_only
def test_postgresql_stages_by_copy_and_not_by_insert(two):
    with CaptureQueriesContext(connection) as queries:
        report = run(file(f"jobs,{c},2020,{i}," for i, c in enumerate(CITIES)))
    assert report.counts.created == 10
    assert not [q for q in queries if 'INSERT INTO "indicators_stagedobservation"' in q["sql"]]
    assert [q for q in queries if q["sql"].startswith('INSERT INTO "indicators_observation"')]


def test_a_failure_while_copying_leaves_the_connection_usable(two, small_batches, monkeypatch):
    """On PostgreSQL the COPY holds the connection while the file is read: an error in between must end
    it, or the rollback would wait for it forever."""
    real = observation_import._Checker.row

    def failing(self, number, row, problem):
        if number == 8:
            raise RuntimeError("broken on purpose")
        return real(self, number, row, problem)

    monkeypatch.setattr(observation_import._Checker, "row", failing)
    with pytest.raises(RuntimeError, match="broken on purpose"):
        run(file(f"jobs,{c},2020,1," for c in CITIES))
    assert not Observation.objects.filter(indicator__code="jobs").exists()
    assert StagedObservation.objects.count() == 0


@postgresql_only
def test_a_query_while_copying_fails_at_once_instead_of_waiting_forever(two, small_batches, monkeypatch):
    real = observation_import._Checker.row

    def querying(self, number, row, problem):
        if number == 8:
            Observation.objects.count()
        return real(self, number, row, problem)

    monkeypatch.setattr(observation_import._Checker, "row", querying)
    with pytest.raises(RuntimeError, match="during the import's COPY"):
        run(file(f"jobs,{c},2020,1," for c in CITIES))
    assert not Observation.objects.filter(indicator__code="jobs").exists()
    assert run(file(f"jobs,{c},2020,1," for c in CITIES[:2])).counts.created == 2  # the guard is gone


def test_sqlite_stages_in_batches(two, small_batches):
    if connection.vendor != "sqlite":
        pytest.skip("the batched path is SQLite's")
    with CaptureQueriesContext(connection) as queries:
        run(file(f"jobs,{c},2020,1," for c in CITIES))
    staged = [q for q in queries if 'INSERT INTO "indicators_stagedobservation"' in q["sql"]]
    assert len(staged) == 4  # ten rows in batches of three
