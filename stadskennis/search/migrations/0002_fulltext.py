"""The full-text index beside search_searchdocument, per database.

SQLite: an FTS5 table over the analysed columns, kept in step by triggers (external content).
PostgreSQL: a stored generated tsvector with weights A/B/C and a GIN index. Both use the plain
'simple'/'unicode61' tokenisation: the Dutch analysis already happened in Python.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms, extra_terms,
        content='search_searchdocument', content_rowid='id', prefix='2 3', tokenize='unicode61')""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms, extra_terms)
        VALUES (new.id, new.title_terms, new.body_terms, new.extra_terms); END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, extra_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms, old.extra_terms); END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, extra_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms, old.extra_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms, extra_terms)
        VALUES (new.id, new.title_terms, new.body_terms, new.extra_terms); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    """ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title_terms, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(body_terms, '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(extra_terms, '')), 'C')) STORED""",
    "CREATE INDEX search_vector_gin ON search_searchdocument USING gin (search_vector)",
    # Ranking reads a small vector (the title and the start of the text) instead of detoasting the
    # whole document's vector for every match.
    """ALTER TABLE search_searchdocument ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title_terms, '')), 'A') ||
        setweight(to_tsvector('simple', left(coalesce(body_terms, ''), 3000)), 'B')) STORED""",
]
POSTGRES_DOWN = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS rank_vector",
    "DROP INDEX IF EXISTS search_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
