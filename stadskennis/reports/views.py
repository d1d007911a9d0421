"""Thematic reports (/cijfers/rapporten/): the list, a report as a page and as PDF, and the editors'
form with a preview of the embedded figures. Figures are drawn when a report is shown, so a new or
corrected figure appears in the page and the PDF on the next request."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stadskennis.core.embeds import embed_scope, render_with_embeds
from stadskennis.core.visibility import can_edit, is_staff_user, staff_required
from stadskennis.reports import services
from stadskennis.reports.forms import ReportForm
from stadskennis.reports.pdf import report_pdf_for
from stadskennis.reports.selectors import report_for, reports_visible


def report_list(request):
    return render(
        request,
        "reports/report_list.html",
        {"reports": reports_visible(user=request.user), "can_add": is_staff_user(request.user)},
    )


def report_detail(request, slug: str):
    report = report_for(user=request.user, slug=slug)
    return render(
        request,
        "reports/report_detail.html",
        {"report": report, "can_edit": is_staff_user(request.user) and can_edit(request.user, report)},
    )


def report_pdf_download(request, slug: str):
    report = report_for(user=request.user, slug=slug)
    response = HttpResponse(report_pdf_for(report, user=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.slug}.pdf"'
    return response


def _form_page(request, form: ReportForm, report=None):
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        form.is_valid()  # the errors name the line of a wrong embed; the preview draws the rest
        with embed_scope():  # one page: the ids of the body's embeds number on from the introduction's
            preview = {
                "introduction": render_with_embeds(
                    form.data.get("introduction", "")[:100_000], user=request.user
                ),
                "body": render_with_embeds(form.data.get("body", "")[:100_000], user=request.user),
            }
    return render(request, "reports/report_form.html", {"form": form, "report": report, "preview": preview})


def _fields(form: ReportForm) -> dict:
    data = dict(form.cleaned_data)
    return {"themes": list(data.pop("themes")), **data}


@staff_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        try:
            report = services.report_create(actor=request.user, **_fields(form))
        except IntegrityError:  # the address was taken since the form was checked
            form.add_error("slug", _("This address is taken; choose another."))
        else:
            messages.success(request, _("The report was saved."))
            return redirect(report)
    return _form_page(request, form)


@staff_required
@require_http_methods(["GET", "POST"])
def report_edit(request, slug: str):
    report = report_for(user=request.user, slug=slug)
    form = ReportForm(request.POST or None, instance=report, user=request.user)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        report.refresh_from_db()  # the form wrote its values onto the instance: compare with the row
        try:
            report = services.report_update(report=report, actor=request.user, **_fields(form))
        except IntegrityError:  # the address was taken since the form was checked
            form.add_error("slug", _("This address is taken; choose another."))
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(report)
    return _form_page(request, form, report)


@staff_required
@require_http_methods(["GET", "POST"])
def report_delete(request, slug: str):
    """Editors delete a report after a page that asks to confirm (a GET deletes nothing)."""
    report = report_for(user=request.user, slug=slug)
    if request.method == "POST":
        title = report.title
        services.report_delete(report=report, actor=request.user)
        messages.success(request, _("The report “%(title)s” is deleted.") % {"title": title})
        return redirect("reports:list")
    return render(request, "reports/report_delete.html", {"report": report})
