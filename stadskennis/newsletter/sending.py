"""Sending an issue to every subscriber once, in the background, at a pace the mail server accepts.

Starting writes one Delivery row per confirmed subscriber of the monthly newsletter, in the same
transaction that marks the issue as being sent. A run of the worker then claims pending rows in
batches (`SKIP LOCKED` on PostgreSQL, an exclusive transaction on SQLite), sends them one by one at
NEWSLETTER_PER_SECOND and never more than NEWSLETTER_PER_HOUR in any hour, and marks each row sent
the moment the server accepted it. Pausing (by an editor, or automatically after
NEWSLETTER_PAUSE_AFTER_ERRORS errors of the mail server) stops a run after the message it is
sending; resuming starts a new run that takes over the rows claimed and not sent.

One run holds an issue at a time: the run writes its id on the issue and checks it, and the row it
is about to send, before every message. A killed run leaves its claimed rows behind; the next run
takes them back once their claim is NEWSLETTER_CLAIM_LEASE_SECONDS old, which the worker's own
recovery (a task whose worker died is run again) always exceeds. The one mail that can go out
twice is the one whose acceptance by the server the killed run had no time to write down; it goes
out again with the same Message-ID, which mail programs recognise as the same mail.
"""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.utils import exclusive_transaction

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.mail.services import Report, bounce_record, is_undeliverable, undeliverable_addresses
from stadskennis.newsletter.issues import problems
from stadskennis.newsletter.models import Delivery, Issue, Subscriber
from stadskennis.newsletter.rendering import issue_message, shared_context

log = logging.getLogger(__name__)

BATCH = 50
Status = Issue.Status
Row = Delivery.Status


class SendingRefused(Exception):
    """A step of the sending that cannot be taken now; the message says why."""


def recipients():
    """Who receives the monthly newsletter: confirmed, asked for it, and not undeliverable."""
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, monthly=True).exclude(
        email__in=undeliverable_addresses()
    )


def send_start(*, issue: Issue, actor) -> int:
    """Every recipient gets a delivery row, and the worker starts sending. Returns how many."""
    from stadskennis.newsletter.tasks import deliver_issue

    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != Status.DRAFT:
            raise SendingRefused(_("This issue was sent already or is being sent."))
        found = problems(issue)
        if found:
            raise SendingRefused(found[0])
        ids = recipients().values_list("pk", flat=True).order_by("pk")
        rows = (Delivery(issue=issue, subscriber_id=pk) for pk in ids.iterator(chunk_size=2000))
        Delivery.objects.bulk_create(rows, batch_size=1000)
        issue.status, issue.send_started_at, issue.errors = Status.SENDING, timezone.now(), 0
        issue.save(update_fields=["status", "send_started_at", "errors"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=issue, changes={"status": "sending"})
        transaction.on_commit(lambda: deliver_issue.enqueue(issue.pk))
        return issue.deliveries.count()


def send_pause(*, issue: Issue, actor, reason: str = "") -> None:
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != Status.SENDING:
            raise SendingRefused(_("Only an issue being sent can be paused."))
        _pause(issue, reason or _("Paused by %(name)s.") % {"name": actor.get_full_name() or actor.email})
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=issue, changes={"status": "paused"})


def send_resume(*, issue: Issue, actor) -> None:
    from stadskennis.newsletter.tasks import deliver_issue

    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != Status.PAUSED:
            raise SendingRefused(_("Only a paused issue can be resumed."))
        issue.status, issue.errors, issue.paused_reason, issue.last_error = Status.SENDING, 0, "", ""
        issue.save(update_fields=["status", "errors", "paused_reason", "last_error"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=issue, changes={"status": "sending"})
        transaction.on_commit(lambda: deliver_issue.enqueue(issue.pk))


def _pause(issue: Issue, reason: str) -> None:
    issue.status, issue.paused_reason, issue.waiting_until = Status.PAUSED, reason[:500], None
    issue.save(update_fields=["status", "paused_reason", "waiting_until"])


def abandon(issue_id: int, *, message: str = "") -> None:
    """The worker died under this issue's run too often: it pauses, for a person to look."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id, status=Status.SENDING).first()
        if issue is not None:
            _pause(
                issue, _("The background worker stopped several times while sending. Resume when it runs.")
            )


@dataclass
class Outcome:
    result: str  # finished, paused, waiting, stopped (another run holds the issue)
    sent: int = 0


def deliver(issue_id: int, *, connection_factory=get_connection) -> Outcome:
    """One run: send what is pending until nothing is, the issue pauses or the hour is full."""
    run = uuid.uuid4().hex
    if not _take_over(issue_id, run):
        return Outcome("stopped")
    mail = connection_factory(fail_silently=False)
    gap = 1.0 / max(settings.NEWSLETTER_PER_SECOND, 0.001)
    next_at = time.monotonic()
    sent = 0
    try:
        while True:
            room = settings.NEWSLETTER_PER_HOUR - _sent_in_the_last_hour()
            if room <= 0:
                return Outcome(_wait_for_the_hour(issue_id, run), sent)
            batch = _claim(issue_id, run, min(BATCH, room))
            if not batch:
                return Outcome(_finish(issue_id, run), sent)
            shared = shared_context(Issue.objects.get(pk=issue_id))  # an item made private drops out here
            for index, delivery_id in enumerate(batch):
                if not _still_ours(issue_id, run, delivery_id):
                    _release(run, batch[index:])
                    return Outcome("paused", sent)
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at = time.monotonic() + gap
                outcome = _send_one(issue_id, delivery_id, run, mail, shared)
                sent += outcome == "sent"
                if outcome == "error" and _count_error(issue_id):
                    _release(run, batch[index + 1 :])
                    return Outcome("paused", sent)
    finally:
        mail.close()


def _take_over(issue_id: int, run: str) -> bool:
    """The run writes itself on the issue; rows a dead run claimed and did not send go back in line."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id).first()
        if issue is None or issue.status != Status.SENDING:
            return False
        issue.run_id, issue.waiting_until = run, None
        issue.save(update_fields=["run_id", "waiting_until"])
    while True:
        with transaction.atomic():
            cutoff = timezone.now() - timedelta(seconds=settings.NEWSLETTER_CLAIM_LEASE_SECONDS)
            claimed = Delivery.objects.filter(issue_id=issue_id, status=Row.SENDING).exclude(run_id=run)
            claimed.filter(claimed_at__lt=cutoff).update(status=Row.PENDING, run_id="")
            if not claimed.exists():
                return True
        time.sleep(1.0)  # a run that was paused a moment ago still finishes its message


def _claim(issue_id: int, run: str, size: int) -> list[int]:
    if connection.vendor == "postgresql":
        with transaction.atomic():
            pending = Delivery.objects.select_for_update(skip_locked=True).filter(
                issue_id=issue_id, status=Row.PENDING
            )
            ids = list(pending.order_by("pk").values_list("pk", flat=True)[:size])
            Delivery.objects.filter(pk__in=ids).update(
                status=Row.SENDING, run_id=run, claimed_at=timezone.now()
            )
        return ids
    with exclusive_transaction(Delivery.objects.db):  # SQLite: one writer at a time
        pending = Delivery.objects.filter(issue_id=issue_id, status=Row.PENDING)
        ids = list(pending.order_by("pk").values_list("pk", flat=True)[:size])
        Delivery.objects.filter(pk__in=ids).update(status=Row.SENDING, run_id=run, claimed_at=timezone.now())
    return ids


def _still_ours(issue_id: int, run: str, delivery_id: int) -> bool:
    """Before each message: the issue is still being sent by this run, and the row is still ours (its
    claim renewed, so no later run takes it back while it is being sent)."""
    with transaction.atomic():
        if not Issue.objects.filter(pk=issue_id, status=Status.SENDING, run_id=run).exists():
            return False
        mine = Delivery.objects.filter(pk=delivery_id, status=Row.SENDING, run_id=run)
        return bool(mine.update(claimed_at=timezone.now()))


def _release(run: str, ids: list[int]) -> None:
    Delivery.objects.filter(pk__in=ids, status=Row.SENDING, run_id=run).update(status=Row.PENDING, run_id="")


def _send_one(issue_id: int, delivery_id: int, run: str, mail, shared: dict) -> str:
    delivery = Delivery.objects.select_related("issue", "subscriber").get(pk=delivery_id)
    subscriber = delivery.subscriber
    if (
        subscriber is None
        or subscriber.status != Subscriber.Status.CONFIRMED
        or not subscriber.monthly
        or is_undeliverable(subscriber.email)
    ):
        _mark(delivery_id, run, status=Row.SKIPPED)
        return "skipped"
    message = issue_message(delivery.issue, subscriber, delivery_id=delivery_id, shared=shared)
    message.connection = mail
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as refused:
        code, reply = next(iter(refused.recipients.values()), (0, b""))
        reason = f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"[:300]
        if 500 <= code < 600:
            _mark(delivery_id, run, status=Row.FAILED, error=reason, attempts=F("attempts") + 1)
            bounce_record(Report(address=subscriber.email, kind="hard", status=reason[:200]))
            return "refused"
        return _transient(issue_id, delivery_id, run, reason, mail)
    except (smtplib.SMTPException, OSError) as error:
        return _transient(issue_id, delivery_id, run, f"{type(error).__name__}: {error}"[:300], mail)
    _mark(delivery_id, run, status=Row.SENT, sent_at=timezone.now(), error="", attempts=F("attempts") + 1)
    return "sent"


def _transient(issue_id: int, delivery_id: int, run: str, reason: str, mail) -> str:
    """The server did not take the message now: the row waits for the next try, the connection is
    opened afresh, and the error counts towards the automatic pause."""
    log.warning("newsletter: delivery %s not sent: %s", delivery_id, reason)
    _mark(delivery_id, run, status=Row.PENDING, run_id="", error=reason, attempts=F("attempts") + 1)
    Issue.objects.filter(pk=issue_id).update(last_error=reason)
    try:
        mail.close()
    except (smtplib.SMTPException, OSError):
        pass
    return "error"


def _mark(delivery_id: int, run: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery_id, run_id=run).update(**fields)


def _count_error(issue_id: int) -> bool:
    """Count one error of the mail server; at the limit the issue pauses. Returns whether it did."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        issue.errors += 1
        issue.save(update_fields=["errors"])
        if issue.status == Status.SENDING and issue.errors >= settings.NEWSLETTER_PAUSE_AFTER_ERRORS:
            _pause(
                issue,
                _("Paused by itself after %(count)d errors of the mail server. The last: %(error)s")
                % {"count": issue.errors, "error": issue.last_error},
            )
            return True
    return False


def _sent_in_the_last_hour() -> int:
    return Delivery.objects.filter(status=Row.SENT, sent_at__gte=timezone.now() - timedelta(hours=1)).count()


def _wait_for_the_hour(issue_id: int, run: str) -> str:
    """The hourly limit is reached: the run ends, and a new one is queued for when the oldest message
    of the hour leaves the window. The issue says until when it waits."""
    from stadskennis.newsletter.tasks import deliver_issue

    oldest = (
        Delivery.objects.filter(status=Row.SENT, sent_at__gte=timezone.now() - timedelta(hours=1))
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    until = (oldest or timezone.now()) + timedelta(hours=1, seconds=1)
    with transaction.atomic():
        if Issue.objects.filter(pk=issue_id, status=Status.SENDING, run_id=run).update(waiting_until=until):
            transaction.on_commit(lambda: deliver_issue.using(run_after=until).enqueue(issue_id))
    return "waiting"


def _finish(issue_id: int, run: str) -> str:
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        left = issue.deliveries.filter(status__in=(Row.PENDING, Row.SENDING)).exists()
        if issue.status != Status.SENDING or issue.run_id != run or left:
            return "stopped"
        issue.status, issue.sent_at = Status.SENT, timezone.now()
        issue.save(update_fields=["status", "sent_at"])
        audit_record(actor=None, action=AuditEntry.Action.UPDATE, obj=issue, changes={"status": "sent"})
    return "finished"


@dataclass
class Numbers:
    total: int
    pending: int
    sent: int
    failed: int
    skipped: int
    bounced: int
    unsubscribed: int

    @property
    def delivered(self) -> int:
        return self.sent - self.bounced

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def numbers(issue: Issue) -> Numbers:
    """What the centre wants to know of an issue; opens are not tracked (no pixel)."""
    counts = issue.deliveries.aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status__in=(Row.PENDING, Row.SENDING))),
        sent=Count("pk", filter=Q(status=Row.SENT)),
        failed=Count("pk", filter=Q(status=Row.FAILED)),
        skipped=Count("pk", filter=Q(status=Row.SKIPPED)),
        bounced=Count("pk", filter=Q(status=Row.SENT, bounced_at__isnull=False)),
        unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
    )
    return Numbers(**counts)


BOUNCE_WINDOW = timedelta(days=14)


def bounce_count(address: str, kind: str) -> None:
    """A bounce reported for an address counts against the latest issue sent to it (mail.services
    tells every module of each bounce)."""
    if kind == "complaint":
        return
    latest = (
        Delivery.objects.filter(
            subscriber__email=address, status=Row.SENT, sent_at__gte=timezone.now() - BOUNCE_WINDOW
        )
        .order_by("-sent_at")
        .first()
    )
    if latest is not None and latest.bounced_at is None:
        Delivery.objects.filter(pk=latest.pk).update(bounced_at=timezone.now())


def unsubscribed_through(subscriber: Subscriber, issue_number: int | None) -> None:
    if issue_number is not None:
        Delivery.objects.filter(
            subscriber=subscriber, issue__number=issue_number, unsubscribed_at__isnull=True
        ).update(unsubscribed_at=timezone.now())
