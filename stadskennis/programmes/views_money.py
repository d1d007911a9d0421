"""The money of a year, for centre staff: budget against actuals, the own-means share, budget lines
and entries by hand, the import of the cost-centre export with its preview, and every change with a
button that turns it back. Approved accounts are published from here (`views_accounts.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stadskennis.core import upload_tickets
from stadskennis.core.models import AuditEntry, Period
from stadskennis.core.visibility import (
    budget_readers_required,
    can_manage_werking,
    can_run_body,
    staff_required,
)
from stadskennis.programmes import accounts, ledger_import, services
from stadskennis.programmes.forms import BudgetLineForm, EntryForm, ImportUploadForm, MappingForm
from stadskennis.programmes.models import BudgetLine, Decision, EntryImport, LedgerEntry, YearAccounts
from stadskennis.programmes.money import format_euros

FOLDER = "uploads/ledger"
SALT = "programmes.ledger-import"


def known_year(year: int) -> int:
    """A year of a cooperation period (the books of other years are not kept here)."""
    if not Period.objects.filter(start_year__lte=year, end_year__gte=year).exists():
        raise Http404(_("No cooperation period holds %(year)s.") % {"year": year})
    return year


@budget_readers_required
def money_current(request):
    return redirect("programmes:money", year=timezone.localdate().year)


@budget_readers_required
def money(request, year: int):
    """Staff work here; the executive board's members read it (no buttons, no forms)."""
    known_year(year)
    figures = accounts.year_figures(year)
    entries = Paginator(
        LedgerEntry.objects.alive()
        .filter(year=year)
        .select_related("programme_line", "organisation")
        .order_by("-booked_on", "-pk"),
        50,
    ).get_page(request.GET.get("pagina"))
    context = {
        "year": year,
        "figures": figures,
        "own_budget": figures.own_means("budget"),
        "own_actual": figures.own_means("actual"),
        "budget_lines": BudgetLine.objects.alive()
        .filter(year=year)
        .select_related("programme_line", "organisation"),
        "page": entries,
        "approved": YearAccounts.objects.filter(year=year, withdrawn_at__isnull=True).first(),
        "years": range(year - 2, year + 2),
        "can_edit": can_manage_werking(request.user),
    }
    return render(request, "programmes/money.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def budget_line_edit(request, year: int, pk: int | None = None):
    known_year(year)
    line = get_object_or_404(BudgetLine.objects.alive(), pk=pk, year=year) if pk else BudgetLine()
    form = BudgetLineForm(
        request.POST if request.method == "POST" else None, instance=line, year=year, prefix="budget"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_save(obj=line, values=form.values(), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The budget line was saved."))
            return redirect("programmes:money", year=year)
    return render(
        request,
        "programmes/money_form.html",
        {"form": form, "year": year, "kind": "budget", "obj": line},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def entry_edit(request, year: int, pk: int | None = None):
    known_year(year)
    entry = (
        get_object_or_404(LedgerEntry.objects.alive(), pk=pk, year=year)
        if pk
        else LedgerEntry(created_by=request.user)
    )
    form = EntryForm(
        request.POST if request.method == "POST" else None, instance=entry, year=year, prefix="entry"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_save(obj=entry, values=form.values(), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect("programmes:money", year=year)
    return render(
        request,
        "programmes/money_form.html",
        {"form": form, "year": year, "kind": "entry", "obj": entry},
        status=400 if form.errors else 200,
    )


@require_POST
@staff_required
def trash_toggle(request, year: int, what: str, pk: int):
    """Put a budget line or an entry in the trash, or take it back out."""
    model = {"begroting": BudgetLine, "boeking": LedgerEntry}.get(what)
    if model is None:
        raise Http404
    obj = get_object_or_404(model, pk=pk, year=year)
    try:
        if obj.deleted_at is None:
            services.record_delete(obj=obj, actor=request.user)
            messages.success(request, _("Moved to the trash: it can be turned back under “Changes”."))
        else:
            services.record_restore(obj=obj, actor=request.user)
            messages.success(request, _("Restored."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("programmes:money", year=year)


def _money_changes(year: int):
    """The audit entries of the year's money and work programme, newest first."""
    types = ContentType.objects.get_for_models(*services.TRACKED, EntryImport).values()
    ids_by_type = {
        ContentType.objects.get_for_model(model).pk: [
            str(pk) for pk in model.objects.filter(**{_year_path(model): year}).values_list("pk", flat=True)
        ]
        for model in [*services.TRACKED, EntryImport]
    }
    entries = AuditEntry.objects.none()
    for content_type in types:
        entries = entries | AuditEntry.objects.filter(
            content_type=content_type, object_id__in=ids_by_type[content_type.pk]
        )
    return entries.select_related("actor", "content_type").order_by("-created_at", "-pk")


def _year_path(model) -> str:
    return {"PlannedActivity": "work_programme__year", "Decision": "decided_on__year"}.get(
        model.__name__, "year"
    )


@staff_required
def changes(request, year: int):
    known_year(year)
    page = Paginator(_money_changes(year), 50).get_page(request.GET.get("pagina"))
    revertible = {ContentType.objects.get_for_model(model).pk for model in services.TRACKED}
    return render(request, "programmes/changes.html", {"year": year, "page": page, "revertible": revertible})


@require_POST
@staff_required
def change_revert(request, year: int, pk: int):
    entry = get_object_or_404(AuditEntry, pk=pk)
    if str(entry.object_id) not in _money_changes(year).filter(pk=pk).values_list("object_id", flat=True):
        raise Http404
    decision = Decision.objects.filter(pk=entry.object_id).select_related("body").first()
    if entry.content_type.model_class() is Decision and not (
        decision and can_run_body(request.user, decision.body)
    ):
        raise PermissionDenied  # the register is the body's: only its organisers write in it
    try:
        services.change_revert(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The change was turned back."))
    return redirect("programmes:changes", year=year)


@require_POST
@staff_required
def import_undo(request, year: int, pk: int):
    batch = get_object_or_404(EntryImport, pk=pk, year=year)
    try:
        if batch.undone_at is None:
            count = services.entries_import_undo(batch=batch, actor=request.user)
            messages.success(request, _("The import was undone: %(n)s entries to the trash.") % {"n": count})
        else:
            count = services.entries_import_redo(batch=batch, actor=request.user)
            messages.success(request, _("The import is back: %(n)s entries.") % {"n": count})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("programmes:money", year=year)


@require_http_methods(["GET", "POST"])
@staff_required
def entries_import(request, year: int):
    """Step 1: the file, its notation and its cost centre."""
    known_year(year)
    form = ImportUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        control = form.cleaned_data["control_total"]
        report = ledger_import.check(
            name=upload.name,
            data=data,
            year=year,
            decimal_separator=form.cleaned_data["decimal_separator"],
            cost_centre=form.cleaned_data["cost_centre"],
            control_total=control,
        )
        token = upload_tickets.keep(
            folder=FOLDER, salt=SALT, name=upload.name, data=data, bound_to=f"user:{request.user.pk}:{year}"
        )
        initial = {
            "ticket": token,
            "decimal_separator": form.cleaned_data["decimal_separator"],
            "cost_centre": form.cleaned_data["cost_centre"],
            "control_total": format_euros(control) if control is not None else "",
            **{
                f"column_{key}": "" if column is None else str(column)
                for key, column in report.mapping.items()
            },
        }
        mapping_form = MappingForm(initial=initial, header=report.header)
        return _preview(request, year, report, mapping_form, upload.name)
    return render(
        request, "programmes/import.html", {"form": form, "year": year}, status=400 if form.errors else 200
    )


@require_POST
@staff_required
def entries_import_check(request, year: int):
    """Step 2: the columns as mapped, checked again; imported when every row is right."""
    known_year(year)
    try:
        path, name, data = upload_tickets.take(
            request.POST.get("ticket", ""), salt=SALT, bound_to=f"user:{request.user.pk}:{year}"
        )
    except upload_tickets.TicketExpired:
        messages.error(request, _("This preview has expired. Upload the file again."))
        return redirect("programmes:import", year=year)
    header = ledger_import.check(name=name, data=data, year=year).header
    mapping_form = MappingForm(request.POST, header=header)
    if not mapping_form.is_valid():
        report = ledger_import.Report(header=header)
        return _preview(request, year, report, mapping_form, name, status=400)
    control = mapping_form.cleaned_data["control_total"]
    report = ledger_import.check(
        name=name,
        data=data,
        year=year,
        mapping=mapping_form.mapping(),
        decimal_separator=mapping_form.cleaned_data["decimal_separator"],
        cost_centre=mapping_form.cleaned_data["cost_centre"],
        control_total=control,
    )
    if request.POST.get("action") == "import" and report.ok:
        try:
            batch = services.entries_import(report=report, year=year, file_name=name, actor=request.user)
        except ValidationError as error:
            report.problem(None, " ".join(error.messages))
        else:
            upload_tickets.forget(path)
            messages.success(
                request,
                _("Imported: %(n)s entries, together %(total)s euro.")
                % {"n": batch.rows, "total": format_euros(batch.total_cents)},
            )
            return redirect("programmes:money", year=year)
    return _preview(request, year, report, mapping_form, name, status=200 if report.ok else 400)


def _preview(request, year: int, report, mapping_form, name: str, status: int | None = None):
    context = {
        "year": year,
        "report": report,
        "form": mapping_form,
        "file_name": name,
        "rows": report.rows[:30],
        "total": format_euros(report.total_cents),
        "control": format_euros(report.control_cents),
    }
    return render(
        request, "programmes/import_preview.html", context, status=status or (200 if report.ok else 400)
    )
