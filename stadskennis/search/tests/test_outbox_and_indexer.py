"""The index follows the database through the outbox: what commits is found, what rolls back leaves
nothing, a renamed theme reaches every document, ids that commit out of order are not skipped, and a
missing, damaged or outdated index is rebuilt from the database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from stadskennis.core import outbox
from stadskennis.core.models import OutboxEntry, Theme
from stadskennis.core.services import reference_save
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.knowledge.services import item_create, item_update
from stadskennis.search import index
from stadskennis.search.indexer import Indexer, in_process
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


def titles(query: str, user=None) -> list[str]:
    return [r.title for r in search(user=user, query=query, with_facets=False, correct=False).results]


def test_a_write_adds_its_outbox_entry_in_the_same_transaction(gent, cast):
    item = item_create(
        actor=cast["editor"], title="Deelfietsen", kind="study", owner=gent, visibility="public"
    )
    assert OutboxEntry.objects.filter(model="knowledge.knowledgeitem", object_id=str(item.pk)).exists()
    assert titles("deelfietsen") == ["Deelfietsen"]


def test_a_rolled_back_write_leaves_no_outbox_entry_and_no_document(gent, cast):
    before = OutboxEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        item_create(actor=cast["editor"], title="Nooitgezien", kind="study", owner=gent, visibility="public")
        raise RuntimeError("the request failed after the write")
    assert OutboxEntry.objects.count() == before
    assert titles("nooitgezien") == []


def test_a_renamed_theme_reaches_every_document_that_carries_it(gent, cast):
    theme = Theme.objects.create(slug="deelmobiliteit", name="Deelmobiliteit", kind="programme_subject")
    items = [
        item_create(actor=cast["editor"], title=f"Studie {n}", kind="study", owner=gent, visibility="public")
        for n in range(3)
    ]
    for item in items:
        item_update(item=item, actor=cast["editor"], themes=[theme])
    assert len(titles("deelmobiliteit")) == 3
    theme.name = "Gedeelde voertuigen"
    reference_save(obj=theme, actor=cast["editor"], created=False)
    assert sorted(titles("voertuigen")) == ["Studie 0", "Studie 1", "Studie 2"]
    assert titles("deelmobiliteit") == []
    facets = search(user=None, query="studie").facets["theme"]
    assert facets["deelmobiliteit"] == ("Gedeelde voertuigen", 3)  # the label comes from the database


def test_visibility_change_and_soft_delete_reach_the_index(gent, cast):
    from stadskennis.core.services import content_restore, content_soft_delete

    item = item_create(
        actor=cast["editor"], title="Parkeerbeleid", kind="study", owner=gent, visibility="network"
    )
    assert titles("parkeerbeleid") == []
    assert titles("parkeerbeleid", user=cast["member"]) == ["Parkeerbeleid"]
    item_update(item=item, actor=cast["editor"], visibility="public")
    assert titles("parkeerbeleid") == ["Parkeerbeleid"]
    content_soft_delete(obj=item, actor=cast["editor"])
    assert titles("parkeerbeleid", user=cast["editor"]) == []
    content_restore(obj=item, actor=cast["editor"])
    assert titles("parkeerbeleid") == ["Parkeerbeleid"]


def test_an_id_that_commits_after_a_higher_one_is_not_skipped(gent, cast):
    """PostgreSQL hands out ids before commit: the indexer keeps the missing ids as gaps."""
    first = KnowledgeItem.objects.create(title="Eerste", kind="study", owner=gent, visibility="public")
    late = KnowledgeItem.objects.create(title="Laatkomer", kind="study", owner=gent, visibility="public")
    indexer = in_process()
    reserved = OutboxEntry.objects.create(model="knowledge.knowledgeitem", object_id=str(first.pk))
    hole = reserved.pk + 1  # as if another transaction took this id and has not committed yet
    OutboxEntry.objects.create(id=hole + 1, model="knowledge.knowledgeitem", object_id=str(first.pk))
    indexer.catch_up()
    assert indexer.meta.position == hole + 1 and str(hole) in indexer.meta.gaps
    OutboxEntry.objects.create(id=hole, model="knowledge.knowledgeitem", object_id=str(late.pk))  # it commits
    indexer.catch_up()
    index.refresh()
    assert titles("laatkomer") == ["Laatkomer"]
    assert str(hole) not in indexer.meta.gaps


def test_applying_an_entry_twice_changes_nothing(gent, cast):
    item = item_create(
        actor=cast["editor"], title="Zonnepanelen", kind="study", owner=gent, visibility="public"
    )
    assert titles("zonnepanelen") == ["Zonnepanelen"]
    outbox.record_change(item)
    outbox.record_change(item)
    assert titles("zonnepanelen") == ["Zonnepanelen"]


def _corrupt(folder: Path) -> None:
    segment = max(
        (f for f in folder.iterdir() if f.suffix in (".idx", ".term", ".store")),
        key=lambda f: f.stat().st_size,
    )
    segment.write_bytes(b"\0" * 64)


@pytest.mark.parametrize("damage", ["delete the folder", "corrupt a segment", "old schema version"])
def test_a_missing_damaged_or_outdated_index_is_rebuilt_from_the_database(gent, cast, damage):
    item_create(actor=cast["editor"], title="Hittestress", kind="study", owner=gent, visibility="public")
    assert titles("hittestress") == ["Hittestress"]
    folder = index.current_folder()
    in_process().close()
    if damage == "delete the folder":
        import shutil

        shutil.rmtree(folder)
    elif damage == "corrupt a segment":
        _corrupt(folder)
    else:
        meta = json.loads((folder / index.META_FILE).read_text())
        (folder / index.META_FILE).write_text(json.dumps({**meta, "schema_version": 0}))
    index.reader.forget()
    assert index.check(index.current_folder()) != ""
    assert titles("hittestress") == ["Hittestress"]  # the indexer rebuilt it before applying
    assert index.current_folder() != folder


def test_without_an_index_the_page_says_it_is_being_built(client, settings, tmp_path):
    settings.SEARCH_INDEX_DIR = str(tmp_path / "nothing-here")
    settings.SEARCH_INDEX_SYNC = False
    index.reader.forget()
    response = client.get("/zoeken/", {"q": "wonen"})
    assert response.status_code == 200
    assert "wordt opgebouwd" in response.content.decode()
    index.reader.forget()


def test_a_host_behind_the_pruned_outbox_rebuilds(gent, cast):
    item = item_create(
        actor=cast["editor"], title="Waterbeheer", kind="study", owner=gent, visibility="public"
    )
    assert titles("waterbeheer") == ["Waterbeheer"]
    in_process().close()
    indexer = Indexer()  # another host's indexer, which stopped here
    indexer.ensure_open()
    KnowledgeItem.objects.filter(pk=item.pk).update(title="Regenwaterbeheer")  # a change it never saw
    state_position = indexer.meta.position
    from stadskennis.core.models import OutboxState

    OutboxState.objects.update_or_create(pk=1, defaults={"pruned_through": state_position + 10})
    OutboxEntry.objects.all().delete()  # pruned, every entry
    indexer.apply_pending()
    rebuilt = indexer.folder
    assert indexer.apply_pending() == 0 and indexer.apply_pending() == 0
    assert indexer.folder == rebuilt  # rebuilt once, not at every poll
    indexer.close()
    index.refresh()
    assert titles("regenwaterbeheer") == ["Regenwaterbeheer"]


def _put_back_an_older_copy(*, taken_at: int, lost: KnowledgeItem) -> None:
    """What a database restored from a snapshot or `pg_restore` looks like, without `stadskennis
    restore` (which records a rebuild): the later rows are gone and the ids after the copy are handed
    out again."""
    KnowledgeItem.objects.filter(pk=lost.pk).delete()
    OutboxEntry.objects.filter(id__gt=taken_at).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [OutboxEntry._meta.db_table, taken_at]
            )


def test_an_index_ahead_of_a_database_restored_from_an_older_copy_is_rebuilt_once(gent, cast):
    """The index had applied entries that the restored database no longer holds: trusted, it would
    keep documents the database lost and, on PostgreSQL, skip new writes that get the same ids again."""
    item_create(actor=cast["editor"], title="Hittestress", kind="study", owner=gent, visibility="public")
    taken_at = outbox.handed_out_through()
    lost = item_create(
        actor=cast["editor"], title="Waterbeheer", kind="study", owner=gent, visibility="public"
    )
    assert titles("waterbeheer") == ["Waterbeheer"]
    before = index.current_folder()
    _put_back_an_older_copy(taken_at=taken_at, lost=lost)

    assert titles("waterbeheer") == []
    assert titles("hittestress") == ["Hittestress"]
    rebuilt = index.current_folder()
    item_create(actor=cast["editor"], title="Regenwater", kind="study", owner=gent, visibility="public")
    assert titles("regenwater") == ["Regenwater"]  # on PostgreSQL its id was handed out before
    assert rebuilt != before  # rebuilt from the restored database
    assert index.current_folder() == rebuilt  # once, not at every catch-up


def test_prune_removes_old_entries_and_remembers_how_far(gent):
    from datetime import timedelta

    from django.utils import timezone

    old = OutboxEntry.objects.create(model="x.y", object_id="1")
    OutboxEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    recent = OutboxEntry.objects.create(model="x.y", object_id="2")
    assert outbox.prune(older_than=timedelta(days=7)) == 1
    assert list(OutboxEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert outbox.pruned_through() == old.pk


@pytest.mark.django_db(transaction=True)
def test_the_real_indexer_process_finds_an_update_within_seconds(gent, cast, tmp_path):
    """`stadskennis search-indexer` as its own process, against the committed database."""
    in_process().close()
    env = {
        **os.environ,
        "SEARCH_INDEX_DIR": str(tmp_path / "search"),
        "DJANGO_SETTINGS_MODULE": "config.django.local",
    }
    env.update(_database_env())
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "stadskennis", "search-indexer", "--interval", "0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_built(
            tmp_path / "search"
        )  # so the write is applied from the outbox, not by the first build
        item_create(
            actor=cast["editor"], title="Klimaatadaptatie", kind="study", owner=gent, visibility="public"
        )
        found = _wait_for(tmp_path / "search", "klimaatadaptatie")
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0].decode()
    assert found, output


def _wait_until_built(folder: Path, seconds: float = 60) -> None:
    started = time.monotonic()
    while _position_of(folder) < 0:
        assert time.monotonic() - started < seconds, f"no index built in {folder}"
        time.sleep(0.1)


def _database_env() -> dict[str, str]:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return {
            "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        }
    return {"DATABASE_URL": f"sqlite:///{settings['NAME']}"}


def _wait_for(folder: Path, word: str, seconds: float = 30) -> bool:
    from django.test import override_settings

    with override_settings(SEARCH_INDEX_DIR=str(folder), SEARCH_INDEX_SYNC=False):
        index.reader.forget()
        started = time.monotonic()
        try:
            while time.monotonic() - started < seconds:
                try:
                    if search(user=None, query=word, with_facets=False, correct=False).total:
                        return True
                except index.IndexUnavailable:
                    pass
                time.sleep(0.1)
            return False
        finally:
            index.reader.forget()


def _documents_in(folder: Path) -> dict[str, str]:
    """key → title of every document in the index a host keeps in `folder`."""
    import tantivy

    name = (folder / index.POINTER_FILE).read_text().strip()
    searcher = tantivy.Index.open(str(folder / name)).searcher()
    found = searcher.search(tantivy.Query.all_query(), limit=10_000, count=False)
    documents = (searcher.doc(address) for _score, address in found.hits)
    return {index.stored(d, "key"): index.stored(d, "title_text") for d in documents}


def _position_of(folder: Path) -> int:
    try:
        name = (folder / index.POINTER_FILE).read_text().strip()
    except FileNotFoundError:  # the host is still building its first index
        return -1
    meta = index.Meta.read(folder / name)
    return meta.position if meta else -1


@pytest.mark.django_db(transaction=True)
def test_two_hosts_indexers_converge_on_one_database(gent, cast, tmp_path):
    """Each app host keeps its own index, fed from the same outbox: after concurrent writes, both
    hold the same documents. (On PostgreSQL, ids may commit out of order: the case that matters.)"""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from stadskennis.core.services import content_soft_delete

    in_process().close()
    folders = [tmp_path / "host-a", tmp_path / "host-b"]
    processes = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "stadskennis", "search-indexer", "--interval", "0.05"],
            env={
                **os.environ,
                **_database_env(),
                "SEARCH_INDEX_DIR": str(folder),
                "DJANGO_SETTINGS_MODULE": "config.django.local",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for folder in folders
    ]

    for folder in folders:
        _wait_until_built(folder)  # the writes below reach the hosts through the outbox

    def writer(n: int) -> None:
        try:
            for k in range(8):
                item = item_create(
                    actor=cast["editor"],
                    title=f"Schrijver {n} stuk {k}",
                    kind="study",
                    owner=gent,
                    visibility="public",
                )
                if k % 3 == 0:
                    item_update(item=item, actor=cast["editor"], title=f"Herschreven {n} {k}")
                if k % 4 == 1:
                    content_soft_delete(obj=item, actor=cast["editor"])
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(writer, range(4)))
        last = outbox.last_id()
        started = time.monotonic()
        while time.monotonic() - started < 60 and not all(_position_of(f) >= last for f in folders):
            time.sleep(0.2)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
    expected = {
        f"knowledge_item:{pk}": title
        for pk, title in KnowledgeItem.objects.alive().values_list("pk", "title")
    }
    assert len(expected) == 24
    assert _documents_in(folders[0]) == expected
    assert _documents_in(folders[1]) == expected


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MiB tmpfs for the index (root only, as in CI); unmounted afterwards."""
    mountpoint = tmp_path / "small-disk"
    mountpoint.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mountpoint)]).returncode
    ):
        pytest.skip("mounting a tmpfs needs root")
    yield mountpoint
    subprocess.run(["umount", "-l", str(mountpoint)], check=True)


def test_a_full_disk_loses_nothing_once_there_is_room_again(gent, cast, settings, small_disk):
    settings.SEARCH_INDEX_DIR = str(small_disk / "search")
    settings.SEARCH_INDEX_SYNC = False
    in_process().close()
    index.reader.forget()
    indexer = Indexer()
    indexer.ensure_open()
    filler = small_disk / "filler"
    filler.write_bytes(
        b"\0" * (int(2.9 * 2**20) - sum(f.stat().st_size for f in small_disk.rglob("*") if f.is_file()))
    )
    words = " ".join(f"woord{n}" for n in range(20_000))
    items = [
        KnowledgeItem.objects.create(
            title=f"Groot {n}", body=words, kind="study", owner=gent, visibility="public"
        )
        for n in range(5)
    ]
    outbox.record_changes(KnowledgeItem, [i.pk for i in items])
    position = indexer.meta.position
    with pytest.raises((OSError, ValueError, RuntimeError)):
        indexer.apply_pending()
    assert (index.Meta.read(index.current_folder()) or index.Meta()).position == position  # nothing skipped
    response = search(user=None, query="groot")  # the page still answers, from what was committed
    assert response.total == 0
    filler.unlink()  # room again
    assert indexer.catch_up() >= 5
    index.refresh()
    assert search(user=None, query="groot").total == 5
    indexer.close()
    index.reader.forget()


@pytest.mark.django_db(transaction=True)
def test_an_indexer_killed_in_the_middle_of_a_batch_loses_nothing(gent, cast, tmp_path):
    in_process().close()
    folder = tmp_path / "search"
    env = {
        **os.environ,
        **_database_env(),
        "SEARCH_INDEX_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "config.django.local",
    }
    command = [sys.executable, "-m", "stadskennis", "search-indexer", "--interval", "0.05"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        started = time.monotonic()
        while _position_of(folder) < 0 and time.monotonic() - started < 30:
            time.sleep(0.1)
        body = "Een tekst over de verweving van wonen en werken in de binnenstad. " * 300
        items = KnowledgeItem.objects.bulk_create(
            KnowledgeItem(title=f"Stuk {n}", body=body, kind="study", owner=gent, visibility="public")
            for n in range(1500)
        )
        outbox.record_changes(KnowledgeItem, [i.pk for i in items])
        time.sleep(0.5)  # it is in the middle of the first batches
    finally:
        first.kill()
        first.wait()
    assert _position_of(folder) < outbox.last_id()  # it did not finish
    second = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        started = time.monotonic()
        while _position_of(folder) < outbox.last_id() and time.monotonic() - started < 120:
            time.sleep(0.2)
    finally:
        second.terminate()
        second.wait(timeout=30)
    documents = _documents_in(folder)
    assert len(documents) == 1500


def test_a_lagging_index_never_shows_what_the_database_now_hides(gent, cast):
    """While the indexer is behind, what a page shows is checked against the database."""
    item = item_create(
        actor=cast["editor"], title="Geheimplan", kind="study", owner=gent, visibility="public"
    )
    assert titles("geheimplan") == ["Geheimplan"]
    KnowledgeItem.objects.filter(pk=item.pk).update(visibility="draft")  # the indexer has not seen this
    assert titles("geheimplan") == []
    assert titles("geheimplan", user=cast["editor"]) == ["Geheimplan"]


def test_objects_a_provider_cannot_describe_stay_out_and_the_others_go_in(gent, cast, monkeypatch, settings):
    """Chunks are read while the previous one is analysed (indexer._apply): a chunk whose provider
    fails is left out (fail closed, logged), and the chunks before and after it are indexed."""
    from stadskennis.knowledge.search_provider import KnowledgeItemProvider
    from stadskennis.search import indexer

    monkeypatch.setattr(indexer, "CHUNK", 2)
    monkeypatch.setattr(indexer, "PARALLEL_FROM", 2)  # the pool analyses, as for a bulk import
    documents = KnowledgeItemProvider.documents

    def failing(self, items):
        items = list(items)
        if any(item.title == "Kapot" for item in items):
            raise ValueError("a provider bug")
        return documents(self, items)

    monkeypatch.setattr(KnowledgeItemProvider, "documents", failing)
    settings.SEARCH_INDEX_SYNC = False  # applied below, all five at once
    for title in ["Fietsstraat een", "Fietsstraat twee", "Kapot", "Fietsstraat drie", "Fietsstraat vier"]:
        item_create(actor=cast["editor"], title=title, kind="study", owner=gent, visibility="public")
    in_process().catch_up()
    index.refresh()
    found = titles("fietsstraat")
    assert sorted(found) == ["Fietsstraat een", "Fietsstraat twee", "Fietsstraat vier"]  # drie: Kapot's chunk
