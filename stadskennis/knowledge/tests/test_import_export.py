"""import-items / export-items and the import page: line-numbered errors, nothing written on a bad
line, update by external id, dry run, and a round trip."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.knowledge.models import ImportJob, KnowledgeItem
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes(db):
    ThemeFactory(slug="wonen", name="Wonen")
    ThemeFactory(slug="klimaat", name="Klimaat")


def jsonl(*records) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) if isinstance(r, dict) else r for r in records) + "\n"


GOOD = [
    {
        "id": "x-1",
        "title": "Renovatiepremie",
        "body": "Een premie voor woningrenovatie.",
        "kind": "instrument",
        "themes": ["wonen"],
        "organisations": ["gent"],
        "owner": "gent",
        "year": 2021,
        "visibility": "public",
    },
    {
        "id": "x-2",
        "title": "Klimaatplan",
        "kind": "study",
        "themes": ["Klimaat"],
        "organisations": ["antwerpen"],
        "owner": "antwerpen",
        "date": "2020-03-01",
        "visibility": "network",
    },
]


def run(path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import-items", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_then_update_by_external_id(tmp_path, themes, gent, antwerpen):
    path = tmp_path / "items.jsonl"
    path.write_text(jsonl(*GOOD), encoding="utf-8")
    out, _err = run(path)
    assert "created 2" in out
    assert KnowledgeItem.objects.get(external_id="x-2").year == 2020
    assert search(user=None, query="renovatiepremie").total == 1

    path.write_text(jsonl({**GOOD[0], "title": "Renovatiepremie 2.0"}), encoding="utf-8")
    out, _err = run(path)
    assert "updated 1" in out
    assert KnowledgeItem.objects.filter(external_id="x-1").count() == 1
    assert search(user=None, query="renovatiepremie").results[0].title == "Renovatiepremie 2.0"


def test_one_bad_line_writes_nothing_and_every_problem_is_named(tmp_path, themes, gent, antwerpen):
    path = tmp_path / "items.jsonl"
    bad = {"id": "x-3", "title": "", "kind": "gedicht", "themes": ["onbekend"], "kleur": "rood"}
    path.write_text(jsonl(GOOD[0], bad, "{geen json", GOOD[0]), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was written"):
        run(path)
    assert KnowledgeItem.objects.count() == 0
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-items", str(path), stderr=err, stdout=io.StringIO())
    report = err.getvalue()
    for expected in (
        "regel 2, veld 'title'",
        "regel 2, veld 'kind'",
        "regel 2, veld 'themes'",
        "regel 2, veld 'kleur': onbekend veld",
        "regel 3: geen geldige JSON",
        "regel 4, veld 'id': komt al voor op regel 1",
    ):
        assert expected in report


def test_dry_run_writes_nothing(tmp_path, themes, gent, antwerpen):
    path = tmp_path / "items.jsonl"
    path.write_text(jsonl(*GOOD), encoding="utf-8")
    out, _err = run(path, "--dry-run")
    assert "would create 2" in out and KnowledgeItem.objects.count() == 0


def test_export_and_import_round_trip(tmp_path, themes, gent, antwerpen):
    path = tmp_path / "items.jsonl"
    path.write_text(jsonl(*GOOD), encoding="utf-8")
    run(path)
    exported = tmp_path / "export.jsonl"
    call_command("export-items", str(exported), stdout=io.StringIO())
    records = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert {r["id"] for r in records} == {"x-1", "x-2"}
    assert records[0]["themes"] == ["wonen"] and records[0]["organisations"] == ["gent"]
    KnowledgeItem.objects.all().delete()
    run(exported)
    assert KnowledgeItem.objects.count() == 2


# The worker closes its database connection after each task, as in production: commit for real.
@pytest.mark.django_db(transaction=True)
def test_import_in_the_interface_with_progress(client_for, cast, themes, gent, antwerpen):
    client = client_for(cast["editor"])
    upload = SimpleUploadedFile("items.jsonl", jsonl(*GOOD).encode(), content_type="application/x-ndjson")
    response = client.post(reverse("knowledge:import"), {"file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("knowledge:import_status", args=[job.pk])
    assert job.status == "queued" and KnowledgeItem.objects.count() == 0
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page = client.get(
        reverse("knowledge:import_status", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in page and KnowledgeItem.objects.count() == 2
    job.refresh_from_db()
    assert (job.status, job.created) == ("done", 2)


# The worker closes its database connection after each task, as in production: commit for real.
@pytest.mark.django_db(transaction=True)
def test_a_bad_upload_in_the_interface_reports_lines(client_for, cast, themes, gent):
    client = client_for(cast["editor"])
    upload = SimpleUploadedFile("items.jsonl", jsonl(GOOD[0], "{kapot").encode())
    client.post(reverse("knowledge:import"), {"file": upload})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job = ImportJob.objects.get()
    assert job.status == "failed" and job.errors[0]["line"] == 2
    assert KnowledgeItem.objects.count() == 0
    assert client_for(cast["member"]).get(reverse("knowledge:import")).status_code == 403


def test_search_results_export_as_csv_and_jsonl(client, gent, themes):
    from stadskennis.knowledge.services import item_create

    item_create(actor=None, title="Kerkherbestemming Gent", kind="case", owner=gent, visibility="public")
    item_create(actor=None, title="Kerk in het geheim", kind="case", owner=gent, visibility="network")
    item_create(actor=None, title="=HYPERLINK(kerk)", kind="case", owner=gent, visibility="public")
    csv_text = client.get("/zoeken/", {"q": "kerk", "formaat": "csv"}).content.decode("utf-8-sig")
    assert "Kerkherbestemming Gent" in csv_text and "geheim" not in csv_text
    assert "'=HYPERLINK(kerk)" in csv_text
    lines = b"".join(client.get("/zoeken/", {"q": "kerk", "formaat": "jsonl"}).streaming_content).decode()
    assert {json.loads(line)["title"] for line in lines.splitlines()} == {
        "Kerkherbestemming Gent",
        "=HYPERLINK(kerk)",
    }


def test_attachment_paths_cannot_leave_the_import_folder(tmp_path, themes, gent):
    path = tmp_path / "items.jsonl"
    path.write_text(
        jsonl(
            {**GOOD[0], "attachments": ["/etc/passwd"]},
            {**GOOD[0], "id": "x-9", "attachments": ["../geheim.txt"]},
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-items", str(path), stderr=err, stdout=io.StringIO())
    assert err.getvalue().count("pad buiten de map") == 2 and KnowledgeItem.objects.count() == 0
