"""Every write of the Werking: audited with what each field was before, so any change to the budget,
the actuals, the work programme or the accounts can be turned back (`change_revert`); a deletion is a
move to the trash (`record_delete`, undone by `record_restore`)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.utils import exclusive_transaction

from stadskennis.core.models import AuditEntry, Period
from stadskennis.core.services import audit_record
from stadskennis.programmes import ledger_import
from stadskennis.programmes.models import (
    BudgetLine,
    Decision,
    EntryImport,
    LedgerEntry,
    PlannedActivity,
    WorkProgramme,
    YearAccounts,
)

#: The models whose changes `change_revert` turns back, and the fields it restores.
TRACKED = {
    BudgetLine: [
        "year",
        "kind",
        "programme_line",
        "organisation",
        "grantor",
        "label",
        "amount_cents",
        "due_on",
    ],
    LedgerEntry: [
        "year",
        "booked_on",
        "account_code",
        "description",
        "reference",
        "amount_cents",
        "cost_centre",
        "kind",
        "programme_line",
        "organisation",
    ],
    PlannedActivity: [
        "work_programme",
        "programme_line",
        "title",
        "description",
        "owner",
        "starts_in",
        "ends_in",
        "status",
        "progress_note",
    ],
    WorkProgramme: ["year", "introduction", "reviewed_on", "review_note"],
    YearAccounts: ["year", "approved_on", "approved_by_body", "note"],
    Decision: [
        "body",
        "meeting",
        "number",
        "decided_on",
        "title",
        "text",
        "programme_line",
        "planned_activity",
        "budget_line",
    ],
}


def books_closed(year: int | None) -> bool:
    """Approved accounts close the year's books: its budget and actuals stay as they were approved
    (withdrawing the approval opens them again)."""
    return year is not None and YearAccounts.objects.filter(year=year, withdrawn_at__isnull=True).exists()


def _check_books_open(obj, *years) -> None:
    if isinstance(obj, BudgetLine | LedgerEntry) and any(books_closed(year) for year in years):
        raise ValidationError(
            _("The accounts of %(year)s are approved: withdraw the approval before changing them.")
            % {"year": next(year for year in years if books_closed(year))}
        )


def _duplicate_entry(obj) -> bool:
    return isinstance(obj, LedgerEntry) and (
        LedgerEntry.objects.alive().filter(fingerprint=obj.fingerprint).exclude(pk=obj.pk).exists()
    )


def _stored(obj, name: str):
    """A field's value as the audit log keeps it: an id for a link, ISO text for a date."""
    model_field = obj._meta.get_field(name)
    value = getattr(obj, model_field.attname)
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def record_save(*, obj, values: dict, actor):
    """Create `obj` or change it to `values` (field name → value); checked by the model's own rules,
    audited with {field: [before, after]} for what changed."""
    fields = TRACKED[type(obj)]
    created = obj.pk is None
    before = {name: _stored(obj, name) for name in fields}
    _check_books_open(obj, getattr(obj, "year", None), values.get("year"))
    for name, value in values.items():
        if name not in fields:
            raise ValueError(name)
        setattr(obj, name, value)
    if isinstance(obj, LedgerEntry):
        obj.fingerprint = _entry_fingerprint(obj)
    obj.full_clean()
    if _duplicate_entry(obj):
        raise ValidationError(_("This entry is already in the actuals."))
    after = {name: _stored(obj, name) for name in fields}
    changes = {name: [before[name], after[name]] for name in fields if created or before[name] != after[name]}
    if not created and not changes:
        return obj
    obj.save()
    action = AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE
    audit_record(actor=actor, action=action, obj=obj, changes=changes)
    return obj


def _entry_fingerprint(entry: LedgerEntry) -> str:
    return ledger_import.fingerprint(
        booked_on=entry.booked_on,
        account_code=entry.account_code,
        reference=entry.reference,
        description=entry.description,
        cents=entry.amount_cents,
        cost_centre=entry.cost_centre,
    )


@transaction.atomic
def record_delete(*, obj, actor):
    if isinstance(obj, YearAccounts):
        return accounts_withdraw(accounts=obj, actor=actor)
    _check_books_open(obj, getattr(obj, "year", None))
    if obj.deleted_at is None:
        obj.deleted_at = timezone.now()
        obj.save(update_fields=["deleted_at", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=obj)
    return obj


@transaction.atomic
def record_restore(*, obj, actor):
    if isinstance(obj, YearAccounts):
        return accounts_publish(accounts=obj, actor=actor)
    _check_books_open(obj, getattr(obj, "year", None))
    if obj.deleted_at is not None:
        if _duplicate_entry(obj):
            raise ValidationError(_("The same entry is in the actuals again: it cannot be restored twice."))
        obj.deleted_at = None
        obj.save(update_fields=["deleted_at", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.RESTORE, obj=obj)
    return obj


@transaction.atomic
def change_revert(*, entry: AuditEntry, actor):
    """Turn back one audited change of the Werking: a change is undone field by field (only while the
    object still holds what the change made of it), a creation goes to the trash, a deletion is
    restored. The turning back is itself audited, so it can be turned back too."""
    model = entry.content_type.model_class()
    if model not in TRACKED:
        raise ValidationError(_("This change cannot be turned back here."))
    obj = model.objects.select_for_update().filter(pk=entry.object_id).first()
    if obj is None:
        raise ValidationError(_("What this change concerns is gone."))
    if entry.action == AuditEntry.Action.UPDATE:
        changes = entry.changes
        if any(_stored(obj, name) != after for name, (_before, after) in changes.items()):
            raise ValidationError(_("It was changed again since: turn back the later change first."))
        _check_books_open(obj, getattr(obj, "year", None), (changes.get("year") or [None])[0])
        values = {}
        for name, (before, _after) in changes.items():
            model_field = obj._meta.get_field(name)
            values[model_field.attname] = model_field.to_python(before)
        for attname, value in values.items():
            setattr(obj, attname, value)
        return _save_reverted(obj, changes, actor)
    if entry.action == AuditEntry.Action.CREATE and hasattr(obj, "deleted_at"):
        return record_delete(obj=obj, actor=actor)
    if entry.action == AuditEntry.Action.DELETE:
        return record_restore(obj=obj, actor=actor)
    if entry.action == AuditEntry.Action.RESTORE:
        return record_delete(obj=obj, actor=actor)
    raise ValidationError(_("This change cannot be turned back here."))


def _save_reverted(obj, changes: dict, actor):
    if isinstance(obj, LedgerEntry):
        obj.fingerprint = _entry_fingerprint(obj)
    obj.full_clean()
    if _duplicate_entry(obj):
        raise ValidationError(_("The entry as it was is in the actuals again: it cannot be turned back."))
    obj.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=obj,
        changes={name: [after, before] for name, (before, after) in changes.items()},
    )
    return obj


def entries_import(*, report: ledger_import.Report, year: int, file_name: str, actor) -> EntryImport:
    """Write a checked file's entries, all or none. The duplicate check runs again while the year's
    books are locked (the period's row on PostgreSQL, the one writer on SQLite), so two editors
    confirming the same file write it once."""
    if not report.ok:
        raise ValidationError(_("The file has problems: nothing was written."))
    _check_books_open(LedgerEntry(), year)
    with exclusive_transaction(LedgerEntry.objects.db):
        list(Period.objects.select_for_update().filter(start_year__lte=year, end_year__gte=year))
        ledger_import.check_duplicates_in_database(report)
        if report.problems:
            raise ValidationError(_("Some entries were added meanwhile: check the file again."))
        return _entries_write(report=report, year=year, file_name=file_name, actor=actor)


def _entries_write(*, report: ledger_import.Report, year: int, file_name: str, actor) -> EntryImport:
    batch = EntryImport.objects.create(
        year=year,
        file_name=file_name[:255],
        cost_centre=report.cost_centre,
        rows=len(report.rows),
        total_cents=report.total_cents,
        created_by=actor,
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                year=year,
                booked_on=row.booked_on,
                account_code=row.account_code,
                description=row.description,
                reference=row.reference,
                amount_cents=row.amount_cents,
                cost_centre=row.cost_centre,
                kind=row.kind,
                programme_line=row.programme_line,
                organisation=row.organisation,
                batch=batch,
                row_number=row.line,
                fingerprint=row.fingerprint,
                created_by=actor,
            )
            for row in report.rows
        ],
        batch_size=500,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.IMPORT,
        obj=batch,
        changes={"rows": len(report.rows), "total_cents": report.total_cents, "file": file_name[:200]},
    )
    return batch


@transaction.atomic
def entries_import_undo(*, batch: EntryImport, actor) -> int:
    """An import undone as a whole: its entries go to the trash (and can come back with `redo`)."""
    batch = EntryImport.objects.select_for_update().get(pk=batch.pk)
    _check_books_open(LedgerEntry(), batch.year)
    if batch.undone_at is not None:
        return 0
    now = timezone.now()
    count = batch.entries.alive().update(deleted_at=now, updated_at=now)
    batch.undone_at = now
    batch.save(update_fields=["undone_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=batch, changes={"entries": count})
    return count


@transaction.atomic
def entries_import_redo(*, batch: EntryImport, actor) -> int:
    batch = EntryImport.objects.select_for_update().get(pk=batch.pk)
    _check_books_open(LedgerEntry(), batch.year)
    if batch.undone_at is None:
        return 0
    entries = batch.entries.filter(deleted_at__gte=batch.undone_at)
    prints = list(entries.values_list("fingerprint", flat=True))
    if LedgerEntry.objects.alive().filter(fingerprint__in=prints).exists():
        raise ValidationError(
            _("Some of these entries are in the actuals again: the import cannot come back.")
        )
    count = entries.update(deleted_at=None, updated_at=timezone.now())
    batch.undone_at = None
    batch.save(update_fields=["undone_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.RESTORE, obj=batch, changes={"entries": count})
    return count


@transaction.atomic
def accounts_publish(*, accounts: YearAccounts, actor) -> YearAccounts:
    """Withdrawn accounts approved and public again."""
    if accounts.withdrawn_at is not None:
        accounts.withdrawn_at = None
        accounts.save(update_fields=["withdrawn_at", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.RESTORE, obj=accounts)
    return accounts


@transaction.atomic
def accounts_withdraw(*, accounts: YearAccounts, actor) -> YearAccounts:
    """Approved accounts taken off the public pages again (an approval given in error)."""
    if accounts.withdrawn_at is None:
        accounts.withdrawn_at = timezone.now()
        accounts.save(update_fields=["withdrawn_at", "updated_at"])
        audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=accounts)
    return accounts
