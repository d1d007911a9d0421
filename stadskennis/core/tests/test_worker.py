"""The worker never dies: it outlives a database locked past its busy timeout (or a lost connection
on PostgreSQL) and then runs the queue; a task whose worker was killed is run again when that is
safe and failed with a message when it is not; the heartbeats of the worker and the search indexer
show in /healthz, and /healthz/worker answers 503 when one is stale. Real processes throughout."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stadskennis.core.heartbeat import SEARCH_INDEXER, WORKER, this_host
from stadskennis.core.models import ProcessHeartbeat
from stadskennis.core.recovery import tasks_recover
from stadskennis.core.tasks import send_email
from stadskennis.core.tests import worker_tasks

ROOT = Path(__file__).resolve().parents[3]


def _database_env() -> dict[str, str]:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return {
            "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}",
            "DB_CONN_MAX_AGE": "60",  # as docs/deploy.md advises: a connection that can be lost
        }
    return {"DATABASE_URL": f"sqlite:///{settings['NAME']}"}


def _spawn(args: list[str], tmp_path: Path, name: str, **env: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        **_database_env(),
        "DJANGO_SETTINGS_MODULE": "config.django.local",
        "DEBUG": "0",
        "SEARCH_INDEX_DIR": str(tmp_path / "search"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        **env,
    }
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "stadskennis", *args],
        env=environment,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _worker(tmp_path: Path, worker_id: str, **env: str) -> subprocess.Popen:
    args = ["worker", "--interval", "0.1", "--no-startup-delay", "--no-reload", "--worker-id", worker_id]
    return _spawn(args, tmp_path, worker_id, **env)


def _wait_until(check: Callable[[], object], what: str, seconds: float = 40) -> None:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, f"waited {seconds} s for {what}"
        time.sleep(0.1)


def _stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _cut_the_database_off(seconds: float) -> None:
    """SQLite: another connection holds the write lock `seconds` long, past the processes' busy
    timeout. PostgreSQL: every other connection to the database is terminated, again and again."""
    if connection.vendor == "sqlite":
        holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()
        return
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        time.sleep(0.5)


def _result(result_id) -> DBTaskResult:
    return DBTaskResult.objects.get(id=result_id)


@pytest.mark.django_db(transaction=True)
def test_the_worker_and_the_indexer_outlive_a_database_cut_off_then_the_mail_goes_out(
    tmp_path, smtp_server, mailbox, client
):
    controller, _inbox = smtp_server
    busy_timeout = {"SQLITE_BUSY_TIMEOUT": "1"}
    mail = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1"}
    worker = _worker(tmp_path, "test-worker", EMAIL_PORT=str(controller.port), **mail, **busy_timeout)
    indexer = _spawn(["search-indexer", "--interval", "0.1"], tmp_path, "indexer", **busy_timeout)
    try:
        worker_log = tmp_path / "test-worker.log"
        _wait_until(lambda: "start" in worker_log.read_text().lower(), "the worker to start")
        time.sleep(2)  # both loops are polling now

        _cut_the_database_off(seconds=4)

        time.sleep(1)
        assert worker.poll() is None, worker_log.read_text()
        assert indexer.poll() is None, (tmp_path / "indexer.log").read_text()
        result = send_email.enqueue("Na de storing", "De wachtrij loopt weer.", ["greet@gent.example"])
        _wait_until(lambda: _result(result.id).status == "SUCCESSFUL", "the mail task to run")
        _wait_until(lambda: len(mailbox) == 1, "the mail to arrive")
        assert mailbox[0]["Subject"] == "Na de storing"

        fault = "database is locked" if connection.vendor == "sqlite" else "terminat"
        assert fault in worker_log.read_text()  # it did meet the fault
        _wait_until(lambda: ProcessHeartbeat.objects.filter(name=SEARCH_INDEXER).exists(), "the indexer")
        health = client.get("/healthz").json()
        assert health["worker"]["stale"] is False and health["search_indexer"]["stale"] is False
        assert client.get("/healthz/worker").status_code == 200
    finally:
        _stop(worker, indexer)


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_was_killed_runs_again_when_safe_and_fails_with_a_message_when_not(tmp_path):
    first = _worker(tmp_path, "test-worker-a")
    second = third = None
    try:
        resumable = worker_tasks.wait_resumable.enqueue(str(tmp_path / "resumable"))
        _wait_until(lambda: (tmp_path / "resumable.started").exists(), "the first worker to start the task")
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert _result(resumable.id).status == "RUNNING"  # left behind, as after an out-of-memory kill

        second = _worker(tmp_path, "test-worker-b")
        _wait_until(lambda: _result(resumable.id).status == "SUCCESSFUL", "the next worker to resume it")
        row = _result(resumable.id)
        assert row.return_value == "resumed"
        assert row.worker_ids == ["test-worker-a", "test-worker-b"]

        once = worker_tasks.wait_once.enqueue(str(tmp_path / "once"))
        _wait_until(lambda: (tmp_path / "once.started").exists(), "the second worker to start the task")
        second.send_signal(signal.SIGKILL)
        second.wait()

        third = _worker(tmp_path, "test-worker-c")
        _wait_until(lambda: _result(once.id).status == "FAILED", "the next worker to fail it")
        row = _result(once.id)
        assert row.worker_ids == ["test-worker-b"]  # not run again: a mail could go out twice
        assert "De achtergrondverwerking stopte terwijl deze taak liep" in row.traceback
        assert third.poll() is None
    finally:
        _stop(*(p for p in (first, second, third) if p is not None))


def _running(task_result, *, worker_ids: list[str], started_minutes_ago: float) -> None:
    DBTaskResult.objects.filter(id=task_result.id).update(
        status="RUNNING",
        worker_ids=worker_ids,
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago),
    )


@pytest.mark.django_db
def test_the_lease_of_a_worker_that_went_silent_expires_but_a_live_one_keeps_its_tasks():
    stale = timezone.now() - timedelta(minutes=10)
    ProcessHeartbeat.objects.create(key="silent", name=WORKER, host="elders", pid=4242, beat_at=stale)
    ProcessHeartbeat.objects.create(key="alive", name=WORKER, host="elders", pid=4243)
    of_silent = send_email.enqueue("Onderwerp", "Tekst", ["a@gent.example"])
    _running(of_silent, worker_ids=["silent"], started_minutes_ago=11)
    of_alive = send_email.enqueue("Onderwerp", "Tekst", ["b@gent.example"])
    _running(of_alive, worker_ids=["alive"], started_minutes_ago=30)
    without_heartbeat_old = send_email.enqueue("Onderwerp", "Tekst", ["c@gent.example"])
    _running(without_heartbeat_old, worker_ids=["db-worker-of-before"], started_minutes_ago=30)
    without_heartbeat_new = send_email.enqueue("Onderwerp", "Tekst", ["d@gent.example"])
    _running(without_heartbeat_new, worker_ids=["just-started"], started_minutes_ago=0)

    assert tasks_recover() == {"resumed": 0, "failed": 2}

    assert _result(of_silent.id).status == "FAILED"
    assert "niet opnieuw gestart" in _result(of_silent.id).traceback
    assert _result(without_heartbeat_old.id).status == "FAILED"
    assert _result(of_alive.id).status == "RUNNING"
    assert _result(without_heartbeat_new.id).status == "RUNNING"


@pytest.mark.django_db
def test_healthz_shows_the_heartbeats_and_keeps_its_status_about_the_database(client):
    ProcessHeartbeat.objects.create(key="w", name=WORKER, host="worker-host", pid=10)
    ProcessHeartbeat.objects.create(
        key="i",
        name=SEARCH_INDEXER,
        host=this_host(),
        pid=11,
        beat_at=timezone.now() - timedelta(minutes=10),
    )

    health = client.get("/healthz")
    assert health.status_code == 200  # a stale indexer is no reason to take the web host out
    body = health.json()
    assert body["database"] == "up"
    assert body["worker"]["stale"] is False and body["worker"]["age_seconds"] < 5
    assert body["worker"]["host"] == "worker-host"
    assert body["search_indexer"]["stale"] is True and body["search_indexer"]["age_seconds"] >= 600
    assert body["search_indexer"]["last_heartbeat"].startswith(str(timezone.now().year))

    monitoring = client.get("/healthz/worker")
    assert monitoring.status_code == 503 and monitoring.json()["stale"] == ["search_indexer"]

    ProcessHeartbeat.objects.filter(key="i").update(beat_at=timezone.now())
    assert client.get("/healthz/worker").status_code == 200


@pytest.mark.django_db
def test_healthz_worker_answers_503_when_no_worker_ever_beat(client):
    ProcessHeartbeat.objects.create(key="i", name=SEARCH_INDEXER, host=this_host(), pid=11)
    response = client.get("/healthz/worker")
    assert response.status_code == 503
    assert response.json()["worker"]["last_heartbeat"] is None and response.json()["stale"] == ["worker"]
    assert client.get("/healthz").status_code == 200
