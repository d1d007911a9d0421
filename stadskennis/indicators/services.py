"""Writes to the catalogue: audited, told to the search through the outbox, and a changed definition
is recorded with its date."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.indicators.models import DefinitionVersion, Indicator

CATALOGUE_FIELDS = (
    "name", "description", "unit", "source", "licence", "periodicity", "direction", "decimals",
    "aggregation", "numerator", "denominator", "scale", "is_demo", "owner", "visibility",
    "common_definition",
)  # fmt: skip


def _code_taken() -> str:
    return _("This code cannot be used; choose another.")  # never "exists": it may be another's


class IndicatorChanged(Exception):
    """Someone else saved the indicator after the editor opened the form (nothing was written)."""

    def __init__(self, updated_at: datetime):
        super().__init__(updated_at)
        self.updated_at = updated_at


def _differs(old, new) -> bool:
    if hasattr(old, "pk") or hasattr(new, "pk"):
        return getattr(old, "pk", None) != getattr(new, "pk", None)
    return old != new  # Decimal("1.0000") == Decimal("1"): a re-read scale is no change


@transaction.atomic
def indicator_save(
    *,
    code: str,
    fields: dict,
    themes: list | None = None,
    actor=None,
    on: date | None = None,
    unchanged_since: datetime | None = None,
    create_only: bool = False,
):
    """Create the indicator `code` or update it in place; returns (indicator, what changed).

    Nothing is written (no audit line either) when nothing changed, so importing the same catalogue
    twice leaves no trace. A new description is a new definition from `on` (today by default).
    With `unchanged_since` (its updated_at when a form was opened) a later save by someone else raises
    IndicatorChanged: the row is locked while it is compared, so two saves cannot both pass.
    With `create_only` (a member's new own indicator) an existing code is refused with a ValidationError
    on `code`, also when another save took it a moment ago: a create never updates someone's indicator.
    """
    on = on or timezone.localdate()
    rows = Indicator.objects.filter(code=code)
    indicator = (rows.select_for_update() if unchanged_since else rows).first()
    if unchanged_since and indicator is not None and indicator.updated_at != unchanged_since:
        raise IndicatorChanged(indicator.updated_at)
    created = indicator is None
    if create_only and not created:
        raise ValidationError({"code": _code_taken()})
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
        # create only: the database refuses a taken code below, without Django's "already exists"
        indicator.full_clean(exclude=["themes"], validate_unique=not create_only)
        try:
            with transaction.atomic():  # a savepoint: the unique code refused by the database
                indicator.save()
        except IntegrityError:
            if not create_only:
                raise
            raise ValidationError({"code": _code_taken()}) from None
    if themes is not None and {t.pk for t in themes} != set(indicator.themes.values_list("pk", flat=True)):
        indicator.themes.set(themes)
        if not (created or changed):  # the last change is the indicator's, also for its themes
            indicator.updated_at = timezone.now()
            Indicator.objects.filter(pk=indicator.pk).update(updated_at=indicator.updated_at)
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
    if {"visibility", "owner"} & set(changed):  # a ratio's audience is narrowed by its parts'
        for ratio in Indicator.objects.filter(Q(numerator=indicator) | Q(denominator=indicator)):
            record_change(ratio)
    if created:
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=indicator)
    elif changed:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=indicator, changes={"fields": changed})
    return indicator, ("created" if created else "updated" if changed else "unchanged")


@transaction.atomic
def indicator_retirement_set(
    *, indicator: Indicator, retired_on: date | None, note: str = "", actor=None
) -> bool:
    """Retire `indicator` from `retired_on` with the reason `note`, or make it current again (None).

    A retired indicator keeps its page, figures and data twins (links and citations keep working), takes
    no new figures (observation_import.py) and is not offered for new work. Audited and told to the
    search like every catalogue edit, since its search document says it was retired. Returns whether
    anything changed: nothing is written (no audit line either) when nothing did.
    """
    note = note.strip() if retired_on else ""
    if (indicator.retired_on, indicator.retirement_note) == (retired_on, note):
        return False
    if retired_on and retired_on > timezone.localdate():
        raise ValidationError({"retired_on": _("An indicator cannot be retired on a day in the future.")})
    indicator.retired_on, indicator.retirement_note = retired_on, note
    indicator.save(update_fields=["retired_on", "retirement_note", "updated_at"])
    record_change(indicator)  # its search document says "stopgezet" (indicators/search_provider.py)
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=indicator,
        changes={"fields": ["retired_on", "retirement_note"], "retired_on": retired_on},
    )  # fmt: skip
    return True
