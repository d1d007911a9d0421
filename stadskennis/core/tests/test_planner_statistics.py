"""The database keeps its planner statistics: SQLite gathers none by itself, so a table that grew is
planned as if empty until something runs ANALYZE. An import, a migration and the worker's hourly
round each refresh them (PostgreSQL's autovacuum would too, but only some time later)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from stadskennis.knowledge.services import item_create

ROOT = Path(__file__).resolve().parents[3]
ITEMS = "knowledge_knowledgeitem"


def _forget_statistics() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                cursor.execute("DELETE FROM sqlite_stat1")
        else:  # what pg_class says of a table never analysed
            cursor.execute("UPDATE pg_class SET reltuples = -1 WHERE relname = %s", [ITEMS])


def _rows_the_planner_expects(table: str) -> int | None:
    """The row count the statistics give the planner for `table`; None: no statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone():
                return None
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        tuples = cursor.fetchone()[0]
        return None if tuples < 0 else int(tuples)


@pytest.mark.django_db
def test_an_import_leaves_the_planner_statistics_of_the_grown_tables(gent, tmp_path):
    _forget_statistics()
    lines = [
        json.dumps({"id": f"stat-{n}", "title": f"Praktijk {n}", "kind": "practice", "owner": "gent"})
        for n in range(40)
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    call_command("import-items", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert _rows_the_planner_expects(ITEMS) == 40


@pytest.mark.django_db(transaction=True)
def test_the_worker_refreshes_the_statistics_when_its_hour_is_up(gent, cast, settings):
    for n in range(12):
        item_create(actor=cast["editor"], title=f"Item {n}", kind="study", owner=gent, visibility="public")
    _forget_statistics()
    settings.PLANNER_STATISTICS_SECONDS = 0  # the hour is up at once

    call_command("worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    assert _rows_the_planner_expects(ITEMS) == 12


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a copy of the database: one SQLite file")
@pytest.mark.django_db(transaction=True)
def test_a_migration_refreshes_the_statistics_of_tables_that_hold_data(gent, cast, tmp_path):
    # Given a platform with content (a copy of this test database), one migration behind
    for n in range(15):
        item_create(actor=cast["editor"], title=f"Item {n}", kind="study", owner=gent, visibility="public")
    database = tmp_path / "upgrade.sqlite3"
    with sqlite3.connect(connection.settings_dict["NAME"]) as source, sqlite3.connect(database) as copy:
        source.backup(copy)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.django.local",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{database}",
        "SEARCH_INDEX_DIR": str(tmp_path / "search"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    def stadskennis(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "stadskennis", *args], env=env, cwd=ROOT, check=True, capture_output=True
        )

    stadskennis("migrate", "knowledge", "0006", "--noinput")  # the newest migration undone
    with sqlite3.connect(database) as db:
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            db.execute("DELETE FROM sqlite_stat1")

    # when the upgrade migrates
    stadskennis("migrate", "--noinput")

    # then the planner knows how many items there are
    with sqlite3.connect(database) as db:
        analysed = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        stat = analysed and db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = ?", [ITEMS]).fetchone()
    assert stat and int(stat[0].split()[0]) == 15
