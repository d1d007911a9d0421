"""`stadskennis backup DIR` and `restore DIR` round-trip to an identical platform."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from stadskennis.accounts.models import User
from stadskennis.core.backup import EXCLUDED_MODELS, backup_create, backup_restore
from stadskennis.core.models import Theme
from stadskennis.core.services import content_soft_delete
from stadskennis.core.tests.backup_writer import table_counts
from stadskennis.knowledge.models import Attachment, KnowledgeItem

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]


def snapshot(media_root: str) -> tuple[list, dict]:
    """Every row of every table (as Django serialises it) and every uploaded file's checksum."""
    out = io.StringIO()
    call_command("dumpdata", all=True, exclude=EXCLUDED_MODELS, stdout=out, verbosity=0)
    rows = sorted(json.loads(out.getvalue()), key=lambda r: (r["model"], str(r["pk"])))
    files = {
        str(p.relative_to(media_root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in Path(media_root).rglob("*")
        if p.is_file()
    }
    return rows, files


def test_backup_and_restore_round_trip(tmp_path, cast, gent, settings):
    item = KnowledgeItem.objects.create(title="Bewaard", kind="study", owner=gent, visibility="network")
    Attachment(item=item, original_name="a.txt").file.save("a.txt", ContentFile(b"eerste"), save=True)
    gone = KnowledgeItem.objects.create(
        title="In de prullenbak", kind="news", owner=gent, visibility="public"
    )
    content_soft_delete(obj=gone, actor=cast["editor"])
    before = snapshot(settings.MEDIA_ROOT)

    call_command("backup", str(tmp_path / "b"), stdout=io.StringIO())

    # Then the platform changes: an item goes, one comes, a file is overwritten, a file is added.
    item.delete()
    KnowledgeItem.objects.create(title="Nieuw na backup", kind="study", owner=gent, visibility="public")
    (Path(settings.MEDIA_ROOT) / "extra.txt").write_bytes(b"zwerfbestand")
    assert snapshot(settings.MEDIA_ROOT) != before

    call_command("restore", str(tmp_path / "b"), "--yes", stdout=io.StringIO())

    assert snapshot(settings.MEDIA_ROOT) == before
    assert KnowledgeItem.objects.get(title="Bewaard").attachments.get().file.read() == b"eerste"
    assert KnowledgeItem.objects.get(title="In de prullenbak").deleted_at is not None
    # The index is not in the backup: it is rebuilt from the restored data.
    from stadskennis.search.services import search

    found = {r.title for r in search(user=cast["editor"], query="bewaard nieuw backup").results}
    assert found == {"Bewaard"}
    # The restored platform keeps working: new rows get fresh keys on every backend.
    assert KnowledgeItem.objects.create(title="Daarna", kind="study", owner=gent).pk > gone.pk


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path, cast, gent, settings):
    KnowledgeItem.objects.create(title="Blijft staan", kind="study", owner=gent)
    call_command("backup", str(tmp_path / "b"), stdout=io.StringIO())
    KnowledgeItem.objects.create(title="Ook nog", kind="study", owner=gent)
    before = snapshot(settings.MEDIA_ROOT)
    database = tmp_path / "b" / "database.json"
    database.write_text(database.read_text().replace("Blijft staan", "Vervalst"))

    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tmp_path / "b"), "--yes", stdout=io.StringIO())
    assert snapshot(settings.MEDIA_ROOT) == before


def test_backup_refuses_a_non_empty_directory(tmp_path, db):
    (tmp_path / "iets.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path), stdout=io.StringIO())


def test_restore_of_a_directory_without_backup_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(tmp_path), "--yes", stdout=io.StringIO())


def _database_url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    user = f"{settings_dict['USER']}:{settings_dict['PASSWORD']}@" if settings_dict["USER"] else ""
    return f"postgres://{user}{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"


def test_a_backup_taken_while_writers_go_on_restores_one_moment(tmp_path, gent, antwerpen, settings):
    """A writer (its own process) creates and deletes items with their attachments, themes,
    organisations, audit lines and tasks, one whole transaction at a time, while the backup reads.
    The restore must hold the database as it was at one of the writer's commits."""
    # Given a knowledge base large enough that reading it takes a while, and a writer at work
    User.objects.create_user(email="schrijver@example.org", password="x" * 12, organisation=gent)
    themes = [
        Theme.objects.create(slug=f"thema-{n}", name=f"Thema {n}", kind="urbanity_field") for n in range(4)
    ]
    items = KnowledgeItem.objects.bulk_create(
        KnowledgeItem(title=f"Bestaand {n}", kind="study", owner=gent, visibility="public")
        for n in range(300)
    )
    KnowledgeItem.themes.through.objects.bulk_create(
        KnowledgeItem.themes.through(knowledgeitem_id=item.pk, theme_id=themes[n % 4].pk)
        for n, item in enumerate(items)
    )
    log, stop = tmp_path / "writer.jsonl", tmp_path / "stop"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.django.base",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
    }
    writer = subprocess.Popen(
        [sys.executable, "-m", "stadskennis.core.tests.backup_writer", str(log), str(stop)], env=env, cwd=ROOT
    )

    def logged() -> int:
        return len(log.read_text().splitlines()) if log.exists() else 0

    try:
        while writer.poll() is None and logged() < 20:
            time.sleep(0.05)
        # When a backup is taken while the writer commits, transaction after transaction
        commits_before = logged() - 1  # the first line is the state before the first commit
        backup_create(directory=tmp_path / "b")
        commits_after = logged() - 1
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0
    assert commits_after - commits_before >= 5, "the writer must commit while the backup reads"
    moments = [json.loads(line) for line in log.read_text().splitlines()]

    backup_restore(directory=tmp_path / "b")

    # Then every foreign key resolves and every table holds what it held after one single commit,
    # a commit made while the backup ran
    connection.check_constraints()
    restored = table_counts()
    matching = [n for n, counts in enumerate(moments) if counts == restored]
    assert matching, "the restored tables match no single moment of the writer"
    assert commits_before <= matching[0] <= commits_after + 1  # + 1: committed, not yet logged
    written = KnowledgeItem.objects.filter(title__startswith="Schrijver")
    assert written.count() >= commits_before // 3
    for item in written:
        attachments, theme_count = map(int, re.search(r"(\d+) bijlagen, (\d+) thema's", item.title).groups())
        assert (item.attachments.count(), item.themes.count()) == (attachments, theme_count), item.title
