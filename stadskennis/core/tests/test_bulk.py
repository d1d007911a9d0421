"""insert_rows: the importers' fast path writes what bulk_create would, and nothing when it fails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError

from stadskennis.core.bulk import insert_rows
from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_rows_read_back_as_the_orm_wrote_them():
    item = KnowledgeItemFactory()
    content_type = ContentType.objects.get_for_model(KnowledgeItem)
    when = dt.datetime(2026, 3, 4, 5, 6, 7, 890000, tzinfo=dt.UTC)
    fields = ("created_at", "actor", "action", "content_type", "object_id", "object_repr", "changes")
    written = insert_rows(
        AuditEntry,
        fields,
        [(when, None, "import", content_type.pk, str(item.pk), "Één titel", {"id": "x:1", "n": [1, 2]})],
    )
    entry = AuditEntry.objects.get(object_id=str(item.pk), action="import")
    assert written == 1
    assert entry.created_at == when
    assert entry.object_repr == "Één titel"
    assert entry.changes == {"id": "x:1", "n": [1, 2]}
    assert entry.actor is None
    second = dt.timedelta(seconds=1)
    in_that_second = AuditEntry.objects.filter(created_at__gte=when, created_at__lt=when + second)
    assert in_that_second.count() == 1


def test_links_of_a_many_to_many_table():
    item = KnowledgeItemFactory()
    themes = ThemeFactory.create_batch(2)
    insert_rows(KnowledgeItem.themes.through, ("knowledgeitem", "theme"), [(item.pk, t.pk) for t in themes])
    assert set(item.themes.all()) == set(themes)


def test_a_failing_row_writes_nothing_of_the_batch():
    item = KnowledgeItemFactory()
    theme = ThemeFactory()
    through = KnowledgeItem.themes.through
    before = through.objects.count()
    with pytest.raises(IntegrityError):  # no transaction around it: insert_rows has its own
        # the second row repeats the first: the unique pair fails, and the first goes too
        insert_rows(through, ("knowledgeitem", "theme"), [(item.pk, theme.pk), (item.pk, theme.pk)])
    assert through.objects.count() == before


def test_objects_get_their_keys_and_every_field_as_bulk_create_would_write_it():
    from stadskennis.core.bulk import insert_objects
    from stadskennis.core.tests.factories import OrganisationFactory

    owner = OrganisationFactory()
    items = [
        KnowledgeItem(external_id=f"t:{n}", title=f"Titel {n}", body="Tekst", kind="study", owner=owner)
        for n in range(3)
    ]
    insert_objects(items, key="external_id")
    for item in items:
        stored = KnowledgeItem.objects.get(pk=item.pk)
        assert stored.external_id == item.external_id
        assert (stored.title, stored.owner_id, stored.visibility) == (item.title, owner.pk, item.visibility)
        assert stored.created_at is not None and stored.updated_at is not None
