"""Writing figures: new ones inserted in batches, changed ones revised with their history, same ones
left alone (so importing a file twice changes nothing), and one audit line per indicator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.indicators.models import Indicator, Observation, ObservationRevision


@dataclass(frozen=True)
class Figure:
    indicator_id: int
    area_id: int
    period: str
    period_start: date
    value: Decimal | None
    status: str = "A"
    confidentiality: str = "F"


@dataclass
class MergeCounts:
    created: int = 0
    revised: int = 0
    unchanged: int = 0

    def add(self, other: MergeCounts) -> None:
        self.created += other.created
        self.revised += other.revised
        self.unchanged += other.unchanged


def _same(old: Decimal | None, new: Decimal | None) -> bool:
    return old == new if old is not None and new is not None else old is new


def _merge_batch(batch: list[Figure], *, actor, source_version: str, per_indicator: Counter) -> MergeCounts:
    counts = MergeCounts()
    existing = {
        (o.indicator_id, o.area_id, o.period): o
        for o in Observation.objects.filter(
            indicator_id__in={f.indicator_id for f in batch},
            area_id__in={f.area_id for f in batch},
            period__in={f.period for f in batch},
        )
    }
    new, changed, revisions = [], [], []
    user = actor if actor is not None and actor.is_authenticated else None
    for figure in batch:
        old = existing.get((figure.indicator_id, figure.area_id, figure.period))
        if old is None:
            new.append(Observation(source_version=source_version, **figure.__dict__))
            per_indicator[(figure.indicator_id, "created")] += 1
            continue
        if (
            _same(old.value, figure.value)
            and old.status == figure.status
            and old.confidentiality == figure.confidentiality
        ):
            counts.unchanged += 1
            continue
        revisions.append(
            ObservationRevision(
                observation=old, changed_by=user, old_value=old.value, new_value=figure.value,
                old_status=old.status, new_status=figure.status, old_confidentiality=old.confidentiality,
                new_confidentiality=figure.confidentiality, source_version=source_version,
            )
        )  # fmt: skip
        old.value, old.status, old.confidentiality = figure.value, figure.status, figure.confidentiality
        old.source_version, old.updated_at = source_version, timezone.now()
        changed.append(old)
        per_indicator[(figure.indicator_id, "revised")] += 1
    Observation.objects.bulk_create(new, batch_size=1000)
    Observation.objects.bulk_update(
        changed, ["value", "status", "confidentiality", "source_version", "updated_at"], batch_size=1000
    )
    ObservationRevision.objects.bulk_create(revisions, batch_size=1000)
    counts.created, counts.revised = len(new), len(changed)
    return counts


@transaction.atomic
def observations_merge(
    *, batches: Iterable[list[Figure]], actor=None, source_version: str = ""
) -> MergeCounts:
    """Write each batch of checked figures; the caller has made sure no cell comes twice."""
    total = MergeCounts()
    per_indicator: Counter = Counter()
    for batch in batches:
        total.add(
            _merge_batch(batch, actor=actor, source_version=source_version, per_indicator=per_indicator)
        )
    for indicator in Indicator.objects.filter(pk__in={key for key, _kind in per_indicator}):
        audit_record(
            actor=actor,
            action=AuditEntry.Action.IMPORT,
            obj=indicator,
            changes={
                "observations_created": per_indicator[(indicator.pk, "created")],
                "observations_revised": per_indicator[(indicator.pk, "revised")],
                "source_version": source_version,
            },
        )
    return total
