"""Import a contact list with a preview, export a selection as CSV or vCard."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stadskennis.core import upload_tickets
from stadskennis.core.tabular import check_table_name
from stadskennis.core.visibility import staff_required
from stadskennis.knowledge.forms import check_size
from stadskennis.network import contact_io, selectors

SALT = "network.contacts-import"
FOLDER = "imports/contacts"


class ContactFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Contact list (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns: voornaam, achternaam, e-mail, organisatie (name or NIS code); optional: functie, "
            "dienst, telefoon, thema's, expertise. People are matched by email address."
        ),
        validators=[check_size, check_table_name],
    )


def _render_preview(request, result, token, name):
    return render(
        request,
        "network/contacts_preview.html",
        {"result": result, "token": token, "name": name, "counts": result.counts},
    )


@staff_required
def contacts_import(request):
    form = ContactFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        upload_tickets.purge(FOLDER)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            result = contact_io.preview(upload.name, data)
        except contact_io.ContactFileError as error:
            form.add_error("file", str(error))
        else:
            token = ""
            if result.is_valid:  # kept in a folder that is never served, until confirmed or a day old
                token = upload_tickets.keep(
                    folder=FOLDER, salt=SALT, name=upload.name, data=data, bound_to=f"user:{request.user.pk}"
                )
            return _render_preview(request, result, token, upload.name)
    return render(request, "network/contacts_import.html", {"form": form})


@require_POST
@staff_required
def contacts_import_confirm(request):
    try:
        path, name, data = upload_tickets.take(
            request.POST.get("token", ""), salt=SALT, bound_to=f"user:{request.user.pk}"
        )
    except upload_tickets.TicketExpired:
        messages.error(request, _("This preview has expired. Upload the file again."))
        return redirect("network:contacts_import")
    try:
        result = contact_io.preview(name, data)  # again: people may have changed meanwhile
        if not result.is_valid:
            upload_tickets.forget(path)
            messages.error(request, _("The file has rows with errors; nothing was imported."))
            return _render_preview(request, result, "", name)
        done = contact_io.apply(result, actor=request.user)
    except contact_io.ContactFileError as error:
        messages.error(request, str(error))
        return redirect("network:contacts_import")
    upload_tickets.forget(path)
    messages.success(
        request,
        _("Imported: %(new)d added, %(update)d updated, %(unchanged)d unchanged.") % done,
    )
    return redirect("network:people")


def _selection(request):
    return selectors.person_list(
        query=request.GET.get("q", "")[:200], organisation=request.GET.get("organisatie", "")[:100]
    )


@login_required
def contacts_export_csv(request):
    """Contact details leave the platform only for logged-in members (and are logged)."""
    people = _selection(request)
    response = HttpResponse(contact_io.export_csv(people), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contacten.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def contacts_export_vcard(request):
    people = _selection(request)
    response = HttpResponse(contact_io.export_vcard(people), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contacten.vcf"'
    response["Cache-Control"] = "private, no-store"
    return response
