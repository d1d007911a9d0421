"""A writer that keeps changing the knowledge base while a backup runs (test_backup_under_load).

Run as its own process: `python -m stadskennis.core.tests.backup_writer LOG STOPFILE`. Each
transaction either creates an item with its attachments, themes and organisations (the title says
how many of each), or deletes the oldest such item with all of its rows. It is the only writer, so
the row counts it reads right after each commit are the state of the database at that moment; it
appends them to LOG as one JSON line. It stops when STOPFILE exists, or after a bounded time.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

MAX_SECONDS = 60
TITLE = "Schrijver {n}: {attachments} bijlagen, {themes} thema's"


def table_counts(using: str = "default") -> dict[str, int]:
    """Rows per table, read in one statement (one moment), for every table a backup carries."""
    from django.apps import apps
    from django.db import connections

    from stadskennis.core.backup import EXCLUDED_MODELS

    excluded = {apps.get_model(label)._meta.db_table for label in EXCLUDED_MODELS}
    connection = connections[using]
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - excluded
    )
    quote = connection.ops.quote_name
    # Table names from the models' own metadata, not from input.
    sql = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM {quote(table)}" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def run(log: Path, stop: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from stadskennis.accounts.models import User
    from stadskennis.core.models import Organisation, Theme
    from stadskennis.knowledge.models import KnowledgeItem
    from stadskennis.knowledge.services import attachment_add, item_create

    actor = User.objects.get(email="schrijver@example.org")
    themes = list(Theme.objects.order_by("pk"))
    organisations = list(Organisation.objects.order_by("pk"))
    created: list[int] = []
    deadline = time.monotonic() + MAX_SECONDS
    with log.open("a", encoding="utf-8") as out:
        out.write(json.dumps(table_counts()) + "\n")
        out.flush()
        n = 0
        while not stop.exists() and time.monotonic() < deadline:
            n += 1
            with transaction.atomic():
                if n % 3 == 0 and created:
                    KnowledgeItem.objects.get(pk=created.pop(0)).delete()
                else:
                    attachments, theme_count = 1 + n % 3, 1 + n % len(themes)
                    item = item_create(
                        actor=actor,
                        title=TITLE.format(n=n, attachments=attachments, themes=theme_count),
                        kind="study",
                        owner=organisations[n % len(organisations)],
                        visibility="network",
                        themes=themes[:theme_count],
                        organisations=organisations[: 1 + n % 2],
                    )
                    for number in range(attachments):
                        content = f"bijlage {number} van {n}".encode()
                        upload = SimpleUploadedFile(f"b{number}.txt", content, "text/plain")
                        attachment_add(item=item, uploaded_file=upload, actor=actor)
                    created.append(item.pk)
            out.write(json.dumps(table_counts()) + "\n")
            out.flush()


if __name__ == "__main__":
    import django

    django.setup()
    run(Path(sys.argv[1]), Path(sys.argv[2]))
