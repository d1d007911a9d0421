"""The page of a big upload being checked or imported by the background worker
(/cijfers/importeren/<token>/): its progress while it runs, then the same preview report as a small
upload gets (views_upload.py), or the import's outcome.

With JavaScript the progress block follows the worker by itself (htmx asks for it every few seconds,
as the Kennisbank's import does, and reloads the page when the job is over). Without it the page has a
"refresh" link, and refreshes itself only when the reader asks for that (`?vernieuwen=ja`): a timed
refresh nobody asked for is what WCAG 2.2.1 forbids."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_GET

from stadskennis.core.visibility import figures_uploader_required
from stadskennis.indicators.models import FiguresImportJob
from stadskennis.indicators.observation_upload import upload_discard, upload_kept
from stadskennis.indicators.upload_progress import progress_read, report_load
from stadskennis.indicators.views_upload import FiguresUploadForm, imported_say

REFRESH_SECONDS = 3
AUTOMATIC = "ja"  # ?vernieuwen=ja: without JavaScript, the page refreshes itself because the reader asked


def _progress_page(request, job: FiguresImportJob):
    done = progress_read(job.token)
    read = min(done.get("bytes", 0), job.bytes_total)
    percent = int(100 * read / job.bytes_total) if job.bytes_total else 0
    running = job.status in (job.Status.QUEUED, job.Status.RUNNING)
    template = "_upload_progress.html" if request.headers.get("HX-Request") else "upload_progress.html"
    return render(
        request,
        f"indicators/{template}",
        {
            "job": job, "running": running, "automatic": request.GET.get("vernieuwen") == AUTOMATIC,
            "rows": done.get("rows", 0), "read": read, "percent": percent, "refresh": REFRESH_SECONDS,
            "read_size": filesizeformat(read), "total_size": filesizeformat(job.bytes_total),
        },
    )  # fmt: skip


@figures_uploader_required
@require_GET
def figures_upload_job(request, token: str):
    job = FiguresImportJob.objects.filter(token=token, started_by=request.user).first()  # the latest
    if job is None:
        raise Http404
    if request.headers.get("HX-Request") and job.status not in (job.Status.QUEUED, job.Status.RUNNING):
        response = HttpResponse(status=204)  # over: the whole page shows the preview or the outcome
        response["HX-Refresh"] = "true"
        return response
    if job.status != job.Status.DONE:
        if job.status == job.Status.FAILED:
            upload_discard(request.session, token)
        return _progress_page(request, job)
    report = report_load(job.report)
    context = {"form": FiguresUploadForm(), "report": report, "name": job.name}
    if job.kind == job.Kind.IMPORT:
        upload_discard(request.session, token)
        if report.written:
            imported_say(request, report)
            return redirect("indicators:upload")
    elif report.errors:
        upload_discard(request.session, token)
    elif upload_kept(request.session, token) is not None:
        context["token"] = token  # the confirmation form, as for a small file
    return render(request, "indicators/upload.html", context)
