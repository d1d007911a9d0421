"""A factory-made item is what the interface would have made: audited and found by search."""

from __future__ import annotations

import pytest

from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


def test_a_factory_item_is_searchable_and_audited(cast, gent):
    wonen = ThemeFactory(name="Wonen")
    item = KnowledgeItemFactory(
        title="Renovatiepremie in Gent", owner=gent, themes=[wonen], actor=cast["editor"]
    )
    secret = KnowledgeItemFactory(title="Renovatieplan intern", owner=gent, visibility="draft")

    assert [r.title for r in search(user=None, query="renovatiepremie").results] == [item.title]
    assert secret.title not in {r.title for r in search(user=None, query="renovatieplan").results}
    assert list(item.themes.all()) == [wonen]
    entry = AuditEntry.objects.get(object_repr=item.title, action="create")
    assert entry.actor == cast["editor"] and item.created_by == cast["editor"]
