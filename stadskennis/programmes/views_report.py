"""The annual report: public once published (page and PDF), and for centre staff the draft that the
worker writes from the year's activity, with its progress, the connecting texts and publishing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stadskennis.core.visibility import is_staff_user, staff_required
from stadskennis.programmes import annual_report
from stadskennis.programmes.models import AnnualReport
from stadskennis.programmes.views_money import known_year


class TextsForm(forms.Form):
    introduction = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Markdown."),
    )
    closing = forms.CharField(
        label=gettext_lazy("Closing words"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Markdown."),
    )

    def __init__(self, *args, lines: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for line in lines:
            self.fields[f"line_{line['id']}"] = forms.CharField(
                label=line["name"], required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
            )
        self.order_fields(["introduction", *[f"line_{line['id']}" for line in lines], "closing"])

    def line_texts(self) -> dict:
        return {
            key.removeprefix("line_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("line_") and value.strip()
        }


def report_list(request):
    reports = (
        AnnualReport.objects.all()
        if is_staff_user(request.user)
        else AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED)
    )
    return render(
        request, "programmes/reports.html", {"reports": reports, "staff": is_staff_user(request.user)}
    )


def _report(request, year: int) -> AnnualReport:
    report = AnnualReport.objects.filter(year=year).first()
    if report is None or (report.status != AnnualReport.Status.PUBLISHED and not is_staff_user(request.user)):
        if is_staff_user(request.user):
            known_year(year)
            return AnnualReport(year=year)
        raise Http404(_("This annual report is not published."))
    return report


def report_page(request, year: int):
    """The public read the copy published last; staff the draft they work on, with its texts form."""
    report = _report(request, year)
    staff = is_staff_user(request.user)
    version = annual_report.draft_version(report) if staff else annual_report.public_version(report)
    if version is None:
        raise Http404(_("This annual report is not published."))
    form = None
    if staff and report.pk:
        initial = {
            "introduction": report.introduction,
            "closing": report.closing,
            **{f"line_{key}": value for key, value in (report.line_texts or {}).items()},
        }
        form = TextsForm(
            request.POST if request.method == "POST" else None,
            lines=version.snapshot.get("lines", []),
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            try:
                annual_report.texts_save(
                    report=report,
                    introduction=form.cleaned_data["introduction"],
                    line_texts=form.line_texts(),
                    closing=form.cleaned_data["closing"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The texts were saved."))
                return redirect("programmes:annual_report", year=year)
    elif request.method == "POST":
        raise Http404
    context = {
        "report": report,
        "version": version,
        "snapshot": version.snapshot,
        "form": form,
        "staff": staff,
    }
    return render(request, "programmes/report.html", context, status=400 if form and form.errors else 200)


@require_POST
@staff_required
def report_draft(request, year: int):
    known_year(year)
    annual_report.draft_request(year=year, actor=request.user)
    messages.success(request, _("The draft is being written from the year's activity."))
    return redirect("programmes:annual_report", year=year)


@require_POST
@staff_required
def report_publish(request, year: int):
    report = get_object_or_404(AnnualReport, year=year)
    if not report.snapshot:
        messages.error(request, _("Draft the report first."))
    else:
        annual_report.publish(report=report, actor=request.user)
        messages.success(request, _("The annual report is published, also in the Kennisbank."))
    return redirect("programmes:annual_report", year=year)


def report_pdf(request, year: int):
    report = _report(request, year)
    staff = is_staff_user(request.user)
    version = annual_report.draft_version(report) if staff else annual_report.public_version(report)
    if version is None or not version.snapshot:
        raise Http404(_("Draft the report first."))
    response = HttpResponse(annual_report.report_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="jaarverslag-{year}.pdf"'
    if staff:
        response["Cache-Control"] = "private, no-store"
    return response
