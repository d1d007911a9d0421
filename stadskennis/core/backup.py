"""Backup and restore of the whole platform: database rows and uploaded files.

The database goes out as Django's own JSON serialisation, so a backup made on SQLite restores on
PostgreSQL and back. It is read in one snapshot on a connection of its own, so writers go on while
it runs and the backup is the database at one moment. A restore checks everything before it
writes, replaces the database in one transaction, and only then brings the files in line: a failed
restore leaves the platform as it was.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils import timezone

from stadskennis.core.outbox import record_rebuild

FORMAT_VERSION = 1
# Sessions; the outbox, a log of changes for derived stores (the search index), which a restore
# rebuilds instead (docs/deploy.md); and the mail the embedded default kept instead of sending, which
# holds password-reset and invitation links that must not outlive their use in a backup.
EXCLUDED_MODELS = ["sessions.session", "core.outboxentry", "core.outboxstate", "core.storedmail"]


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why, nothing was changed."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _storage_files(prefix: str = "") -> list[str]:
    try:
        directories, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return []
    names = [f"{prefix}{name}" for name in files]
    for directory in directories:
        names.extend(_storage_files(f"{prefix}{directory}/"))
    return sorted(names)


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


@contextmanager
def _snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[str]:
    """The alias of a connection of its own that sees the whole database as it was at one moment.

    dumpdata reads table after table; outside one transaction a write committed in between leaves
    rows whose parent was read before it existed (or children of a parent deleted since). SQLite in
    WAL mode gives a read transaction a snapshot without blocking writers, but only a deferred one:
    the IMMEDIATE mode of our connections takes the write lock, so this connection begins DEFERRED.
    PostgreSQL gives the same with REPEATABLE READ. A connection of its own also leaves any
    transaction the caller has open on `using` alone.
    """
    source = connections[using]
    if source.vendor == "sqlite" and source.is_in_memory_db():
        # Another connection would see another, empty database; no other process writes to this one.
        with transaction.atomic(using=using):
            yield using
        return
    alias = f"{using}-backup-snapshot"
    settings_dict = copy.deepcopy(source.settings_dict)
    if source.vendor == "sqlite":
        settings_dict.setdefault("OPTIONS", {})["transaction_mode"] = "DEFERRED"
    # Known to this thread only, for as long as the backup reads (dumpdata takes an alias).
    snapshot = connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        settings_dict, alias
    )
    try:
        with transaction.atomic(using=alias):
            with snapshot.cursor() as cursor:
                if snapshot.vendor == "postgresql":
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                # The snapshot is taken at the first read, here; every later read sees the same moment.
                cursor.execute("SELECT COUNT(*) FROM django_migrations")
            yield alias
    finally:
        snapshot.close()
        del connections[alias]


def backup_create(*, directory: Path) -> dict:
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty; give a new or empty directory.")
    with _snapshot() as using:
        created_at = timezone.now()
        call_command(
            "dumpdata",
            all=True,
            exclude=EXCLUDED_MODELS,
            database=using,
            output=str(directory / "database.json"),
            verbosity=0,
        )
        migrations = applied_migrations(using)
        vendor = connections[using].vendor
    media_dir = directory / "media"
    files = []
    for name in _storage_files():
        target = media_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        files.append({"path": name, "size": target.stat().st_size, "sha256": _sha256(target)})
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "database_vendor": vendor,
        "migrations": migrations,
        "database_sha256": _sha256(directory / "database.json"),
        "files": files,
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _check(directory: Path) -> dict:
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(f"{directory} holds no backup (manifest.json is missing).")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise BackupError(f"manifest.json is damaged: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"Backup format {manifest.get('format')} is not supported (expected {FORMAT_VERSION})."
        )
    database = directory / "database.json"
    if not database.is_file() or _sha256(database) != manifest["database_sha256"]:
        raise BackupError("database.json is missing or does not match its checksum.")
    if manifest["migrations"] != applied_migrations():
        raise BackupError(
            "The backup was made with another version of the database schema. "
            "Run the same version of Stadskennis (and `stadskennis migrate`) before restoring."
        )
    for entry in manifest["files"]:
        path = directory / "media" / entry["path"]
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            raise BackupError(f"File {entry['path']} is missing or damaged in the backup.")
    return manifest


def backup_restore(*, directory: Path) -> dict:
    manifest = _check(directory)
    with transaction.atomic():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        call_command("loaddata", str(directory / "database.json"), verbosity=0)
        record_rebuild()  # every derived store starts again from the restored data
    wanted = {entry["path"] for entry in manifest["files"]}
    for name in _storage_files():
        if name not in wanted:
            default_storage.delete(name)
    for entry in manifest["files"]:
        name = entry["path"]
        if default_storage.exists(name):
            default_storage.delete(name)
        with (directory / "media" / name).open("rb") as source:
            saved = default_storage.save(name, File(source))
        if saved != name:
            raise BackupError(f"Storage renamed {name} to {saved}; the restore is incomplete.")
    return manifest
