"""The expert finder at scale (part of `make bench`), run after bench_search on its 100,000 items.

Adds BENCH_PEOPLE people (default 20,000) across the organisations, one or two contact persons on
every item, and 300 workgroups of 8 to 30 members, indexes the people and workgroups through the
one search, then times "wie is bezig met …?" for one- to three-word questions.
"""

from __future__ import annotations

import os
import random
import re
import time

from stadskennis.bench.search import _percentile, _sentences, _timed

SEED = 2027
FIRST = ["An", "Bram", "Els", "Koen", "Lotte", "Pieter", "Sarah", "Ward", "Joris", "Hanne", "Tom", "Yasmina",
         "Karen", "Kristof", "Nadia", "Bart", "Ilse", "Jonas", "Sofie", "Mehmet"]  # fmt: skip
LAST = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
        "De Smet", "Dubois", "Lambert", "Vermeulen", "Bouzid", "Verhoeven", "Goethals"]  # fmt: skip


def run(n_people: int) -> dict:
    setup = populate(n_people)
    return {**setup, **measure()}


def populate(n_people: int) -> dict:
    """The people, contact links and workgroups, indexed; returns the counts and the time taken."""
    from stadskennis.core.maintenance import refresh_planner_statistics
    from stadskennis.core.models import Organisation, Theme
    from stadskennis.core.outbox import record_changes
    from stadskennis.knowledge.models import KnowledgeItem
    from stadskennis.network.models import Person, Workgroup
    from stadskennis.search.indexer import in_process

    rng = random.Random(SEED)
    sentences = _sentences()
    organisations = list(Organisation.objects.exclude(slug__startswith="bench-"))  # not the survey bench's
    themes = list(Theme.objects.all())
    started = time.perf_counter()
    Person.objects.bulk_create(
        Person(
            first_name=rng.choice(FIRST),
            last_name=f"{rng.choice(LAST)} {i}",
            function=" ".join(rng.choice(sentences).split()[:4]).lower(),
            expertise=" ".join(rng.choice(sentences).split()[:25]),
            organisation=rng.choice(organisations),
        )
        for i in range(n_people)
    )
    people = list(Person.objects.values_list("pk", flat=True))
    items = list(KnowledgeItem.objects.values_list("pk", flat=True))
    through = KnowledgeItem.contacts.through
    links = {(item, rng.choice(people)) for item in items for _ in range(rng.randint(1, 2))}
    through.objects.bulk_create(
        (through(knowledgeitem_id=i, person_id=p) for i, p in links), batch_size=5000, ignore_conflicts=True
    )
    centre = Organisation.objects.get(slug="kenniscentrum")
    for g in range(300):
        group = Workgroup.objects.create(
            key=f"bench-{g}",
            name=" ".join(rng.choice(sentences).split()[:5]),
            owner=centre,
            purpose=" ".join(rng.choice(sentences).split()[:40]),
            visibility=rng.choice(["public", "network"]),
            lead_person_id=rng.choice(people),
        )
        group.members.set(rng.sample(people, rng.randint(8, 30)))
        group.themes.set(rng.sample(themes, 2))
    record_changes(Person, people)
    record_changes(Workgroup, Workgroup.objects.filter(key__startswith="bench-").values_list("pk", flat=True))
    in_process().catch_up()
    in_process().close()
    # People and links arrive one by one in production, and the worker's hourly round refreshes the
    # planner statistics; written here all at once, they get that round now.
    refresh_planner_statistics()
    return {
        "people": Person.objects.count(),
        "items": len(items),
        "contact_links": len(links),
        "setup_seconds": time.perf_counter() - started,
    }


def measure() -> dict:
    """Times one- to three-word questions (each twice) as a member of Stad Gent."""
    from django.db import connection

    from stadskennis.accounts.models import User
    from stadskennis.network.expertise import find_experts

    rng = random.Random(SEED + 1)
    sentences = _sentences()
    vocabulary = [w for w in re.findall(r"[a-zë]{5,}", " ".join(rng.sample(sentences, 3000)).lower())]
    questions = [" ".join(rng.sample(vocabulary, k)) for k in (1, 2, 3) for _ in range(15)]
    member = User.objects.get(email="lid.gent@stadskennis.example")
    samples, found = [], []
    for q in questions:
        samples += _timed(lambda q=q: found.append(len(find_experts(user=member, query=q))), rounds=2)
    return {
        "backend": connection.vendor,
        "questions": len(questions),
        "experts_p50_ms": _percentile(samples, 0.5),
        "experts_p95_ms": _percentile(samples, 0.95),
        "mean_people_found": sum(found) / len(found),
    }


def people_from_env() -> int:
    return int(os.environ.get("BENCH_PEOPLE", "20000"))
