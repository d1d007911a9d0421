"""Writes of the reports: every one audited (core.services)."""

from __future__ import annotations

from django.db import transaction

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.reports.models import Report

FIELDS = ("title", "slug", "introduction", "body", "published_on", "visibility", "owner")


@transaction.atomic
def report_create(*, actor, themes=(), **fields) -> Report:
    report = Report(created_by=actor if actor is not None and actor.is_authenticated else None)
    for name in FIELDS:
        if name in fields:
            setattr(report, name, fields[name])
    report.full_clean()
    report.save()
    report.themes.set(themes)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=report, changes=_changes(report, themes))
    return report


@transaction.atomic
def report_update(*, report: Report, actor, themes=None, **fields) -> Report:
    changes = {
        name: value for name, value in fields.items() if name in FIELDS and getattr(report, name) != value
    }
    for name, value in changes.items():
        setattr(report, name, value)
    if themes is not None and set(report.themes.all()) != set(themes):
        report.themes.set(themes)
        changes["themes"] = list(themes)
    if changes:
        report.full_clean()
        report.save()
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=report, changes=changes)
    return report


@transaction.atomic
def report_delete(*, report: Report, actor) -> None:
    """Delete the report (the figures are the indicators'); the audit log keeps its title and address."""
    audit_record(
        actor=actor, action=AuditEntry.Action.DELETE, obj=report,
        changes={"title": report.title, "slug": report.slug},
    )  # fmt: skip
    report.delete()


def _changes(report: Report, themes) -> dict:
    return {**{name: getattr(report, name) for name in FIELDS}, "themes": list(themes)}
