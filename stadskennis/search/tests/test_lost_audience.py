"""A document that lost its audience (a draft whose author was removed) is for centre staff only: its
results, counts and facets, which come from the index alone, never reach anyone else."""

from __future__ import annotations

import pytest

from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


def test_a_draft_without_its_author_counts_for_staff_only(cast, gent):
    KnowledgeItemFactory(title="Kadewerken in de haven", visibility="draft", owner=gent, actor=None)
    KnowledgeItemFactory(title="Kadewerken aan de Leie", visibility="public", owner=gent)
    for role in ("anonymous", "member", "other_member"):
        found = search(user=cast[role], query="kadewerken")
        assert found.total == 1, role
        assert found.facet_counts["kind"] == {"study": 1}, role
    staff = search(user=cast["editor"], query="kadewerken")
    assert staff.total == 2 and staff.facet_counts["kind"] == {"study": 2}
    assert {r.title for r in staff.results} == {"Kadewerken in de haven", "Kadewerken aan de Leie"}
