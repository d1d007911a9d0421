"""Query counts pinned on the main pages: they must not grow with the number of rows shown.

Each page is measured with one row of what it lists, then again after 25 more, each with its own
organisation, theme and people attached (what an N+1 query would fetch row by row). The test
checks that the added rows reach the page: a count that stays flat because nothing new is shown
proves nothing.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stadskennis.core.tests.factories import OrganisationFactory, ThemeFactory
from stadskennis.demo.services import demo_load
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.tests.factories import PersonFactory, WorkgroupFactory
from stadskennis.search.indexer import in_process

pytestmark = pytest.mark.django_db

MARKER = re.compile(r"Groeiproef (\d+)")


def queries_for(client, path: str) -> tuple[int, str]:
    in_process().catch_up()  # the indexer's work, not the page's (tests apply the outbox on read)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context), response.content.decode()


def shown(html: str) -> int:
    """How many of the added rows the page shows."""
    return len(set(MARKER.findall(html)))


def add_items(start: int, count: int) -> None:
    for n in range(start, start + count):
        organisation = OrganisationFactory()
        KnowledgeItemFactory(
            title=f"Groeiproef {n}",
            summary="Een aanpak in de stad.",
            owner=organisation,
            themes=[ThemeFactory()],
            organisations=[organisation],
            contacts=[PersonFactory(organisation=organisation)],
        )


def add_people(start: int, count: int) -> None:
    for n in range(start, start + count):
        PersonFactory(first_name="Groeiproef", last_name=str(n), themes=[ThemeFactory()])


def add_workgroups(start: int, count: int) -> None:
    for n in range(start, start + count):
        lead = PersonFactory()
        WorkgroupFactory(
            name=f"Groeiproef {n}",
            lead_organisation=lead.organisation,
            lead_person=lead,
            members=[lead, PersonFactory()],
            themes=[ThemeFactory()],
        )


# path: (what the page lists, how many of 26 rows one page shows, the pinned query count)
PAGES = {
    "/": (add_items, 6, 4),
    "/kennisbank/": (add_items, 20, 5),
    "/zoeken/?q=stad": (add_items, 20, 9),
    "/netwerk/": (add_people, 26, 3),
    "/netwerk/werkgroepen/": (add_workgroups, 26, 1),
}


@pytest.mark.parametrize("path", PAGES)
def test_page_queries_do_not_grow_with_content(client, path):
    add, per_page, pinned = PAGES[path]
    add(0, 1)
    client.get(path)  # caches filled once per process (content types, translations) do not count
    before, html = queries_for(client, path)
    assert shown(html) == 1

    add(1, 25)
    after, html = queries_for(client, path)
    assert shown(html) == per_page, "the added rows must reach the page, or the count proves nothing"
    assert after <= before, f"{path}: {before} queries with one row, {after} with {per_page}"
    assert before <= pinned, f"{path} uses {before} queries"


def test_start_page_queries_are_bounded(client_for):
    demo_load()
    from stadskennis.accounts.models import User

    client = client_for(User.objects.get(email="lid.gent@stadskennis.example"))
    count, _html = queries_for(client, reverse("home:start"))
    # "Mijn taken" asks one query per task source: six for a member (plans: releases; the Agenda: places
    # offered), and the Agenda one for the registrations listed
    assert count <= 18
