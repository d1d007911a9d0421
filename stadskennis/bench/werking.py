"""The Werking at scale (part of `make bench`; alone with BENCH_ONLY=werking): ten years of activity
(2017–2026) at the size of the other modules' benchmarks, spread over the programme lines of their
periods: BENCH_WERKING_ITEMS knowledge items (default 100,000, as the search bench), 5,000 events with
their registrations (as the agenda bench), 3,000 workgroup meetings with their attendees, 1,000 survey
rounds sent to the 14 members, 3,000 questions, ten years of newsletters and 50,000 entries on the
cost centre. Timed: a programme line's page (member and anonymous, and its JSON twin) against the
static file of the same server, and one year's annual report drafted by the worker's own function,
its progress counted."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta

SEED = 2026
YEARS = range(2017, 2027)


def items_from_env() -> int:
    return int(os.environ.get("BENCH_WERKING_ITEMS", "100000"))


def _moment(rng, year: int):
    from django.utils import timezone

    start = datetime(year, 1, 1, 9)
    return timezone.make_aware(start + timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 8)))


def _lines_by_year() -> dict[int, list[int]]:
    from stadskennis.core.models import ProgrammeLine

    lines = {}
    for year in YEARS:
        lines[year] = list(
            ProgrammeLine.objects.filter(
                period__start_year__lte=year, period__end_year__gte=year
            ).values_list("pk", flat=True)
        )
    return lines


def _make_activity(n_items: int) -> dict:
    """Written in bulk: what is timed is reading them (their writes are tested elsewhere)."""
    from stadskennis.core.models import Organisation
    from stadskennis.events.models import Event, Registration
    from stadskennis.knowledge.models import KnowledgeItem
    from stadskennis.network.models import Meeting, Person, Workgroup
    from stadskennis.newsletter.models import Issue, IssueItem
    from stadskennis.programmes.models import LedgerEntry
    from stadskennis.questions.models import Question, Recipient, Rondvraag

    rng = random.Random(SEED)
    lines = _lines_by_year()
    centre = Organisation.objects.get(slug="kenniscentrum")
    members = list(Organisation.objects.filter(kind__in=["centre_city", "vgc"]))
    started = time.perf_counter()
    people = Person.objects.bulk_create(
        [
            Person(first_name=f"Bench{i}", last_name="Persoon", organisation=rng.choice(members))
            for i in range(2000)
        ],
        batch_size=1000,
    )
    people = list(Person.objects.filter(first_name__startswith="Bench"))
    groups = Workgroup.objects.bulk_create(
        [
            Workgroup(
                key=f"bench-wg-{i}",
                name=f"Werkgroep {i}",
                owner=centre,
                visibility="public",
                programme_line_id=rng.choice(lines[rng.choice(list(YEARS))]),
            )
            for i in range(200)
        ],
    )
    groups = list(Workgroup.objects.filter(key__startswith="bench-wg-"))
    meetings = []
    for i in range(3000):
        starts = _moment(rng, rng.choice(list(YEARS)))
        meetings.append(
            Meeting(
                workgroup=rng.choice(groups),
                title=f"Vergadering {i}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    through = Meeting.attendees.through
    links = {
        (m, p.pk)
        for m in Meeting.objects.filter(title__startswith="Vergadering ").values_list("pk", flat=True)
        for p in rng.sample(people, 8)
    }
    through.objects.bulk_create([through(meeting_id=m, person_id=p) for m, p in links], batch_size=5000)
    events = []
    for i in range(5000):
        year = rng.choice(list(YEARS))
        starts = _moment(rng, year)
        events.append(
            Event(
                slug=f"bench-w-{i}",
                title=f"Activiteit {i}",
                kind=rng.choice(Event.Kind.values),
                starts_at=starts,
                ends_at=starts + timedelta(hours=4),
                owner=centre,
                visibility=rng.choice(["public", "public", "network"]),
                audience=rng.choice(Event.Audience.values),
                programme_line_id=rng.choice(lines[year]),
            )
        )
    Event.objects.bulk_create(events, batch_size=1000)
    registrations = []
    for pk in Event.objects.filter(slug__startswith="bench-w-").values_list("pk", flat=True):
        for n in range(rng.randint(0, 30)):
            registrations.append(
                Registration(
                    event_id=pk,
                    name=f"Deelnemer {n}",
                    email=f"d{pk}-{n}@example.org",
                    organisation=rng.choice(members),
                    status="confirmed",
                    token=f"bench-{pk}-{n}",
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=5000)
    items = []
    for i in range(n_items):
        year = rng.choice(list(YEARS))
        items.append(
            KnowledgeItem(
                title=f"Kennisitem {i}",
                kind=rng.choice(KnowledgeItem.Kind.values[:4]),
                owner=rng.choice(members),
                visibility=rng.choice(["public", "network", "organisation"]),
                programme_line_id=rng.choice(lines[year] + [None]),
                created_at=_moment(rng, year),
                year=year,
            )
        )
    KnowledgeItem.objects.bulk_create(items, batch_size=2000)
    rounds = []
    for i in range(1000):
        year = rng.choice(list(YEARS))
        rounds.append(
            Rondvraag(
                title=f"Rondvraag {i}",
                owner=centre,
                visibility="organisation",
                phase="published",
                programme_line_id=rng.choice(lines[year]),
                created_at=_moment(rng, year),
            )
        )
    Rondvraag.objects.bulk_create(rounds, batch_size=1000)
    recipients = [
        Recipient(
            rondvraag_id=pk,
            organisation=member,
            token_hash=f"bench-{pk}-{member.pk}",
            status=rng.choice(["submitted", "invited"]),
            submitted_at=created,
        )
        for pk, created in Rondvraag.objects.filter(title__startswith="Rondvraag ").values_list(
            "pk", "created_at"
        )
        for member in members
    ]
    Recipient.objects.bulk_create(recipients, batch_size=5000)
    Question.objects.bulk_create(
        [
            Question(
                title=f"Vraag {i}",
                owner=rng.choice(members),
                visibility="network",
                created_at=_moment(rng, (year := rng.choice(list(YEARS)))),
                answered_at=_moment(rng, year),
            )
            for i in range(3000)
        ],
        batch_size=1000,
    )
    item_ids = list(
        KnowledgeItem.objects.filter(title__startswith="Kennisitem ").values_list("pk", flat=True)
    )
    number = 1000
    for year in YEARS:
        for month in range(1, 13):
            if month == 7 or Issue.objects.filter(kind="monthly", month=date(year, month, 1)).exists():
                continue  # no July issue; the demo's own issues stay
            number += 1
            issue = Issue.objects.create(number=number, month=date(year, month, 1), status=Issue.Status.SENT)
            IssueItem.objects.bulk_create(
                [
                    IssueItem(issue=issue, kind="practice", knowledge_item_id=rng.choice(item_ids))
                    for _ in range(9)
                ]
            )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                year=(year := rng.choice(list(YEARS))),
                booked_on=date(year, rng.randint(1, 12), 15),
                account_code=rng.choice(["6200", "6100", "7400", "7401"]),
                description=f"Boeking {i}",
                amount_cents=rng.randint(100, 2_000_000),
                cost_centre="KP",
                kind="operating",
                fingerprint=f"bench-{i}",
            )
            for i in range(50_000)
        ],
        batch_size=5000,
    )
    _as_autovacuum()
    return {"seconds": time.perf_counter() - started, "items": n_items, "events": 5000, "meetings": 3000}


def _as_autovacuum() -> None:
    """What autovacuum does within a minute of a load, now rather than during the timings (the test
    server here runs without it): on PostgreSQL the new rows' visibility, so a count over a covering
    index does not read the table, and the planner statistics; on SQLite the statistics, as every
    import refreshes them."""
    from django.db import connection

    from stadskennis.core.maintenance import refresh_planner_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")  # the statistics follow
    refresh_planner_statistics()


def run(n_items: int) -> dict:
    """Writes the activity here, times the pages in a fresh process (a web server does not hold what
    a bulk load of 100,000 rows leaves behind: here it made every request a quarter slower), and
    drafts the annual report here, as the worker would."""
    from stadskennis.core.models import ProgrammeLine
    from stadskennis.programmes.annual_report import gather
    from stadskennis.programmes.models import AnnualReport

    made = _make_activity(n_items)
    line = ProgrammeLine.objects.get(
        name__startswith="O(mgeving)", period__name="2022–2026"
    )  # two periods back
    measured = subprocess.run(  # noqa: S603 (this interpreter, this module)
        [sys.executable, "-m", "stadskennis.bench.werking", str(line.pk)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    timed = json.loads(measured.stdout.strip().splitlines()[-1])
    steps = []
    started = time.perf_counter()
    snapshot = gather(AnnualReport(year=2019), progress=lambda done, total: steps.append((done, total)))
    draft_seconds = time.perf_counter() - started
    return {
        "made": made,
        "pages": timed,
        "report_seconds": draft_seconds,
        "report_steps": len(steps),
        "report_lines": len(snapshot["lines"]),
        "report_items": sum(line["item_count"] for line in snapshot["lines"])
        + snapshot["other"]["item_count"],
    }


def print_werking(result: dict) -> None:
    made, pages = result["made"], result["pages"]
    static_p95 = pages["static file"]["p95_ms"]
    print(
        f"Werking over ten years: {made['items']:,} items, {made['events']:,} events, "
        f"{made['meetings']:,} meetings (written in {made['seconds']:.0f} s)"
    )
    for name, figures in pages.items():
        ratio = figures["p95_ms"] / static_p95 if static_p95 else 0
        target = "  (target ≤ 100 ms)" if name.startswith("programme line") else ""
        print(
            f"  {name:<28} p50 {figures['median_ms']:6.1f} ms  p95 {figures['p95_ms']:6.1f} ms  "
            f"{ratio:5.1f}x{target}"
        )
    print(
        f"  annual report 2019 drafted in {result['report_seconds']:.2f} s (target ≤ 30 s), "
        f"{result['report_steps']} progress steps, {result['report_lines']} programme lines, "
        f"{result['report_items']:,} items of the year"
    )


def measure_pages(line_pk: int) -> dict:
    """In a process of its own, prepared as the web server's entry point prepares one."""
    import django

    django.setup()
    from django.templatetags.static import static
    from django.test import Client

    from stadskennis.accounts.models import User
    from stadskennis.bench.run import _measure
    from stadskennis.core.process import ready_to_serve

    ready_to_serve()
    anonymous, member = Client(), Client()
    member.force_login(
        User.objects.get(email="lid.gent@stadskennis.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    path = f"/werking/programma/{line_pk}/"
    pages = {
        "static file": (anonymous, static("css/stadskennis.css")),
        "programme line, anonymous": (anonymous, path),
        "programme line, member": (member, path),
        "programme line, JSON twin": (member, path + "?formaat=json"),
        "programmes overview": (anonymous, "/werking/"),
    }
    return {name: _measure(client, url) for name, (client, url) in pages.items()}


if __name__ == "__main__":
    print(json.dumps(measure_pages(int(sys.argv[1]))))
