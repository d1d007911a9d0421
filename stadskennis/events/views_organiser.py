"""What an event's organisers see: the registrants, with their personal data, and the list as CSV."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from stadskennis.core.spreadsheet import spreadsheet_safe
from stadskennis.core.visibility import can_manage_event, is_public, staff_required
from stadskennis.events import attendance, printing, registrations, selectors, services
from stadskennis.events.forms import CancelEventForm, EventDocumentForm, PublishForm
from stadskennis.events.models import EventDocument, Registration
from stadskennis.mail.services import undeliverable_among


def _managed(request, slug: str):
    found = selectors.event_get(user=request.user, slug=slug)
    if not can_manage_event(request.user, found):
        raise PermissionDenied
    return found


@login_required
def registrants(request, slug: str):
    found = _managed(request, slug)
    query = request.GET.get("q", "")[:100].strip()
    rows = selectors.registrations_for_organiser(user=request.user, event=found)
    if query:
        rows = rows.filter(name__icontains=query) | rows.filter(organisation_name__icontains=query)
    columns = selectors.choice_columns(found)
    context = {
        "event": found,
        "rows": [(r, [(label, value(r)) for label, value in columns]) for r in rows],
        "has_choices": bool(columns),
        "option_places": selectors.option_places(found),
        "query": query,
        "places": registrations.places(found),
        "counts": selectors.status_counts(found),
        "participation": attendance.participation([found]),
        "cancel_form": None if found.is_cancelled or found.is_past else CancelEventForm(),
        "undeliverable": undeliverable_among(r.email for r in rows),
        "session_places": [
            (session, registrations.session_places_taken(session)) for session in found.sessions.all()
        ]
        if found.sessions_chosen
        else [],
    }
    return render(request, "events/registrants.html", context)


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _with_a_place(event):
    return (
        event.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("organisation")
        .prefetch_related("sessions", "answers__option")
        .order_by("name", "pk")
    )


@login_required
def attendee_list_pdf(request, slug: str):
    found = _managed(request, slug)
    body = printing.attendee_list_pdf(
        found, _with_a_place(found), selectors.choice_columns(found, texts=False)
    )
    return _download(body, "application/pdf", f"{slugify(found.title)[:60] or 'aanwezigheden'}-lijst.pdf")


@login_required
def badges_pdf(request, slug: str):
    found = _managed(request, slug)
    body = printing.badges_pdf(found, _with_a_place(found))
    return _download(body, "application/pdf", f"{slugify(found.title)[:60] or 'badges'}-badges.pdf")


@login_required
def registrants_xlsx(request, slug: str):
    found = _managed(request, slug)
    rows = selectors.registrations_for_organiser(user=request.user, event=found)
    body = printing.attendee_list_xlsx(found, rows, selectors.choice_columns(found))
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(body, xlsx, f"{slugify(found.title)[:60] or 'inschrijvingen'}.xlsx")


@require_POST
@login_required
def check_in(request, slug: str, pk: int):
    """The organiser's check-in: present, or undone (a tap on the wrong name)."""
    found = _managed(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=found)
    present = request.POST.get("aanwezig") == "ja"
    try:
        attendance.check_in(registration=registration, actor=request.user, present=present)
    except PermissionDenied:
        messages.error(request, _("Only people with a place can be checked in."))
    query = request.POST.get("q", "")[:100]
    url = reverse("events:registrants", args=[found.slug])
    return redirect(
        f"{url}?{urlencode({'q': query})}#registration-{pk}" if query else f"{url}#registration-{pk}"
    )


@require_POST
@login_required
def cancel_event(request, slug: str):
    """Call the event off, after the organiser ticked that they mean it; registrants are mailed."""
    found = _managed(request, slug)
    form = CancelEventForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("events:registrants", found.slug)
    try:
        told = registrations.event_cancel(
            event=found, actor=request.user, message=form.cleaned_data["message"]
        )
    except registrations.RegistrationRefused as refused:
        messages.error(request, str(refused))
        return redirect("events:registrants", found.slug)
    messages.success(
        request,
        ngettext(
            "The event is cancelled; %(n)d person is mailed.",
            "The event is cancelled; %(n)d people are mailed.",
            told,
        )
        % {"n": told},
    )
    return redirect(found)


@login_required
def check_in_by_code(request, code: str):
    """The QR code on a confirmed registration, scanned at the door by an organiser's phone: who it
    is, and one button to check them in (a GET changes nothing). Anyone else learns nothing."""
    registration = attendance.registration_for_code(code)
    if registration is None or registration.event.deleted_at is not None:
        raise Http404
    found = _managed(request, registration.event.slug)
    if request.method == "POST":
        try:
            attendance.check_in(registration=registration, actor=request.user)
        except PermissionDenied:
            messages.error(request, _("Only people with a place can be checked in."))
        else:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        return redirect("events:check_in_by_code", code)
    context = {"event": found, "registration": registration}
    return render(request, "events/check_in.html", context)


@staff_required
def participation(request):
    """Per year: which member cities came to the centre's events, and how many of their people."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("jaar", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2000), this_year + 5)
    context = {
        "year": year,
        "years": range(this_year, 2006, -1),
        "members": attendance.members_per_year(year),
        "participation": attendance.participation(attendance.events_in_year(year)),
    }
    return render(request, "events/participation.html", context)


@login_required
def registrants_csv(request, slug: str):
    """UTF-8 with BOM and ';' between cells: how Excel in Belgium opens a CSV without asking."""
    found = _managed(request, slug)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    columns = selectors.choice_columns(found)
    writer.writerow(
        [_("Name"), _("Email address"), _("Organisation"), _("Status"), _("Registered on")]
        + [spreadsheet_safe(label) for label, _value in columns]
    )
    for row in selectors.registrations_for_organiser(user=request.user, event=found):
        writer.writerow(
            [
                spreadsheet_safe(v)
                for v in (row.name, row.email, row.organisation_label, row.get_status_display())
            ]
            + [timezone.localdate(row.created_at).isoformat()]
            + [spreadsheet_safe(value(row)) for _label, value in columns]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(found.title)[:60] or "inschrijvingen"}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Presentations and the report, to the Kennisbank --------------------------------------------


def document(request, pk: int):
    """A presentation or report, for whoever may see its event."""
    found = get_object_or_404(EventDocument.objects.select_related("event"), pk=pk)
    event = selectors.event_get(user=request.user, slug=found.event.slug)
    try:
        handle = found.file.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=found.original_name)
    response["Cache-Control"] = "public, max-age=300" if is_public(event) else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def document_add(request, slug: str):
    found = _managed(request, slug)
    form = EventDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.event_document_add(
            event=found, title=form.cleaned_data["title"], uploaded_file=form.cleaned_data["file"],
            actor=request.user,
        )  # fmt: skip
        messages.success(request, _("The document is added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(found)


@require_POST
@staff_required
def document_publish(request, pk: int):
    found = get_object_or_404(EventDocument.objects.select_related("event"), pk=pk)
    selectors.event_get(user=request.user, slug=found.event.slug)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who may see the published item."))
        return redirect(found.event)
    item = services.event_document_publish(
        document=found, actor=request.user, visibility=form.cleaned_data["visibility"]
    )
    messages.success(request, _("The document is now a knowledge item."))
    return redirect(item)
