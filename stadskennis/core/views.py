from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from stadskennis.core import selectors
from stadskennis.core.services import content_restore
from stadskennis.core.visibility import staff_required


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not. For load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@staff_required
def trash(request):
    return render(request, "core/trash.html", {"rows": selectors.trash_list()})


@staff_required
@require_POST
def restore(request, model_label: str, pk: int):
    try:
        obj = selectors.trash_get(model_label=model_label, pk=pk)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    content_restore(obj=obj, actor=request.user)
    messages.success(request, _("“%(name)s” was restored.") % {"name": obj})
    return redirect("core:trash")


@staff_required
def audit_log(request):
    page = Paginator(selectors.audit_list(), 50).get_page(request.GET.get("pagina"))
    return render(request, "core/audit_log.html", {"page": page})


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)
