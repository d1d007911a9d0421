"""Background work of Stad in cijfers: the preview and the import of a big upload (upload_progress.py),
and the figures of imported indicators computed before anyone asks (caching.py)."""

from __future__ import annotations

import logging

from django_tasks import task

from stadskennis.core.recovery import resumable

log = logging.getLogger(__name__)
STOPPED = (
    "De controle is gestopt door een fout bij ons; er is niets geschreven. Probeer het later opnieuw "
    "of meld het aan het centrum."
)


def _abandoned(job_id: int, *, message: str, **_kwargs) -> None:
    from stadskennis.indicators.models import FiguresImportJob
    from stadskennis.indicators.upload_progress import job_finish

    if FiguresImportJob.objects.filter(pk=job_id, finished_at__isnull=True).exists():
        job_finish(job_id, status=FiguresImportJob.Status.FAILED, report={"stopped": message})


# Safe to run again: a preview is rolled back, and importing the same file twice changes nothing.
@resumable(on_abandon=_abandoned)
@task()
def figures_import_run(job_id: int) -> str:
    """Check (preview) or import the kept upload of a job, writing its progress beside the upload."""
    from stadskennis.indicators.models import FiguresImportJob
    from stadskennis.indicators.observation_import import observations_import
    from stadskennis.indicators.observation_upload import _folder
    from stadskennis.indicators.upload_progress import CountingFile, Progress, job_finish, report_dump

    job = FiguresImportJob.objects.select_related("started_by").get(pk=job_id)
    path = _folder() / job.token
    if not path.is_file():
        job_finish(job_id, status=job.Status.FAILED, report={"stopped": "Het bestand wacht niet meer."})
        return job.Status.FAILED
    FiguresImportJob.objects.filter(pk=job_id).update(status=job.Status.RUNNING)
    progress = Progress(job.token)
    try:
        with path.open("rb") as raw:
            report = observations_import(
                handle=CountingFile(raw, progress), actor=job.started_by, source_version=job.source_version,
                progress=progress.checked, file_format=job.file_format, commit=job.kind == job.Kind.IMPORT,
            )  # fmt: skip
    except Exception:  # noqa: BLE001 - the editor must see that it stopped, not a job running forever
        log.exception("figures import job %s stopped", job_id)  # the details are for the log only
        job_finish(job_id, status=job.Status.FAILED, report={"stopped": STOPPED})
        return job.Status.FAILED
    finally:
        progress.remove()
    job_finish(job_id, status=job.Status.DONE, report=report_dump(report))
    return job.Status.DONE


@task()
def figures_warm(indicator_ids: list[int]) -> int:
    """Compute and keep the indicator page's figures (series on both boundaries, the map of the latest
    period) of `indicator_ids` and of the ratios built on them, in every language: the first reader
    after an import then reads them instead of computing them. Safe to run again (it only fills the
    figures cache); an indicator deleted meanwhile is skipped."""
    from stadskennis.indicators.series import series_warm

    return series_warm(indicator_ids)
