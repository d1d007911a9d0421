"""Writing figures: new ones inserted, changed ones revised with their history, same ones left alone
(so importing a file twice changes nothing), and one audit line per indicator (observation_copy.py
does the writing, for an import as for the figures other modules hand over here)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

STAGE_BATCH = 5000  # rows per insert into the staging table on SQLite (PostgreSQL copies)


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


@transaction.atomic
def observations_merge(
    *, batches: Iterable[list[Figure]], actor=None, source_version: str = ""
) -> MergeCounts:
    """Write each batch of figures the caller checked (no cell twice) through the staging table and
    the set-based merge that `import-observations` uses (observation_copy.py): one way in for every
    figure, and as fast for the demo's thirty thousand as for a file."""
    from stadskennis.indicators.observation_copy import StagedRow, Stager, staged_merge  # imports us

    run = uuid.uuid4().hex
    stager = Stager(run, STAGE_BATCH)
    try:  # nothing may query the database while a COPY is open (Stager): the batches are in memory
        for line, f in enumerate((f for batch in batches for f in batch), start=1):
            stager.add(
                StagedRow(line, f.indicator_id, f.area_id, f.period, f.period_start, f.value, f.status,
                          f.confidentiality)
            )  # fmt: skip
    except BaseException as error:
        stager.abort(error)  # the COPY ends, sent nothing more: the connection is free
        raise
    stager.flush()
    return staged_merge(run, stager, actor=actor, source_version=source_version)
