"""Work of the Kennisbank that never finishes is reported, not waited for: an attachment stuck on
"tekst wordt gelezen…" past its time limit shows a message and its page stops asking; an import or
an extraction whose worker died is run again, or reported as stopped on the import page."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stadskennis.core.recovery import housekeeping_run, tasks_recover
from stadskennis.knowledge.models import Attachment, ImportJob, KnowledgeItem
from stadskennis.knowledge.services import attachment_add, item_create
from stadskennis.knowledge.tests.test_attachments import minimal_pdf

pytestmark = pytest.mark.django_db


def _item_with_attachment(cast, gent) -> KnowledgeItem:
    """An item with a PDF whose text is waiting for the worker, as after an upload."""
    item = item_create(actor=cast["editor"], title="Nota", kind="study", owner=gent, visibility="public")
    upload = SimpleUploadedFile(
        "nota.pdf", minimal_pdf("Parkeerbeleid Zwijnaarde"), content_type="application/pdf"
    )
    attachment_add(item=item, uploaded_file=upload, actor=cast["editor"])
    return item


def _fragment(client, item: KnowledgeItem) -> str:
    return client.get(
        reverse("knowledge:attachments", args=[item.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()


# The worker runs at the end and closes its database connection after each task: commit for real.
@pytest.mark.django_db(transaction=True)
def test_an_attachment_stuck_past_the_limit_says_so_and_its_page_stops_asking(
    client_for, cast, gent, settings
):
    settings.EXTRACTION_STUCK_MINUTES = 10
    client = client_for(cast["editor"])
    item = _item_with_attachment(cast, gent)
    fragment = _fragment(client, item)
    assert "wordt gelezen" in fragment and 'hx-trigger="every 2s"' in fragment  # no worker ran yet

    # Given no worker picked it up for eleven minutes
    Attachment.objects.update(created_at=timezone.now() - timedelta(minutes=11))

    # then the page says so and stops asking, even before any worker records it
    fragment = _fragment(client, item)
    assert "hx-trigger" not in fragment and "wordt gelezen" not in fragment
    assert "Het lezen van de tekst duurde te lang" in fragment
    # and the worker's upkeep records it as failed, with the same message
    housekeeping_run()
    attachment = Attachment.objects.get()
    assert attachment.extraction_status == "failed"
    assert attachment.extraction_message.startswith("Het lezen van de tekst duurde te lang")
    assert "hx-trigger" not in _fragment(client, item)

    # A run that comes late after all still makes the text searchable
    call_command("worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    attachment.refresh_from_db()
    assert attachment.extraction_status == "done" and "doorzoekbaar" in _fragment(client, item)


def test_an_attachment_within_the_limit_keeps_being_followed(client_for, cast, gent, settings):
    settings.EXTRACTION_STUCK_MINUTES = 10
    client = client_for(cast["editor"])
    item = _item_with_attachment(cast, gent)
    Attachment.objects.update(created_at=timezone.now() - timedelta(minutes=9))
    housekeeping_run()
    assert Attachment.objects.get().extraction_status == "pending"
    assert 'hx-trigger="every 2s"' in _fragment(client, item)


def _lost(task_result_id, *, attempts: int) -> None:
    """The row a killed worker leaves: RUNNING, claimed `attempts` times by workers long gone."""
    DBTaskResult.objects.filter(id=task_result_id).update(
        status="RUNNING",
        worker_ids=[f"gone-{n}" for n in range(attempts)],
        started_at=timezone.now() - timedelta(hours=1),
    )


def test_an_import_whose_worker_kept_dying_is_reported_stopped_on_its_page(client_for, cast, gent):
    client = client_for(cast["editor"])
    line = {"id": "x-1", "title": "Renovatiepremie", "kind": "instrument", "owner": "gent"}
    upload = SimpleUploadedFile("items.jsonl", (json.dumps(line) + "\n").encode())
    client.post(reverse("knowledge:import"), {"file": upload})
    job = ImportJob.objects.get()
    task_result = DBTaskResult.objects.get(task_path="stadskennis.knowledge.tasks.run_import")
    _lost(task_result.id, attempts=1)
    ImportJob.objects.update(status="running")

    # Lost once: queued again, the job goes on
    assert tasks_recover() == {"resumed": 1, "failed": 0}
    assert DBTaskResult.objects.get(id=task_result.id).status == "READY"

    # Lost on every one of its three runs: given up, and the editor reads why
    _lost(task_result.id, attempts=3)
    assert tasks_recover() == {"resumed": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == "failed"
    page = client.get(
        reverse("knowledge:import_status", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in page
    assert "De achtergrondverwerking stopte elk van de 3 keer dat deze taak liep" in page


def test_an_extraction_whose_worker_died_twice_fails_with_a_message(client_for, cast, gent):
    client = client_for(cast["editor"])
    item = _item_with_attachment(cast, gent)
    task_result = DBTaskResult.objects.get(task_path="stadskennis.knowledge.tasks.extract_attachment_text")
    _lost(task_result.id, attempts=1)
    Attachment.objects.update(extraction_status="running")
    assert tasks_recover() == {"resumed": 1, "failed": 0}

    _lost(task_result.id, attempts=2)  # a file that kills the worker is not read a third time
    assert tasks_recover() == {"resumed": 0, "failed": 1}
    attachment = Attachment.objects.get()
    assert attachment.extraction_status == "failed"
    assert attachment.extraction_message.startswith("De achtergrondverwerking stopte")
    fragment = _fragment(client, item)
    assert "hx-trigger" not in fragment and "De achtergrondverwerking stopte" in fragment
