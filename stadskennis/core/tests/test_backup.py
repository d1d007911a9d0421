"""`stadskennis backup DIR` and `restore DIR` round-trip to an identical platform."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from stadskennis.core.backup import EXCLUDED_MODELS
from stadskennis.core.services import content_soft_delete
from stadskennis.knowledge.models import Attachment, KnowledgeItem

pytestmark = pytest.mark.django_db(transaction=True)


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
