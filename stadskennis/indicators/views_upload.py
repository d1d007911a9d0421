"""The editors' upload of figures (/cijfers/importeren/): preview first, write only on confirmation.

The preview and the write both go through observation_import.observations_import, the code path of
`stadskennis import-observations`; the preview runs it with commit=False (same checks, same counts,
rolled back). Between the two steps the file stays on the server (observation_upload.py).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stadskennis.core.visibility import figures_uploader_required
from stadskennis.indicators.observation_import import observations_import
from stadskennis.indicators.observation_upload import upload_discard, upload_keep, upload_kept
from stadskennis.indicators.upload_progress import figures_import_job_start, in_background

EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx"}


class FiguresUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File with figures"),
        help_text=gettext_lazy(
            "CSV, SDMX-CSV or Excel (.xlsx). Long: the columns indicator, geo, period, value and optionally "
            "status and confidentiality. Wide (Excel only): indicator, geo and then one column per period. "
            "SDMX-CSV 2.0 as this platform exports it (recognised by its header)."
        ),
    )
    source_version = forms.CharField(
        label=gettext_lazy("Source version (optional)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("The source's release, e.g. 2024-R1; kept with every figure."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(limit)s is allowed.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MAX_UPLOAD_SIZE)}
            )
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in EXTENSIONS:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        upload.file_format = EXTENSIONS[suffix]
        return upload


def imported_say(request, report) -> None:
    """What a confirmed import wrote, as the message on the upload page it returns to."""
    counts = report.counts
    messages.success(
        request,
        _("Imported: %(new)s new, %(changed)s changed, %(same)s unchanged.")
        % {"new": counts.created, "changed": counts.revised, "same": counts.unchanged},
    )


def _check(path, meta, *, actor, commit: bool):
    with path.open("rb") as handle:
        return observations_import(
            handle=handle, actor=actor, source_version=meta["source_version"],
            file_format=meta["format"], commit=commit,
        )  # fmt: skip


@figures_uploader_required  # a member writes only their organisation's own indicators
@require_http_methods(["GET", "POST"])
def figures_upload(request):
    context = {"form": FiguresUploadForm()}
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        kept = upload_kept(request.session, token)
        if kept is None:
            messages.error(request, _("This upload is no longer waiting; upload the file again."))
            return redirect("indicators:upload")
        if "cancel" in request.POST:
            upload_discard(request.session, token)
            messages.info(request, _("Nothing was written."))
            return redirect("indicators:upload")
        path, meta = kept
        if in_background(path, meta["format"]):  # a big file: the worker imports it, the page follows
            figures_import_job_start(token=token, meta=meta, path=path, actor=request.user, kind="import")
            return redirect("indicators:upload_job", token=token)
        report = _check(path, meta, actor=request.user, commit=True)
        upload_discard(request.session, token)
        if report.written:
            imported_say(request, report)
            return redirect("indicators:upload")
        context.update(report=report, name=meta["name"])  # the data changed meanwhile: show why
    elif request.method == "POST":
        form = FiguresUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            meta = {"name": upload.name, "format": upload.file_format,
                    "source_version": form.cleaned_data["source_version"]}  # fmt: skip
            token = upload_keep(request.session, upload, file_format=meta["format"],
                                source_version=meta["source_version"])  # fmt: skip
            path, meta = upload_kept(request.session, token)
            if in_background(path, meta["format"]):  # a big file: the worker checks it, the page follows
                figures_import_job_start(
                    token=token, meta=meta, path=path, actor=request.user, kind="preview"
                )
                return redirect("indicators:upload_job", token=token)
            report = _check(path, meta, actor=request.user, commit=False)
            if report.errors:
                upload_discard(request.session, token)
            else:
                context["token"] = token
            context.update(report=report, name=meta["name"])
    return render(request, "indicators/upload.html", context)
