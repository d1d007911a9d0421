"""Writes to the knowledge base. Every write is audited in the same transaction."""

from __future__ import annotations

import mimetypes

from django.core.files import File
from django.db import transaction

from stadskennis.core.models import AuditEntry
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.knowledge.models import (
    EXTRACTION_TIMED_OUT,
    Attachment,
    ExtractionStatus,
    KnowledgeItem,
    ThemeDossier,
    extraction_stuck_before,
)

Kind = KnowledgeItem.Kind  # what other modules publish as (an answer, a study, a presentation)

M2M_FIELDS = ("themes", "organisations", "contacts")


@transaction.atomic
def item_create(*, actor, **fields) -> KnowledgeItem:
    relations = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    item = KnowledgeItem(created_by=actor if actor and actor.is_authenticated else None, **fields)
    item.full_clean(exclude=["created_by"])
    item.save()
    for name, values in relations.items():
        getattr(item, name).set(values)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=item)
    record_change(item)
    return item


@transaction.atomic
def item_update(*, item: KnowledgeItem, actor, **fields) -> KnowledgeItem:
    relations = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    changes = {}
    for name, value in fields.items():
        if getattr(item, name) != value:
            changes[name] = value
            setattr(item, name, value)
    item.full_clean(exclude=["created_by"])
    item.save()
    for name, values in relations.items():
        before = set(getattr(item, name).values_list("pk", flat=True))
        if before != {v.pk for v in values}:
            changes[name] = list(values)
            getattr(item, name).set(values)
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=item, changes=changes)
        record_change(item)
    return item


@transaction.atomic
def presentation_publish(*, document, actor, **fields) -> KnowledgeItem:
    """One step from a presented document (a meeting's, an event's) to a Kennisbank item of kind
    presentation with the file attached; `document` has `file`, `original_name` and `published_item`,
    and a second call returns the item made by the first."""
    if document.published_item_id:
        return document.published_item
    item = item_create(actor=actor, title=document.title, kind=KnowledgeItem.Kind.PRESENTATION, **fields)
    with document.file.open("rb") as handle:
        upload = File(handle, name=document.original_name)
        upload.content_type = ""
        attachment_add(item=item, uploaded_file=upload, actor=actor)
    document.published_item = item
    document.save(update_fields=["published_item"])
    return item


@transaction.atomic
def attachment_add(*, item: KnowledgeItem, uploaded_file, actor) -> Attachment:
    content_type = uploaded_file.content_type or mimetypes.guess_type(uploaded_file.name)[0] or ""
    attachment = Attachment(
        item=item, original_name=uploaded_file.name[:255], size=uploaded_file.size, content_type=content_type
    )
    attachment.file.save(uploaded_file.name, uploaded_file, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=item,
        changes={"attachment": attachment.original_name},
    )
    from stadskennis.knowledge.tasks import extract_attachment_text  # tasks import this module

    extract_attachment_text.enqueue(attachment.pk)
    return attachment


def attachments_fail_stuck() -> int:
    """Record as failed the attachments whose text is still waiting or being read past
    EXTRACTION_STUCK_MINUTES (run by the worker). A run that finishes later still writes its text."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):  # stored for people to read
        message = str(EXTRACTION_TIMED_OUT)
    return Attachment.objects.filter(
        extraction_status__in=[ExtractionStatus.PENDING, ExtractionStatus.RUNNING],
        created_at__lt=extraction_stuck_before(),
    ).update(extraction_status=ExtractionStatus.FAILED, extraction_message=message[:300])


@transaction.atomic
def dossier_update(*, theme, actor, introduction: str, key_items) -> ThemeDossier:
    """The editors' summary of a theme and its key items. The dossier is made when it is first saved;
    the audit log keeps what changed (the new summary, the key items by title)."""
    record = ThemeDossier.objects.select_for_update().filter(theme=theme).first()
    created = record is None
    record = record or ThemeDossier(theme=theme)
    changes = {}
    if record.introduction != introduction:
        changes["introduction"] = introduction
    before = set() if created else set(record.key_items.values_list("pk", flat=True))
    if before != {item.pk for item in key_items}:
        changes["key_items"] = list(key_items)
    if not (created or changes):
        return record
    record.introduction = introduction
    record.save()  # also when only the key items changed: the page says when the dossier was updated
    if "key_items" in changes:
        record.key_items.set(key_items)
    action = AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE
    audit_record(actor=actor, action=action, obj=record, changes=changes)
    return record


@transaction.atomic
def import_job_start(*, uploaded_file, dry_run: bool, actor):
    """Store the uploaded file and queue the import; the page then follows its progress."""
    from stadskennis.knowledge.models import ImportJob
    from stadskennis.knowledge.tasks import run_import

    job = ImportJob(original_name=uploaded_file.name[:255], dry_run=dry_run, started_by=actor)
    job.file.save(uploaded_file.name, uploaded_file, save=False)
    job.save()
    run_import.enqueue(job.pk)
    return job
