"""Background work of the plans: the council report of a frozen release as PDF (council_pdf.py)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from stadskennis.core.recovery import resumable

log = logging.getLogger(__name__)


def _failed(job_id: int, **_kwargs) -> None:
    from stadskennis.plans.models import CouncilReportPdf

    CouncilReportPdf.objects.filter(pk=job_id).exclude(status=CouncilReportPdf.Status.DONE).update(
        status=CouncilReportPdf.Status.FAILED, finished_at=timezone.now()
    )


# Safe to run again: drawing the same frozen release gives the same PDF.
@resumable(on_abandon=_failed)
@task()
def council_pdf_make(job_id: int) -> str:
    from stadskennis.plans.council_pdf import council_pdf_run

    try:
        return council_pdf_run(job_id)
    except Exception:  # noqa: BLE001 - the reader must see that it failed, not a PDF made forever
        log.exception("council report PDF %s failed", job_id)
        _failed(job_id)
        return "failed"
