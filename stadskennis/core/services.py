"""Writes with side effects shared by every module: the audit log, soft delete and the outbox."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from stadskennis.core.models import AuditEntry, Content
from stadskennis.core.outbox import record_change


def _jsonable(value):
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_record(*, actor, action: str, obj, changes: dict | None = None) -> AuditEntry:
    """Append one line to the audit log. Call inside the transaction of the write it records. An object
    with an `audit_label` is named by it: what is closed to a named group names nothing there, as every
    editor reads the log."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(getattr(obj, "audit_label", obj))[:300],
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


@transaction.atomic
def content_soft_delete(*, obj: Content, actor) -> Content:
    """Hide content everywhere but the editors' trash, from where it can be restored."""
    if obj.deleted_at is None:
        obj.deleted_at = timezone.now()
        obj.deleted_by = actor
        obj.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=obj)
        record_change(obj)
    return obj


@transaction.atomic
def content_restore(*, obj: Content, actor) -> Content:
    if obj.deleted_at is not None:
        obj.deleted_at = None
        obj.deleted_by = None
        obj.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.RESTORE, obj=obj)
        record_change(obj)
    return obj


def admin_saved(*, obj, actor, created: bool, fields: list[str], indexed: bool) -> None:
    """A save in the admin (inside the admin's own transaction): audited like a page's save."""
    action = AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE
    audit_record(actor=actor, action=action, obj=obj, changes={} if created else {"fields": list(fields)})
    if indexed:
        record_change(obj)


def admin_deleted(*, obj, actor, indexed: bool) -> None:
    """A hard delete in the admin, recorded before the row goes (content goes to the trash instead)."""
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=obj)
    if indexed:
        record_change(obj)


@transaction.atomic
def reference_save(*, obj, actor, created: bool) -> None:
    """Save a theme or an organisation: audited, and every document that carries its name follows."""
    obj.save()
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE, obj=obj
    )
    record_change(obj)
