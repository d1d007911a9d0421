"""The webhook a sending service posts its bounces and complaints to."""

from __future__ import annotations

import json
import secrets

from django.conf import settings
from django.db import transaction
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from stadskennis.mail import services

MAX_BODY = 100_000
MAX_REPORTS = 500


@csrf_exempt  # a machine posts here, with the shared token instead of a session
@require_POST
def bounces(request):
    """JSON: one report or a list, each {"address": "…", "kind": "hard" | "soft" | "complaint",
    "status": "…" (optional)}, with `Authorization: Bearer <MAIL_BOUNCE_WEBHOOK_TOKEN>`. All or
    nothing: one bad report records none of them."""
    token = settings.MAIL_BOUNCE_WEBHOOK_TOKEN
    if not token:
        raise Http404  # not configured: the address does not exist
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not secrets.compare_digest(given.encode(), token.encode()):
        return JsonResponse({"error": "wrong or missing token"}, status=403)
    length = request.headers.get("Content-Length") or "0"
    if not (length.isascii() and length.isdigit()) or int(length) > MAX_BODY:
        return JsonResponse({"error": f"the body is larger than {MAX_BODY} bytes"}, status=413)
    try:
        data = json.loads(request.body)
        rows = data if isinstance(data, list) else [data]
        if len(rows) > MAX_REPORTS:
            raise services.BadReport(f"at most {MAX_REPORTS} reports at once")
        reports = [_report(i, row) for i, row in enumerate(rows)]
        with transaction.atomic():
            for report in reports:
                services.bounce_record(report)
    except (ValueError, services.BadReport) as error:  # json's errors are ValueErrors too
        return JsonResponse({"error": str(error)[:300]}, status=400)
    return JsonResponse({"recorded": len(reports)})


def _report(i: int, row) -> services.Report:
    if not isinstance(row, dict) or not isinstance(row.get("address"), str):
        raise services.BadReport(f"report {i + 1}: an object with an 'address' is expected")
    kind, status = row.get("kind", "hard"), row.get("status", "")
    if not isinstance(kind, str) or not isinstance(status, str):
        raise services.BadReport(f"report {i + 1}: 'kind' and 'status' are text")
    if any("\x00" in text for text in (row["address"], kind, status)):  # PostgreSQL stores no NUL
        raise services.BadReport(f"report {i + 1}: a NUL character is not allowed")
    return services.Report(address=row["address"][:254], kind=kind, status=status)
