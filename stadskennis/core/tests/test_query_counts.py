"""Query counts pinned on the main pages: they must not grow with the number of items shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stadskennis.demo.services import demo_load
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.search.indexer import in_process

pytestmark = pytest.mark.django_db


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "path", ["/", "/kennisbank/", "/netwerk/", "/netwerk/werkgroepen/", "/zoeken/?q=stad"]
)
def test_page_queries_do_not_grow_with_content(client, path):
    demo_load()
    in_process().catch_up()  # the index is built by the indexer, not by the page
    before = queries_for(client, path)
    owner = KnowledgeItem.objects.first().owner
    for n in range(30):
        KnowledgeItem.objects.create(
            title=f"Extra stad {n}", kind="study", owner=owner, visibility="public", summary="stad"
        )
    assert queries_for(client, path) <= before
    assert before <= 12, f"{path} uses {before} queries"


def test_start_page_queries_are_bounded(client_for):
    demo_load()
    from stadskennis.accounts.models import User

    client = client_for(User.objects.get(email="lid.gent@stadskennis.example"))
    assert queries_for(client, reverse("home:start")) <= 14
