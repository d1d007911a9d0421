"""Import a contact list with a preview, export a selection as CSV or vCard."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stadskennis.core.visibility import staff_required
from stadskennis.knowledge.forms import check_size
from stadskennis.network import contact_io, selectors

SALT = "network.contacts-import"
MAX_AGE = 24 * 3600  # a preview can be confirmed for a day
FOLDER = "imports/contacts"


class ContactFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Contact list (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Columns: voornaam, achternaam, e-mail, organisatie (name or NIS code); optional: functie, "
            "dienst, telefoon, thema's, expertise. People are matched by email address."
        ),
        validators=[check_size],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in (".csv", ".xlsx", ".txt"):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload


def _purge_stale_previews() -> None:
    """Uploaded lists hold personal data: one nobody confirmed within a day is removed."""
    try:
        names = default_storage.listdir(FOLDER)[1]
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - timedelta(seconds=MAX_AGE)
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue


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
        _purge_stale_previews()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            result = contact_io.preview(upload.name, data)
        except contact_io.ContactFileError as error:
            form.add_error("file", str(error))
        else:
            token = ""
            if result.is_valid:
                # Kept in a folder that is never served, until confirmed or a day old.
                path = default_storage.save(
                    f"{FOLDER}/{secrets.token_hex(16)}{PurePath(upload.name).suffix.lower()}",
                    ContentFile(data),
                )
                token = signing.dumps({"path": path, "name": upload.name}, salt=SALT)
            return _render_preview(request, result, token, upload.name)
    return render(request, "network/contacts_import.html", {"form": form})


@require_POST
@staff_required
def contacts_import_confirm(request):
    try:
        ticket = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=MAX_AGE)
        with default_storage.open(ticket["path"], "rb") as handle:
            data = handle.read()
    except (signing.BadSignature, OSError, KeyError):
        messages.error(request, _("This preview has expired. Upload the file again."))
        return redirect("network:contacts_import")
    try:
        result = contact_io.preview(ticket["name"], data)  # again: people may have changed meanwhile
        if not result.is_valid:
            default_storage.delete(ticket["path"])
            messages.error(request, _("The file has rows with errors; nothing was imported."))
            return _render_preview(request, result, "", ticket["name"])
        done = contact_io.apply(result, actor=request.user)
    except contact_io.ContactFileError as error:
        messages.error(request, str(error))
        return redirect("network:contacts_import")
    default_storage.delete(ticket["path"])
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
