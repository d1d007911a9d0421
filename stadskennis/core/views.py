import functools

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from stadskennis.core import heartbeat, mail_store, selectors
from stadskennis.core.services import content_restore
from stadskennis.core.visibility import administrator_required, staff_required


def _health() -> dict | None:
    """The database's answer and the background processes' last heartbeats; None: no database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return None
    body = {"status": "ok", "database": "up"}
    for key, name in (("worker", heartbeat.WORKER), ("search_indexer", heartbeat.SEARCH_INDEXER)):
        try:
            body[key] = heartbeat.heartbeat_status(name=name).as_json()
        except DatabaseError:  # not migrated yet: the web host still serves
            body[key] = None
    return body


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not: for load balancers, so the status is
    about this web host only. The body adds the worker's and indexer's last heartbeats."""
    body = _health()
    if body is None:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse(body)


@never_cache
def healthz_worker(request):
    """For monitoring: 503 when the worker's or this host's search indexer's heartbeat is stale."""
    body = _health()
    if body is None:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    stale = [key for key in ("worker", "search_indexer") if body[key] is None or body[key]["stale"]]
    if stale:
        return JsonResponse({**body, "status": "stale", "stale": stale}, status=503)
    return JsonResponse(body)


@staff_required
def trash(request):
    return render(request, "core/trash.html", {"rows": selectors.trash_list(user=request.user)})


@staff_required
@require_POST
def restore(request, model_label: str, pk: int):
    try:
        obj = selectors.trash_get(model_label=model_label, pk=pk, user=request.user)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    content_restore(obj=obj, actor=request.user)
    messages.success(request, _("“%(name)s” was restored.") % {"name": obj})
    return redirect("core:trash")


@staff_required
def audit_log(request):
    page = Paginator(selectors.audit_list(), 50).get_page(request.GET.get("pagina"))
    return render(request, "core/audit_log.html", {"page": page})


def _kept_mail_only(view):
    """The kept mail exists with the embedded default's mail backend only: elsewhere there is no page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not mail_store.in_use():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@_kept_mail_only
@administrator_required
def mail_list(request):
    page = Paginator(mail_store.mail_list(), 25).get_page(request.GET.get("pagina"))
    return render(request, "core/mail_list.html", {"page": page, "keep": mail_store.KEEP})


@_kept_mail_only
@administrator_required
def mail_detail(request, pk: int):
    return render(
        request, "core/mail_detail.html", {"mail": get_object_or_404(mail_store.mail_list(), pk=pk)}
    )


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_400(request, exception=None):
    """A request the platform cannot read (a host it does not serve, a body too large): the API's
    callers get JSON, as from every other error of the API."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Dit verzoek kan niet verwerkt worden.", "errors": []}, status=400)
    if not hasattr(request, "user"):  # refused before the middleware that knows who asks (the host)
        request.user = AnonymousUser()
    return render(request, "400.html", status=400)


def error_500(request):
    return render(request, "500.html", status=500)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)
