"""A second, small full-text index over what a document is about (its title, themes, organisations
and module), beside the full one. Questions like "who works on X?" rank on it: its posting lists are
short, where the full index's lists for common words run through every long attachment."""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_about_fts USING fts5(
        title_terms, extra_terms, content='search_searchdocument', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER search_about_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_about_fts(rowid, title_terms, extra_terms) VALUES (new.id, new.title_terms, new.extra_terms);
        END""",
    """CREATE TRIGGER search_about_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_about_fts(search_about_fts, rowid, title_terms, extra_terms)
        VALUES ('delete', old.id, old.title_terms, old.extra_terms); END""",
    """CREATE TRIGGER search_about_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_about_fts(search_about_fts, rowid, title_terms, extra_terms)
        VALUES ('delete', old.id, old.title_terms, old.extra_terms);
        INSERT INTO search_about_fts(rowid, title_terms, extra_terms) VALUES (new.id, new.title_terms, new.extra_terms);
        END""",
    "INSERT INTO search_about_fts(search_about_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_about_au",
    "DROP TRIGGER IF EXISTS search_about_ad",
    "DROP TRIGGER IF EXISTS search_about_ai",
    "DROP TABLE IF EXISTS search_about_fts",
]
POSTGRES_UP = [
    """ALTER TABLE search_searchdocument ADD COLUMN about_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title_terms, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(extra_terms, '')), 'C')) STORED""",
    "CREATE INDEX search_about_gin ON search_searchdocument USING gin (about_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_about_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS about_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
