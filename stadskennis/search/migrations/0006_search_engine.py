"""Search moves into the embedded engine (decision 0009): the full-text tables, their triggers and
the tsvector columns go, and so do the document and facet tables they indexed. The index is rebuilt
from the modules' own tables by the indexer, which the outbox entry added here asks for."""

from django.db import migrations

SQLITE = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TRIGGER IF EXISTS search_about_au",
    "DROP TRIGGER IF EXISTS search_about_ad",
    "DROP TRIGGER IF EXISTS search_about_ai",
    "DROP TABLE IF EXISTS search_about_fts",
    "DROP TABLE IF EXISTS plain_fts",
]
POSTGRES = [
    "DROP INDEX IF EXISTS search_about_gin",
    "DROP INDEX IF EXISTS search_vector_gin",
    "DROP INDEX IF EXISTS plain_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS about_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS rank_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS plain_vector",
]


def drop_fulltext(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def ask_for_rebuild(apps, schema_editor):
    apps.get_model("core", "OutboxEntry").objects.create(model="*")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_provider_newest_index"), ("core", "0002_outbox")]

    operations = [
        migrations.RunPython(drop_fulltext, migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchFacet"),
        migrations.DeleteModel(name="SearchDocument"),
        migrations.RunPython(ask_for_rebuild, migrations.RunPython.noop),
    ]
