"""Background work of the Kennisbank: text extraction. Runs in `stadskennis db_worker`, never in a request."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from stadskennis.knowledge.extraction import ExtractionError, extract_text
from stadskennis.knowledge.models import Attachment, ExtractionStatus


@task()
def extract_attachment_text(attachment_id: int) -> str:
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
    from stadskennis.search.index import index_object

    with transaction.atomic():
        Attachment.objects.filter(pk=attachment_id).update(
            extraction_status=ExtractionStatus.DONE, extraction_message="", extracted_text=text
        )
        attachment.item.refresh_from_db()
        index_object(attachment.item)
    return "done"
