from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stadskennis.core.models import Organisation, Theme
from stadskennis.core.services import content_soft_delete
from stadskennis.core.visibility import is_public, is_staff_user, staff_required
from stadskennis.knowledge import dossier, selectors, services
from stadskennis.knowledge.forms import DossierForm, ImportForm, ItemForm, ProposalForm
from stadskennis.knowledge.models import ImportJob, KnowledgeItem, ThemeDossier


def item_list(request):
    kind = request.GET.get("soort", "")
    theme = request.GET.get("thema", "")
    organisation = request.GET.get("organisatie", "")
    items = selectors.item_list(user=request.user, kind=kind, theme=theme, organisation=organisation)
    page = Paginator(items, 20).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "kinds": KnowledgeItem.Kind.choices,
        "themes": Theme.objects.all(),
        "organisations": Organisation.objects.all(),
        "selected": {"kind": kind, "theme": theme, "organisation": organisation},
    }
    template = (
        "knowledge/_item_list_results.html"
        if request.headers.get("HX-Request")
        else "knowledge/item_list.html"
    )
    return render(request, template, context)


def item_detail(request, pk: int):
    item = selectors.item_get(user=request.user, pk=pk)
    organisation, more = selectors.more_from_organisation(user=request.user, item=item)
    context = {
        "item": item,
        "related": selectors.related_items(user=request.user, item=item),
        "more_organisation": organisation,
        "more_items": more,
    }
    return render(request, "knowledge/item_detail.html", context)


def _form_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@staff_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    form = ItemForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = services.item_create(actor=request.user, **_form_fields(form))
        if form.cleaned_data.get("attachment"):
            services.attachment_add(
                item=item, uploaded_file=form.cleaned_data["attachment"], actor=request.user
            )
        messages.success(request, _("The item was saved."))
        return redirect(item)
    return render(request, "knowledge/item_form.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = get_object_or_404(KnowledgeItem.objects.alive(), pk=pk)
    form = ItemForm(request.POST or None, request.FILES or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = _form_fields(form)
        item.refresh_from_db()  # the form wrote its values onto the instance; compare against the stored row
        services.item_update(item=item, actor=request.user, **fields)
        if form.cleaned_data.get("attachment"):
            services.attachment_add(
                item=item, uploaded_file=form.cleaned_data["attachment"], actor=request.user
            )
        messages.success(request, _("The changes were saved."))
        return redirect(item)
    return render(request, "knowledge/item_form.html", {"form": form, "item": item})


@staff_required
@require_POST
def item_delete(request, pk: int):
    item = get_object_or_404(KnowledgeItem.objects.alive(), pk=pk)
    content_soft_delete(obj=item, actor=request.user)
    messages.success(
        request,
        _("“%(title)s” was moved to the trash. You can restore it from there.") % {"title": item.title},
    )
    return redirect("knowledge:list")


def attachment_download(request, pk: int):
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except OSError as error:  # the row exists but the file is gone: not found, not a 500
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
    response["Cache-Control"] = "public, max-age=300" if is_public(attachment.item) else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def theme_list(request):
    return render(
        request, "knowledge/theme_list.html", {"themes": selectors.theme_overview(user=request.user)}
    )


def theme_dossier(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    return render(request, "knowledge/theme_dossier.html", dossier.dossier(user=request.user, theme=theme))


@staff_required
@require_http_methods(["GET", "POST"])
def theme_dossier_edit(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    # Looking at the form writes nothing: the dossier is created when it is first saved.
    record = ThemeDossier.objects.filter(theme=theme).first() or ThemeDossier(theme=theme)
    form = DossierForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        services.dossier_update(
            theme=theme,
            actor=request.user,
            introduction=form.cleaned_data["introduction"],
            key_items=form.cleaned_data["key_items"],
        )
        messages.success(request, _("The dossier was saved."))
        return redirect("knowledge:theme", slug=slug)
    return render(request, "knowledge/theme_dossier_form.html", {"form": form, "theme": theme})


@login_required
@require_http_methods(["GET", "POST"])
def item_propose(request):
    """A member proposes an item; it stays a draft of their own until an editor publishes it."""
    if request.user.organisation is None:
        if is_staff_user(request.user):
            return redirect("knowledge:create")
        raise PermissionDenied
    form = ProposalForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        item = services.item_create(
            actor=request.user, owner=request.user.organisation, visibility="draft", **fields
        )
        if form.cleaned_data.get("attachment"):
            services.attachment_add(
                item=item, uploaded_file=form.cleaned_data["attachment"], actor=request.user
            )
        messages.success(
            request, _("Thank you. Your proposal was saved; an editor of the centre will publish it.")
        )
        return redirect(item)
    return render(request, "knowledge/item_propose.html", {"form": form})


@staff_required
def proposal_list(request):
    return render(request, "knowledge/proposal_list.html", {"items": selectors.proposals()})


@staff_required
@require_POST
def item_publish(request, pk: int):
    item = get_object_or_404(KnowledgeItem.objects.alive(), pk=pk)
    visibility = request.POST.get("visibility", "public")
    if visibility not in ("public", "network", "organisation"):
        visibility = "public"
    services.item_update(item=item, actor=request.user, visibility=visibility)
    messages.success(request, _("“%(title)s” is published.") % {"title": item.title})
    return redirect("knowledge:proposals")


def item_attachments(request, pk: int):
    """The attachments block of an item page, polled by HTMX while text extraction runs."""
    item = selectors.item_get(user=request.user, pk=pk)
    return render(request, "knowledge/_attachments.html", {"item": item})


@staff_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_start(
            uploaded_file=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"], actor=request.user
        )
        return redirect("knowledge:import_status", pk=job.pk)
    jobs = ImportJob.objects.select_related("started_by")[:10]
    return render(request, "knowledge/import_start.html", {"form": form, "jobs": jobs})


@staff_required
def import_status(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk)
    template = (
        "knowledge/_import_progress.html"
        if request.headers.get("HX-Request")
        else "knowledge/import_status.html"
    )
    return render(request, template, {"job": job})
