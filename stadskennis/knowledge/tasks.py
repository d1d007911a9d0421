"""Background work of the Kennisbank: text extraction. Runs in `stadskennis worker`, never in a request."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_tasks import task

from stadskennis.core.recovery import resumable
from stadskennis.knowledge.extraction import ExtractionError, extract_text
from stadskennis.knowledge.models import Attachment, ExtractionStatus


def _extraction_abandoned(attachment_id: int, *, message: str) -> None:
    Attachment.objects.filter(
        pk=attachment_id, extraction_status__in=[ExtractionStatus.PENDING, ExtractionStatus.RUNNING]
    ).update(extraction_status=ExtractionStatus.FAILED, extraction_message=message[:300])


# Reading a file again only writes the same text again: safe to run twice (twice at most: a file
# that kills the worker each time it is read must not keep killing it).
@resumable(attempts=2, on_abandon=_extraction_abandoned)
@task()
def extract_attachment_text(attachment_id: int) -> str:
    # Messages stored for people to read are in the interface's default language.
    with translation.override(settings.LANGUAGE_CODE):
        return _extract(attachment_id)


def _extract(attachment_id: int) -> str:
    attachment = Attachment.objects.filter(pk=attachment_id).select_related("item").first()
    if attachment is None:
        return "gone"
    Attachment.objects.filter(pk=attachment_id).update(extraction_status=ExtractionStatus.RUNNING)
    try:
        with attachment.file.open("rb") as handle:
            text = extract_text(name=attachment.original_name, data=handle.read())
    except (ExtractionError, OSError) as error:
        Attachment.objects.filter(pk=attachment_id).update(
            extraction_status=ExtractionStatus.FAILED, extraction_message=str(error)[:300], extracted_text=""
        )
        return "failed"
    from stadskennis.core.outbox import record_change

    with transaction.atomic():
        Attachment.objects.filter(pk=attachment_id).update(
            extraction_status=ExtractionStatus.DONE, extraction_message="", extracted_text=text
        )
        attachment.item.refresh_from_db()
        record_change(attachment.item)
    return "done"


def _import_abandoned(job_id: int, *, message: str) -> None:
    from django.utils import timezone

    from stadskennis.knowledge.models import ImportJob

    ImportJob.objects.filter(
        pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]
    ).update(
        status=ImportJob.Status.FAILED,
        finished_at=timezone.now(),
        errors=[{"line": None, "field": None, "message": message}],
    )


# Items are matched on their id and each batch is one transaction: running it again updates what
# the lost run had written instead of duplicating it.
@resumable(on_abandon=_import_abandoned)
@task()
def run_import(job_id: int) -> str:
    """Run an import started in the interface, writing progress and the report onto the job."""
    from django.utils import timezone

    from stadskennis.knowledge.importer import items_import
    from stadskennis.knowledge.models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        with job.file.open("rb") as handle:
            lines = handle.read().decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            errors=[{"line": None, "field": None, "message": "Het bestand is geen UTF-8-tekst."}],
        )
        return "failed"
    try:
        report = items_import(lines=lines, actor=job.started_by, dry_run=job.dry_run, progress=progress)
    except Exception as error:  # noqa: BLE001 - the editor must see that it stopped, not a job running forever
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            errors=[{"line": None, "field": None, "message": f"De import is gestopt: {error}"}],
        )
        return "failed"
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.DONE if not report.errors else ImportJob.Status.FAILED,
        created=report.created,
        updated=report.updated,
        total=max(report.created + report.updated, job.total),
        done=report.created + report.updated if report.written else 0,
        errors=[{"line": e.line, "field": e.field, "message": e.message} for e in report.errors[:500]],
        finished_at=timezone.now(),
    )
    return "done"
