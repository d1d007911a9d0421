"""Background work of the Werking: drafting the annual report from the year's activity."""

from __future__ import annotations

import logging

from django_tasks import task

from stadskennis.core.recovery import resumable

log = logging.getLogger(__name__)


def _failed(report_id: int, **_kwargs) -> None:
    from stadskennis.programmes.models import AnnualReport

    AnnualReport.objects.filter(pk=report_id).update(drafting=AnnualReport.Drafting.FAILED)


# Safe to run again: gathering the same year gives the same snapshot.
@resumable(on_abandon=_failed)
@task()
def annual_report_draft(report_id: int) -> str:
    from stadskennis.programmes.annual_report import draft_run

    try:
        return draft_run(report_id)
    except Exception:  # noqa: BLE001 - the editor must see that it failed, not a draft waiting forever
        log.exception("annual report %s failed", report_id)
        _failed(report_id)
        return "failed"
