"""Writes to the catalogue: audited, told to the search through the outbox, and a changed definition
is recorded with its date."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from stadskennis.core.models import AuditEntry
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.indicators.models import DefinitionVersion, Indicator

CATALOGUE_FIELDS = (
    "name", "description", "unit", "source", "licence", "periodicity", "direction", "decimals",
    "aggregation", "numerator", "denominator", "scale", "is_demo", "owner", "visibility",
)  # fmt: skip


def _differs(old, new) -> bool:
    if hasattr(old, "pk") or hasattr(new, "pk"):
        return getattr(old, "pk", None) != getattr(new, "pk", None)
    return old != new  # Decimal("1.0000") == Decimal("1"): a re-read scale is no change


@transaction.atomic
def indicator_save(
    *, code: str, fields: dict, themes: list | None = None, actor=None, on: date | None = None
):
    """Create the indicator `code` or update it in place; returns (indicator, what changed).

    Nothing is written (no audit line either) when nothing changed, so importing the same catalogue
    twice leaves no trace. A new description is a new definition from `on` (today by default).
    """
    on = on or timezone.localdate()
    indicator = Indicator.objects.filter(code=code).first()
    created = indicator is None
    if created:
        indicator = Indicator(code=code, created_by=actor if actor and actor.is_authenticated else None)
    changed = [
        name
        for name in CATALOGUE_FIELDS
        if name in fields and _differs(getattr(indicator, name), fields[name])
    ]
    for name in changed:
        setattr(indicator, name, fields[name])
    if created or changed:
        indicator.full_clean(exclude=["themes"])
        indicator.save()
    if themes is not None and {t.pk for t in themes} != set(indicator.themes.values_list("pk", flat=True)):
        indicator.themes.set(themes)
        changed.append("themes")
    if created or "description" in changed:
        DefinitionVersion.objects.update_or_create(
            indicator=indicator,
            valid_from=on,
            defaults={
                "description": indicator.description,
                "recorded_by": actor if actor and actor.is_authenticated else None,
            },
        )
    if created or changed:
        record_change(indicator)  # the one search follows the outbox (indicators/search_provider.py)
    if created:
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=indicator)
    elif changed:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=indicator, changes={"fields": changed})
    return indicator, ("created" if created else "updated" if changed else "unchanged")
