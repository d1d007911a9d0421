from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stadskennis.accounts.views import editor_required
from stadskennis.core.models import Organisation, Theme
from stadskennis.core.services import content_soft_delete
from stadskennis.knowledge import selectors, services
from stadskennis.knowledge.forms import ItemForm
from stadskennis.knowledge.models import KnowledgeItem


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
    return render(request, "knowledge/item_detail.html", {"item": item})


def _form_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@editor_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    form = ItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item = services.item_create(actor=request.user, **_form_fields(form))
        if form.cleaned_data.get("attachment"):
            services.attachment_add(
                item=item, uploaded_file=form.cleaned_data["attachment"], actor=request.user
            )
        messages.success(request, _("The item was saved."))
        return redirect(item)
    return render(request, "knowledge/item_form.html", {"form": form})


@editor_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = get_object_or_404(KnowledgeItem.objects.alive(), pk=pk)
    form = ItemForm(request.POST or None, request.FILES or None, instance=item)
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


@editor_required
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
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    response["Cache-Control"] = (
        "private, no-store" if attachment.item.visibility != "public" else "public, max-age=300"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
