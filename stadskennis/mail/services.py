"""Recording what the mail server says about our mail, and the one rule on which addresses we stop
mailing: a permanent failure (5.x.x) or a complaint at once, temporary failures (4.x.x) from
MAIL_SOFT_BOUNCE_LIMIT on. A later successful confirmation by the person (a link followed) clears it.

Reports arrive as a delivery status notification (RFC 3464) piped in by the mail server
(`stadskennis mail-bounce < message`), or as JSON posted to the webhook by a sending service."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.mail.models import MailBounce

KINDS = ("hard", "soft", "complaint")
MAX_REPORT_BYTES = 1_000_000  # a bounce carries the headers of the mail it returns, not megabytes


# Modules told of each bounce, inside its transaction: the newsletter counts it against the issue
# that bounced. A listener takes the lowercased address, the kind and the status ("delayed 4.2.2").
_bounce_listeners: list[Callable[[str, str, str], object]] = []


def register_bounce_listener(listener: Callable[[str, str, str], object]) -> None:
    """Call from AppConfig.ready."""
    if listener not in _bounce_listeners:
        _bounce_listeners.append(listener)


class BadReport(ValueError):
    """A report this module cannot read; the message says what is wrong with it."""


@dataclass(frozen=True)
class Report:
    address: str
    kind: str  # hard, soft or complaint
    status: str = ""


def _stopped(row: MailBounce) -> bool:
    return bool(row.hard_at or row.complaint_at or row.soft_count >= settings.MAIL_SOFT_BOUNCE_LIMIT)


def is_undeliverable(address: str) -> bool:
    row = MailBounce.objects.filter(address=address.strip().lower()).first()
    return row is not None and _stopped(row)


def undeliverable_addresses():
    """The addresses we stop mailing, as a subquery for lists of thousands (the newsletter's);
    the same rule as `_stopped`."""
    stopped = Q(hard_at__isnull=False) | Q(complaint_at__isnull=False)
    return MailBounce.objects.filter(stopped | Q(soft_count__gte=settings.MAIL_SOFT_BOUNCE_LIMIT)).values(
        "address"
    )


def undeliverable_among(addresses) -> set[str]:
    """Which of `addresses` we stop mailing (one query, for a list of registrants)."""
    wanted = {a.strip().lower() for a in addresses if a}
    return {row.address for row in MailBounce.objects.filter(address__in=wanted) if _stopped(row)}


@transaction.atomic
def bounce_record(report: Report) -> MailBounce:
    address = report.address.strip().lower()
    try:
        validate_email(address)
    except Exception as error:  # noqa: BLE001 - Django's ValidationError, said as a report error
        raise BadReport(f"not an email address: {report.address[:100]!r}") from error
    if report.kind not in KINDS:
        raise BadReport(f"unknown kind {report.kind!r}: use one of {', '.join(KINDS)}")
    now = timezone.now()
    row, _created = MailBounce.objects.select_for_update().get_or_create(address=address)
    fields = {"last_at": now, "last_status": report.status[:200]}
    if report.kind == "hard":
        fields["hard_at"] = now
    elif report.kind == "complaint":
        fields["complaint_at"] = now
    else:
        fields["soft_count"] = F("soft_count") + 1
    MailBounce.objects.filter(pk=row.pk).update(**fields)
    audit_record(actor=None, action=AuditEntry.Action.UPDATE, obj=row, changes={"bounce": report.kind})
    for listener in _bounce_listeners:
        listener(address, report.kind, report.status)
    row.refresh_from_db()
    return row


@transaction.atomic
def address_confirmed(address: str) -> None:
    """The person followed a link mailed to the address: it works again."""
    MailBounce.objects.filter(address=address.strip().lower()).delete()


def reports_from_dsn(raw: bytes) -> list[Report]:
    """The failed recipients of a delivery status notification (RFC 3464): 'Action: failed' with a
    5.x.x status is permanent, 'delayed' or a 4.x.x status temporary. Anything else is no report."""
    if len(raw) > MAX_REPORT_BYTES:
        raise BadReport(f"the message is larger than {MAX_REPORT_BYTES} bytes")
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report":
        raise BadReport("not a delivery status notification (multipart/report)")
    reports = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else [email.message_from_string(str(payload))]
        for block in blocks[1:] if isinstance(payload, list) else blocks:  # the first block is per message
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient") or ""
            action = (block.get("Action") or "").strip().lower()
            status = (block.get("Status") or "").strip()
            address = recipient.split(";", 1)[-1].strip()
            if not address or action not in ("failed", "delayed"):
                continue
            kind = "hard" if action == "failed" and status.startswith("5") else "soft"
            reports.append(Report(address=address, kind=kind, status=f"{action} {status}".strip()))
    if not reports:
        raise BadReport("the notification names no failed recipient")
    return reports
