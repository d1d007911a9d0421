"""The Agenda at scale (part of `make bench`; alone with BENCH_ONLY=events): the agenda page, filtered
and not, and an event's page, with BENCH_EVENTS events (default 5,000: some twenty years of a busy
centre), against the static file of the same server; and 400 one-click registrations at once for
300 places, from BENCH_CONNECTIONS threads with a connection each (default 60: PostgreSQL's default
max_connections is 100, and the load test through gunicorn covers 400 connections)."""

from __future__ import annotations

import os
import random
import threading
import time
from datetime import timedelta

SEED = 2026


def events_from_env() -> int:
    return int(os.environ.get("BENCH_EVENTS", "5000"))


def _make_events(n: int) -> None:
    """Written in bulk: what is timed is reading them (their writes are tested elsewhere)."""
    from django.utils import timezone

    from stadskennis.core.models import Organisation, Theme
    from stadskennis.events.models import Event

    rng = random.Random(SEED)
    centre = Organisation.objects.get(slug="kenniscentrum")
    cities = list(Organisation.objects.filter(kind="centre_city"))
    themes = list(Theme.objects.all())
    now = timezone.now()
    rows = []
    for i in range(n):
        starts = now + timedelta(days=rng.randint(-7000, 400), hours=rng.randint(8, 16))
        rows.append(
            Event(
                slug=f"bench-{i}",
                title=f"Activiteit {i} over {rng.choice(themes).name}",
                summary="Een studiedag voor de steden.",
                kind=rng.choice(Event.Kind.values),
                starts_at=starts,
                ends_at=starts + timedelta(hours=rng.randint(2, 30)),
                owner=centre,
                visibility=rng.choice(["public"] * 6 + ["network"] * 3 + ["draft"]),
                audience=rng.choice(Event.Audience.values),
                organising_city=rng.choice(cities),
                capacity=rng.choice([None, 25, 80, 300]),
            )  # fmt: skip
        )
    Event.objects.bulk_create(rows, batch_size=1000)
    through = Event.themes.through
    links = [
        through(event_id=pk, theme_id=rng.choice(themes).pk)
        for pk in Event.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)
    ]
    through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)


def _registrations_at_once(n_people: int, places: int) -> dict:
    from django.db import connection

    from stadskennis.accounts.models import User
    from stadskennis.core.models import Organisation
    from stadskennis.events import registrations
    from stadskennis.events.models import Event, Registration
    from stadskennis.events.services import event_create

    gent = Organisation.objects.get(slug="gent")
    User.objects.bulk_create(
        User(email=f"bench-lid-{i}@gent.example", full_name=f"Lid {i}", organisation=gent)
        for i in range(n_people)
    )
    users = list(User.objects.filter(email__startswith="bench-lid-"))
    soon = users[0].date_joined + timedelta(days=30)
    event = event_create(
        actor=None, slug="bench-drukte", title="Drukke studiedag", kind=Event.Kind.STUDY_DAY,
        starts_at=soon, ends_at=soon + timedelta(hours=6), owner=gent, visibility="network", capacity=places,
    )  # fmt: skip
    connections = min(len(users), int(os.environ.get("BENCH_CONNECTIONS", "60")))
    barrier = threading.Barrier(connections)
    errors: list[BaseException] = []

    def some(group):
        try:
            barrier.wait()
            for user in group:
                try:
                    registrations.register_member(event=event, user=user)
                except BaseException as error:  # noqa: BLE001 - counted and printed
                    errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=some, args=(users[i::connections],)) for i in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    statuses = list(event.registrations.values_list("status", flat=True))
    return {
        "people": n_people,
        "places": places,
        "connections": connections,
        "confirmed": statuses.count(Registration.Status.CONFIRMED),
        "waiting": statuses.count(Registration.Status.WAITING),
        "errors": len(errors),
        "seconds": seconds,
    }


def run(n_events: int) -> dict:
    from django.templatetags.static import static
    from django.test import Client

    from stadskennis.accounts.models import User
    from stadskennis.bench.run import _measure

    _make_events(n_events)
    anonymous, member = Client(), Client()
    member.force_login(
        User.objects.get(email="lid.gent@stadskennis.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    pages = {
        "static file": (anonymous, static("css/stadskennis.css")),
        "agenda, anonymous": (anonymous, "/agenda/"),
        "agenda, member": (member, "/agenda/"),
        "agenda, past, page 20": (member, "/agenda/?wanneer=past&pagina=20"),
        "agenda, kind and city": (member, "/agenda/?soort=workshop&stad=gent"),
        "agenda, theme": (member, "/agenda/?thema=wonen"),
        "an event": (member, "/agenda/bench-7/"),
    }
    timed = {name: _measure(client, path) for name, (client, path) in pages.items()}
    return {"events": n_events, "pages": timed, "registrations": _registrations_at_once(400, 300)}


def print_events(result: dict) -> None:
    pages = result["pages"]
    static_p95 = pages["static file"]["p95_ms"]
    print(f"Agenda with {result['events']:,} events")
    for name, figures in pages.items():
        ratio = figures["p95_ms"] / static_p95 if static_p95 else 0
        target = "  (target ≤ 60 ms)" if name.startswith("agenda") else ""
        p50, p95 = figures["median_ms"], figures["p95_ms"]
        print(f"  {name:<26} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {ratio:5.1f}x{target}")
    r = result["registrations"]
    print(
        f"  {r['people']} registrations at once for {r['places']} places: {r['confirmed']} confirmed, "
        f"{r['waiting']} waiting, {r['errors']} errors, in {r['seconds']:.2f} s ({r['connections']} "
        "threads in one process, a connection each; through gunicorn: events/tests/test_load.py)"
    )
