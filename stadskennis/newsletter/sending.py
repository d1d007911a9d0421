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
from django.db import IntegrityError, connection, transaction
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
ADDRESS_ATTEMPTS = 3  # an address the server refuses for now (4xx) is tried this often, then failed
RETRY_AFTER = timedelta(minutes=10)
WAIT_FOR_ANOTHER = timedelta(minutes=1)  # greylisting asks a few minutes; the next try waits this long
Status = Issue.Status
Row = Delivery.Status


class SendingRefused(Exception):
    """A step of the sending that cannot be taken now; the message says why."""


def recipients(kind: str = Issue.Kind.MONTHLY):
    """Who receives the monthly newsletter (or the weekly spotlight): confirmed, asked for it, and
    not undeliverable."""
    asked = {"monthly": True} if kind == Issue.Kind.MONTHLY else {"weekly": True}
    return Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, **asked).exclude(
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
        ids = recipients(issue.kind).values_list("pk", flat=True).order_by("pk")
        rows = (Delivery(issue=issue, subscriber_id=pk) for pk in ids.iterator(chunk_size=2000))
        try:
            with transaction.atomic():
                Delivery.objects.bulk_create(rows, batch_size=1000)
        except IntegrityError as twice:  # SQLite has no row lock: a second click at the same moment
            raise SendingRefused(_("This issue was sent already or is being sent.")) from twice
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
    """One run: send what is pending until nothing is, the issue pauses or the hour is full. An
    error of its own (not the mail server's) pauses the issue with that error, for a person to see."""
    run = uuid.uuid4().hex
    if _another_goes_first(issue_id):
        return Outcome("waiting")
    if not _take_over(issue_id, run):
        return Outcome("stopped")
    mail = connection_factory(fail_silently=False)
    try:
        return _deliver(issue_id, run, mail)
    except Exception as error:
        _pause_after_failure(issue_id, run, error)
        raise
    finally:
        try:
            mail.close()
        except (smtplib.SMTPException, OSError):
            pass


def _deliver(issue_id: int, run: str, mail) -> Outcome:
    gap = 1.0 / max(settings.NEWSLETTER_PER_SECOND, 0.001)
    next_at = time.monotonic()
    sent = errors_in_a_row = 0
    _open(mail)
    while True:
        room = settings.NEWSLETTER_PER_HOUR - _sent_in_the_last_hour()
        if room <= 0:
            return Outcome(_wait_for_the_hour(issue_id, run), sent)
        batch = _claim(issue_id, run, min(BATCH, room))
        if not batch:
            result = _finish(issue_id, run)
            if result == "again":
                time.sleep(1.0)  # rows of a run that is still finishing its message, or taken back
                continue
            return Outcome(result, sent)
        shared = shared_context(Issue.objects.get(pk=issue_id))  # an item made private drops out here
        if not shared["entries"]:  # every item stopped being public: no empty mail goes out
            _release(run, batch)
            _pause_for(issue_id, run, _("No item of this mailing is public any more: nothing is sent."))
            return Outcome("paused", sent)
        for index, delivery_id in enumerate(batch):
            if not _still_ours(issue_id, run, delivery_id):
                _release(run, batch[index:])
                return Outcome("paused", sent)
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at = time.monotonic() + gap
            outcome = _send_one(issue_id, delivery_id, run, mail, shared)
            sent += outcome == "sent"
            errors_in_a_row = errors_in_a_row + 1 if outcome == "error" else 0
            if outcome == "error" and _count_error(issue_id, errors_in_a_row):
                _release(run, batch[index + 1 :])
                return Outcome("paused", sent)


def _another_goes_first(issue_id: int) -> bool:
    """One mailing is sent at a time, the one started first (the pace is the mail server's, not
    each mailing's): a later one waits a minute and asks again."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id, status=Status.SENDING).first()
        if issue is None:
            return False
        earlier = Issue.objects.filter(status=Status.SENDING, send_started_at__lt=issue.send_started_at)
        if not earlier.exclude(pk=issue_id).exists():
            return False
        _wait_until(issue, timezone.now() + WAIT_FOR_ANOTHER)
        return True


def _open(mail) -> None:
    """One connection for many messages (a relay counts logins too); a failure to connect is the
    first message's error, not this run's."""
    try:
        mail.open()
    except (smtplib.SMTPException, OSError):
        pass


def _take_over(issue_id: int, run: str) -> bool:
    """The run writes itself on the issue; rows a dead run claimed and did not send go back in line."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id).first()
        if issue is None or issue.status != Status.SENDING:
            return False
        issue.run_id, issue.waiting_until = run, None
        issue.save(update_fields=["run_id", "waiting_until"])
    while _claimed_elsewhere(issue_id, run):
        time.sleep(1.0)  # a run that was paused a moment ago still finishes its message
    return True


def _claimed_elsewhere(issue_id: int, run: str) -> bool:
    """Rows claimed by another run: those untouched past the lease go back in line (their run is
    gone); whether any are left, still held by a run finishing its message."""
    with transaction.atomic():
        cutoff = timezone.now() - timedelta(seconds=settings.NEWSLETTER_CLAIM_LEASE_SECONDS)
        claimed = Delivery.objects.filter(issue_id=issue_id, status=Row.SENDING).exclude(run_id=run)
        claimed.filter(claimed_at__lt=cutoff).update(status=Row.PENDING, run_id="")
        return claimed.exists()


def _claim(issue_id: int, run: str, size: int) -> list[int]:
    """A batch of pending rows, for this run only while it holds the issue (checked under the lock
    a taking-over run also takes, so an older run can claim nothing once a newer one took over)."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            if (
                not Issue.objects.select_for_update()
                .filter(pk=issue_id, status=Status.SENDING, run_id=run)
                .exists()
            ):
                return []
            pending = Delivery.objects.select_for_update(skip_locked=True).filter(_claimable(issue_id))
            ids = list(pending.order_by("pk").values_list("pk", flat=True)[:size])
            Delivery.objects.filter(pk__in=ids).update(
                status=Row.SENDING, run_id=run, claimed_at=timezone.now()
            )
        return ids
    with exclusive_transaction(Delivery.objects.db):  # SQLite: one writer at a time
        if not Issue.objects.filter(pk=issue_id, status=Status.SENDING, run_id=run).exists():
            return []
        pending = Delivery.objects.filter(_claimable(issue_id))
        ids = list(pending.order_by("pk").values_list("pk", flat=True)[:size])
        Delivery.objects.filter(pk__in=ids).update(status=Row.SENDING, run_id=run, claimed_at=timezone.now())
    return ids


def _claimable(issue_id: int) -> Q:
    due = Q(retry_at__isnull=True) | Q(retry_at__lte=timezone.now())
    return Q(issue_id=issue_id, status=Row.PENDING) & due


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
        or not (subscriber.monthly if delivery.issue.kind == Issue.Kind.MONTHLY else subscriber.weekly)
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
        reason = _said(code, reply)
        if 500 <= code < 600:
            _mark(delivery_id, run, status=Row.FAILED, error=reason, attempts=F("attempts") + 1)
            bounce_record(Report(address=subscriber.email, kind="hard", status=reason[:200]))
            return "refused"
        return _transient(issue_id, delivery, run, reason, mail, the_address=True)
    except smtplib.SMTPDataError as refused:  # the server read the message and will not take it
        reason = _said(refused.smtp_code, refused.smtp_error)
        if 500 <= refused.smtp_code < 600:
            _mark(delivery_id, run, status=Row.FAILED, error=reason, attempts=F("attempts") + 1)
            return "refused"
        return _transient(issue_id, delivery, run, reason, mail, the_address=True)
    except (smtplib.SMTPException, OSError) as error:
        return _transient(issue_id, delivery, run, f"{type(error).__name__}: {error}"[:300], mail)
    _mark(delivery_id, run, status=Row.SENT, sent_at=timezone.now(), error="", attempts=F("attempts") + 1)
    return "sent"


def _said(code: int, reply) -> str:
    return f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"[:300]


def _transient(issue_id: int, delivery: Delivery, run: str, reason: str, mail, *, the_address=False) -> str:
    """The server did not take the message now: the row waits for the next try, the connection is
    opened afresh, and the error counts towards the automatic pause. An address refused for now
    (mailbox full) is given up after ADDRESS_ATTEMPTS tries, so one address cannot hold the issue."""
    log.warning("newsletter: delivery %s not sent: %s", delivery.pk, reason)
    if the_address and delivery.attempts + 1 >= ADDRESS_ATTEMPTS:
        _mark(delivery.pk, run, status=Row.FAILED, error=reason, attempts=F("attempts") + 1)
    elif the_address:
        retry = timezone.now() + RETRY_AFTER
        _mark(
            delivery.pk,
            run,
            status=Row.PENDING,
            run_id="",
            error=reason,
            attempts=F("attempts") + 1,
            retry_at=retry,
        )
    else:
        _mark(delivery.pk, run, status=Row.PENDING, run_id="", error=reason, attempts=F("attempts") + 1)
    Issue.objects.filter(pk=issue_id).update(last_error=reason)
    try:
        mail.close()
    except (smtplib.SMTPException, OSError):
        pass
    _open(mail)
    return "error"


def _mark(delivery_id: int, run: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery_id, run_id=run).update(**fields)


def _count_error(issue_id: int, in_a_row: int) -> bool:
    """Count one error of the mail server; after NEWSLETTER_PAUSE_AFTER_ERRORS in a row (a message
    sent in between starts the count again) the issue pauses. Returns whether it did."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        issue.errors += 1
        issue.save(update_fields=["errors"])
        if issue.status == Status.SENDING and in_a_row >= settings.NEWSLETTER_PAUSE_AFTER_ERRORS:
            _pause(
                issue,
                _("Paused by itself after %(count)d errors of the mail server in a row. The last: %(error)s")
                % {"count": in_a_row, "error": issue.last_error},
            )
            return True
    return False


def _pause_for(issue_id: int, run: str, reason: str) -> None:
    with transaction.atomic():
        issue = (
            Issue.objects.select_for_update().filter(pk=issue_id, status=Status.SENDING, run_id=run).first()
        )
        if issue is not None:
            _pause(issue, reason)


def _pause_after_failure(issue_id: int, run: str, error: Exception) -> None:
    """The run failed on something else than the mail server: its rows go back, the issue pauses."""
    try:
        with transaction.atomic():
            Delivery.objects.filter(issue_id=issue_id, status=Row.SENDING, run_id=run).update(
                status=Row.PENDING, run_id=""
            )
            issue = (
                Issue.objects.select_for_update()
                .filter(pk=issue_id, status=Status.SENDING, run_id=run)
                .first()
            )
            if issue is not None:
                issue.last_error = f"{type(error).__name__}: {error}"[:300]
                issue.save(update_fields=["last_error"])
                _pause(issue, _("The sending stopped on an error: %(error)s") % {"error": issue.last_error})
    except Exception:  # noqa: BLE001 - the database may be what failed; the task's own error is raised
        log.exception("newsletter: could not pause issue %s after an error", issue_id)


def _sent_in_the_last_hour() -> int:
    return Delivery.objects.filter(status=Row.SENT, sent_at__gte=timezone.now() - timedelta(hours=1)).count()


def _wait_for_the_hour(issue_id: int, run: str) -> str:
    """The hourly limit is reached: the run ends, and a new one is queued for when the oldest message
    of the hour leaves the window. The issue says until when it waits."""
    oldest = (
        Delivery.objects.filter(status=Row.SENT, sent_at__gte=timezone.now() - timedelta(hours=1))
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    with transaction.atomic():
        issue = (
            Issue.objects.select_for_update().filter(pk=issue_id, status=Status.SENDING, run_id=run).first()
        )
        if issue is None:
            return "stopped"
        return _wait_until(issue, (oldest or timezone.now()) + timedelta(hours=1, seconds=1))


def _wait_until(issue: Issue, until) -> str:
    """Inside the transaction that holds the issue: the next run is queued for `until`."""
    from stadskennis.newsletter.tasks import deliver_issue

    issue.waiting_until = until
    issue.save(update_fields=["waiting_until"])
    transaction.on_commit(lambda: deliver_issue.using(run_after=until).enqueue(issue.pk))
    return "waiting"


def _finish(issue_id: int, run: str) -> str:
    """Nothing left to claim: the issue is sent, or rows of another run are still out ("again")."""
    if _claimed_elsewhere(issue_id, run):
        return "again"
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        if issue.status != Status.SENDING or issue.run_id != run:
            return "stopped"
        if (
            issue.deliveries.filter(status=Row.SENDING).exists()
            or issue.deliveries.filter(_claimable(issue_id)).exists()
        ):
            return "again"
        later = (
            issue.deliveries.filter(status=Row.PENDING)
            .order_by("retry_at")
            .values_list("retry_at", flat=True)
        )
        if later.exists():  # only addresses to try again later are left: a run is queued for then
            return _wait_until(issue, later.first())
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


def bounce_count(address: str, kind: str, status: str = "") -> None:
    """A bounce reported for an address counts against the issue last sent to it, when that was in
    the last two weeks and is the address's latest delivery (a refusal while sending is counted as
    refused, not against the issue before). A delay is not a bounce, nor is a complaint."""
    if kind == "complaint" or status.startswith("delayed"):
        return
    latest = Delivery.objects.filter(subscriber__email=address).order_by("-pk").first()
    if (
        latest is not None
        and latest.status == Row.SENT
        and latest.bounced_at is None
        and latest.sent_at >= timezone.now() - BOUNCE_WINDOW
    ):
        Delivery.objects.filter(pk=latest.pk).update(bounced_at=timezone.now())


def unsubscribed_through(subscriber: Subscriber, issue_id: int | None) -> None:
    if issue_id is not None:
        Delivery.objects.filter(
            subscriber=subscriber, issue_id=issue_id, unsubscribed_at__isnull=True
        ).update(unsubscribed_at=timezone.now())
