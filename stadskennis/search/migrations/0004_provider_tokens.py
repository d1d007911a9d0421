"""Documents indexed before module tokens existed get theirs (see search.index.provider_token), so an
update needs no manual reindex. The triggers (SQLite) and generated columns (PostgreSQL) follow."""

from django.db import migrations

SQL = (
    "UPDATE search_searchdocument SET extra_terms = extra_terms || ' zzprovider' || replace(provider, '_', '') "
    "WHERE extra_terms NOT LIKE %s"
)


def add_tokens(apps, schema_editor):
    schema_editor.execute(SQL, ["%zzprovider%"])


class Migration(migrations.Migration):
    dependencies = [("search", "0003_about_index")]

    operations = [migrations.RunPython(add_tokens, migrations.RunPython.noop)]
