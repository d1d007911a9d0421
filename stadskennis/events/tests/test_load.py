"""The issue's load test: 400 members press "Inschrijven" at the same moment for 300 places, from 400
parallel clients over loopback, against gunicorn (several worker processes, each with threads) on the
suite's database, SQLite or PostgreSQL; and 50 guests through the public form at once, with the rate
limit counted in Redis for every worker. Nothing is lost, nothing is overbooked, no request fails."""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.events.models import Event, Registration
from stadskennis.events.tests.factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
MEMBERS, PLACES, GUESTS, GUEST_LIMIT = 400, 300, 50, 40
# The test's own databases in the local Redis, one per suite: `make test` runs the SQLite and the
# PostgreSQL suite side by side, and their events (and so their counters' keys) have the same ids.
REDIS_DB = {"sqlite": 14, "postgresql": 15}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _redis_url() -> str | None:
    """The suite's Redis database, emptied of an earlier run's counts; None when there is no Redis."""
    db = REDIS_DB[connection.vendor]
    try:
        import redis

        client = redis.Redis(host="127.0.0.1", port=6379, db=db, socket_timeout=2)
        for key in client.scan_iter("*events:guest-registrations:*"):
            client.delete(key)
    except Exception:  # noqa: BLE001 - no Redis here: the guests' part says so and is skipped
        return None
    return f"redis://127.0.0.1:6379/{db}"


@pytest.fixture
def server(tmp_path):
    """gunicorn as production runs it (several processes, threads), on the suite's database."""
    redis_url = _redis_url()
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.django.test",
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "EVENT_GUEST_REGISTRATIONS_PER_HOUR": str(GUEST_LIMIT),
        "SQLITE_BUSY_TIMEOUT": "120",  # 400 writers in a row on two cores: none may give up waiting
        **({"REDIS_URL": redis_url} if redis_url else {}),
    }
    log = (tmp_path / "gunicorn.log").open("w+")
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "4",
         "--threads", "8", "--timeout", "120", "--backlog", "2048"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as health:
                    if health.status == 200:  # ours, not whatever else took the port
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield {"port": port, "redis": redis_url}
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        _redis_url()  # leave no counts behind
        log.seek(0)
        errors = [line for line in log.read().splitlines() if "Traceback" in line]
        assert errors == [], errors


def _session_for(user) -> str:
    """A logged-in session, as the login page makes one (same database, same secret key)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _all_at_once(port: int, requests: list[tuple[str, dict, str]]) -> tuple[list[int], list[str], float]:
    """POST every (path, form, cookie) at the same moment, each from its own client and connection."""
    barrier = threading.Barrier(len(requests) + 1, timeout=120)
    statuses: list[int] = [0] * len(requests)
    bodies: list[str] = [""] * len(requests)

    def post(i: int, path: str, form: dict, cookie: str) -> None:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        body = urlencode(form)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        try:
            client.connect()
        finally:
            barrier.wait()  # also when the connection failed: the others are not kept waiting
        try:
            client.request("POST", path, body=body, headers=headers)
            response = client.getresponse()
            statuses[i], bodies[i] = response.status, response.read().decode()
        except OSError as error:  # a refused or dropped connection counts as a failure
            bodies[i] = repr(error)
        finally:
            client.close()

    threads = [threading.Thread(target=post, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return statuses, bodies, time.perf_counter() - started


def _csrf(cookie: str = "") -> tuple[str, dict]:
    """A CSRF cookie and the matching form field (Django accepts the unmasked secret)."""
    secret = secrets.token_hex(16)
    return f"{settings.CSRF_COOKIE_NAME}={secret}" + (f"; {cookie}" if cookie else ""), {
        "csrfmiddlewaretoken": secret
    }


def test_400_members_at_once_for_300_places_through_gunicorn(server, gent, centre, capsys):
    event = make_event(owner=centre, capacity=PLACES, title="Congres stad in de wijk")
    requests = []
    for n in range(MEMBERS):
        member = MemberFactory(email=f"lid{n}@last.example", organisation=gent)
        cookie, form = _csrf(f"{settings.SESSION_COOKIE_NAME}={_session_for(member)}")
        requests.append((f"/agenda/{event.slug}/inschrijven/", form, cookie))
    statuses, bodies, seconds = _all_at_once(server["port"], requests)
    assert [s for s in statuses if s != 302] == [], sorted(set(bodies))[:3]  # every click answered
    counts = {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in ("confirmed", "waiting")
    }
    assert counts == {"confirmed": PLACES, "waiting": MEMBERS - PLACES}
    assert Registration.objects.filter(event=event).count() == MEMBERS  # nobody lost, nobody twice
    with capsys.disabled():
        print(
            f"\n{MEMBERS} one-click registrations at once via gunicorn ({connection.vendor}): {seconds:.2f} s"
        )


def test_50_guests_at_once_through_the_public_form(server, centre, capsys):
    if server["redis"] is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis on 127.0.0.1:6379 is part of this machine's setup")
        pytest.skip("no Redis here: the rate limit is counted per web process without it")
    event = make_event(owner=centre, capacity=30, title="Open studiedag", audience=Event.Audience.PUBLIC)
    requests = []
    for n in range(GUESTS):
        cookie, form = _csrf()
        form |= {"name": f"Gast {n}", "email": f"gast{n}@zele.example", "organisation_name": "Gemeente Zele"}
        requests.append((f"/agenda/{event.slug}/inschrijven/", form, cookie))
    statuses, bodies, seconds = _all_at_once(server["port"], requests)
    accepted = [b for s, b in zip(statuses, bodies, strict=True) if s == 200]
    refused = [b for s, b in zip(statuses, bodies, strict=True) if s == 400]
    assert len(accepted) == GUEST_LIMIT and len(refused) == GUESTS - GUEST_LIMIT, sorted(set(statuses))
    assert all("Kijk in je mailbox" in b for b in accepted)
    assert all("Te veel inschrijvingen vanaf je netwerk" in b for b in refused)
    rows = Registration.objects.filter(event=event)
    assert rows.count() == GUEST_LIMIT
    assert rows.filter(held_until__isnull=False).count() == 30  # the places held, no more
    with capsys.disabled():
        print(
            f"\n{GUESTS} guests through the form at once via gunicorn ({connection.vendor}): {seconds:.2f} s"
        )
