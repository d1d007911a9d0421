"""Sending an issue: one delivery per subscriber, each address mailed once through a real SMTP server
on loopback, at a pace and within an hourly limit, paused and resumed (by an editor, by itself after
errors, by a worker killed mid-send) without anyone mailed twice or skipped; the numbers per issue."""

from __future__ import annotations

import email
import signal
import threading
from datetime import date, timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import _free_port
from stadskennis.core.tests.test_worker import _stop, _wait_until, _worker
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.mail.services import Report, bounce_record
from stadskennis.newsletter import issues, sending
from stadskennis.newsletter.models import Delivery, Issue, Subscriber

Status = Subscriber.Status


def _subscribers(count: int, **fields) -> list[Subscriber]:
    defaults = {"status": Status.CONFIRMED, "monthly": True, "confirmed_at": timezone.now()}
    return [
        Subscriber.objects.create(email=f"lezer{n}@stad.example", **{**defaults, **fields})
        for n in range(count)
    ]


def _issue(gent, editor) -> Issue:
    # An older issue first, so that an issue's id and number differ and a test can tell them apart.
    Issue.objects.get_or_create(number=4000, month=date(2009, 1, 1), status=Issue.Status.IMPORTED)
    issue = issues.issue_create(actor=editor)
    assert issue.pk != issue.number
    item = KnowledgeItemFactory(owner=gent, title="Een studie", summary="Wat ze vond.")
    issues.item_add(issue=issue, key=f"k:{item.pk}", actor=editor)
    return issue


def _recipients(mailbox) -> list[str]:
    return sorted(message["To"] for message in mailbox)


@pytest.fixture
def fast(settings):
    settings.NEWSLETTER_PER_SECOND = 1000
    return settings


@pytest.mark.django_db
def test_every_subscriber_of_the_monthly_newsletter_is_mailed_once(gent, cast, fast, mailbox, client):
    readers = _subscribers(4)
    Subscriber.objects.create(
        email="wekelijks@stad.example", status=Status.CONFIRMED, monthly=False, weekly=True
    )
    Subscriber.objects.create(email="wacht@stad.example", status=Status.PENDING)
    bounce_record(Report(address="lezer3@stad.example", kind="hard"))
    issue = _issue(gent, cast["editor"])

    assert sending.send_start(issue=issue, actor=cast["editor"]) == 3
    with pytest.raises(sending.SendingRefused, match="al verstuurd"):
        sending.send_start(issue=issue, actor=cast["editor"])
    readers[2].status = Status.UNSUBSCRIBED  # between the start and its turn
    readers[2].save()

    assert sending.deliver(issue.pk).result == "finished"
    assert _recipients(mailbox) == ["lezer0@stad.example", "lezer1@stad.example"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and issue.sent_at is not None
    first = mailbox[0]
    delivery = Delivery.objects.get(issue=issue, subscriber=readers[0])
    assert first["Message-ID"] == f"<nieuwsbrief-{issue.number}.{delivery.pk}@127.0.0.1>"
    assert (
        "".join(first["List-Unsubscribe"].split())
        == f"<http://127.0.0.1:8000{readers[0].unsubscribe_url}?uitgave={issue.pk}>"
    )
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sending.deliver(issue.pk).result == "stopped" and len(mailbox) == 2  # a second run sends nothing

    # The numbers: a bounce and a one-click unsubscribe count against this issue.
    bounce_record(Report(address="lezer1@stad.example", kind="soft"))
    client.post(f"{readers[0].unsubscribe_url}?uitgave={issue.pk}", {"List-Unsubscribe": "One-Click"})
    numbers = sending.numbers(issue)
    assert (numbers.total, numbers.sent, numbers.skipped, numbers.bounced, numbers.delivered) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert numbers.unsubscribed == 1


class _RefusingInbox:
    """A mail server that refuses one address (550) and keeps the rest."""

    def __init__(self, refused: str):
        self.refused, self.messages = refused, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == self.refused:
            return "550 5.1.1 Geen brievenbus"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.mark.django_db
def test_an_address_the_server_refuses_fails_and_stops_at_once(gent, cast, fast):
    _subscribers(3)
    inbox = _RefusingInbox("lezer1@stad.example")
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    fast.EMAIL_PORT = controller.port
    try:
        issue = _issue(gent, cast["editor"])
        sending.send_start(issue=issue, actor=cast["editor"])
        assert sending.deliver(issue.pk).result == "finished"
    finally:
        controller.stop()
    assert sorted(m["To"] for m in inbox.messages) == ["lezer0@stad.example", "lezer2@stad.example"]
    refused = Delivery.objects.get(status=Delivery.Status.FAILED)
    assert refused.subscriber.email == "lezer1@stad.example" and refused.error.startswith("550")
    assert sending.recipients().filter(email="lezer1@stad.example").count() == 0  # a hard bounce now


@pytest.mark.django_db
def test_errors_of_the_mail_server_pause_the_sending_and_resuming_loses_no_one(gent, cast, fast, mailbox):
    _subscribers(5)
    working_port = fast.EMAIL_PORT
    fast.EMAIL_PORT = _free_port()  # nobody listens
    fast.NEWSLETTER_PAUSE_AFTER_ERRORS = 3
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])

    assert sending.deliver(issue.pk).result == "paused"
    issue.refresh_from_db()
    assert issue.status == Issue.Status.PAUSED
    assert issue.paused_reason.startswith(
        "Vanzelf gepauzeerd na 3 fouten van de mailserver na elkaar. De laatste: ConnectionRefusedError"
    )
    assert sending.numbers(issue).pending == 5 and mailbox == []

    fast.EMAIL_PORT = working_port
    sending.send_resume(issue=issue, actor=cast["editor"])
    assert sending.deliver(issue.pk).result == "finished"
    assert _recipients(mailbox) == [f"lezer{n}@stad.example" for n in range(5)]


class _PausingConnection:
    """The real SMTP connection; after `after` messages an editor presses pause."""

    def __init__(self, issue, editor, after: int):
        self.issue, self.editor, self.after, self.sent = issue, editor, after, 0
        self.real = get_connection(fail_silently=False)

    def send_messages(self, messages):
        count = self.real.send_messages(messages)
        self.sent += count
        if self.sent == self.after:
            sending.send_pause(issue=self.issue, actor=self.editor)
        return count

    def open(self):
        return self.real.open()

    def close(self):
        self.real.close()


@pytest.mark.django_db
def test_an_editor_pauses_and_resumes_and_nobody_is_mailed_twice_or_skipped(
    gent, cast, fast, mailbox, client_for
):
    _subscribers(7)
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])
    outcome = sending.deliver(
        issue.pk, connection_factory=lambda **kw: _PausingConnection(issue, cast["editor"], 3)
    )
    assert (outcome.result, outcome.sent) == ("paused", 3)
    assert (
        sending.numbers(issue).pending == 4
        and not Delivery.objects.filter(status=Delivery.Status.SENDING).exists()
    )
    page = client_for(cast["editor"]).get(reverse("newsletter:compose", args=[issue.pk])).content.decode()
    assert "3 van 7 verwerkt (43%)" in page and "Gepauzeerd door Ruben." in page

    sending.send_resume(issue=issue, actor=cast["editor"])
    assert sending.deliver(issue.pk).sent == 4
    assert _recipients(mailbox) == [f"lezer{n}@stad.example" for n in range(7)]


@pytest.mark.django_db
def test_the_hourly_limit_ends_the_run_and_queues_the_next_for_when_the_hour_allows(
    gent, cast, fast, mailbox, django_capture_on_commit_callbacks
):
    fast.NEWSLETTER_PER_HOUR = 3
    _subscribers(5)
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.deliver(issue.pk).result == "waiting"
    assert len(mailbox) == 3
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING
    assert timedelta(minutes=59) < issue.waiting_until - timezone.now() <= timedelta(hours=1, seconds=2)
    queued = DBTaskResult.objects.get(task_path__endswith="deliver_issue", status="READY")
    assert queued.run_after == issue.waiting_until


class _KillingInbox:
    """A mail server that, at message number `kill_at`, kills the worker before it answers: the
    message is not accepted, as when a worker dies mid-send. It keeps every message it accepted."""

    def __init__(self, kill_at: int):
        self.kill_at, self.seen, self.worker = kill_at, 0, None
        self.messages: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            self.seen += 1
            if self.seen == self.kill_at and self.worker is not None:
                self.worker.send_signal(signal.SIGKILL)
                self.worker.wait()
                return "421 going down"
            self.messages.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_is_resumed_by_another_and_each_address_gets_one_mail(tmp_path, gent, cast):
    readers = 30
    _subscribers(readers)
    issue = _issue(gent, cast["editor"])
    inbox = _KillingInbox(kill_at=12)
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    mail = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
        "NEWSLETTER_PER_SECOND": "50",
        "NEWSLETTER_CLAIM_LEASE_SECONDS": "1",
    }
    first = second = None
    try:
        first = _worker(tmp_path, "sender-a", **mail)
        inbox.worker = first
        sending.send_start(issue=issue, actor=cast["editor"])
        _wait_until(lambda: first.poll() is not None, "the mail server to kill the first worker")
        assert len(inbox.messages) == 11
        assert Delivery.objects.filter(status=Delivery.Status.SENDING).exists()  # left claimed by the dead

        second = _worker(tmp_path, "sender-b", **mail)
        _wait_until(
            lambda: Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT,
            "the second worker to finish",
            60,
        )
    finally:
        _stop(*(p for p in (first, second) if p is not None))
        controller.stop()
    assert sorted(inbox.messages) == sorted(f"lezer{n}@stad.example" for n in range(readers))
    assert sending.numbers(Issue.objects.get(pk=issue.pk)).sent == readers


@pytest.mark.django_db
def test_deliveries_are_in_the_export_and_an_erasure_keeps_the_count_not_the_address(
    gent, cast, fast, mailbox
):
    from stadskennis.newsletter.subscriptions import address_data_erase, address_data_export

    _subscribers(2)
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])
    sending.deliver(issue.pk)
    (exported,) = address_data_export({"lezer0@stad.example"}, None)["newsletter"]
    assert exported["deliveries"] == [
        {"issue": issue.number, "kind": "monthly", "status": "sent",
         "sent_at": exported["deliveries"][0]["sent_at"], "bounced": False, "unsubscribed_through_it": False}
    ]  # fmt: skip
    assert exported["deliveries"][0]["sent_at"].startswith(str(timezone.localdate().year))
    address_data_erase({"lezer0@stad.example"}, None)
    assert sending.numbers(issue).sent == 2
    assert list(Delivery.objects.values_list("subscriber__email", flat=True).order_by("pk")) == [
        None,
        "lezer1@stad.example",
    ]


class _PickyInbox:
    """A mail server that answers one address with `rcpt_reply` and refuses the content of mails
    to another with `data_reply`; it keeps the rest."""

    def __init__(self, rcpt: tuple[str, str] = ("", ""), data: tuple[str, str] = ("", "")):
        self.rcpt, self.data, self.messages = rcpt, data, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == self.rcpt[0]:
            return self.rcpt[1]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.data[0] in envelope.rcpt_tos:
            return self.data[1]
        self.messages.append(envelope.rcpt_tos[0])
        return "250 OK"


@pytest.fixture
def picky(fast):
    started = []

    def start(**replies):
        inbox = _PickyInbox(**replies)
        controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
        controller.start()
        started.append(controller)
        fast.EMAIL_PORT = controller.port
        return inbox

    yield start
    for controller in started:
        controller.stop()


@pytest.mark.django_db
def test_an_address_refused_for_now_is_tried_later_then_given_up_and_the_issue_ends(gent, cast, picky):
    inbox = picky(rcpt=("lezer1@stad.example", "452 4.2.2 Brievenbus vol"))
    _subscribers(3)
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])
    for attempt in (1, 2):
        assert sending.deliver(issue.pk).result == "waiting"  # only the full mailbox is left, for later
        row = Delivery.objects.get(subscriber__email="lezer1@stad.example")
        assert (row.status, row.attempts, row.error) == ("pending", attempt, "452 4.2.2 Brievenbus vol")
        assert row.retry_at > timezone.now() + timedelta(minutes=9)
        Delivery.objects.filter(pk=row.pk).update(retry_at=timezone.now())  # ten minutes later
    assert sending.deliver(issue.pk).result == "finished"
    assert Delivery.objects.get(subscriber__email="lezer1@stad.example").status == "failed"
    assert sorted(inbox.messages) == ["lezer0@stad.example", "lezer2@stad.example"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


@pytest.mark.django_db
def test_a_message_the_server_refuses_to_take_fails_alone(gent, cast, picky):
    inbox = picky(data=("lezer0@stad.example", "554 5.7.1 Geweigerd"))
    _subscribers(3)
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])
    assert sending.deliver(issue.pk).result == "finished"
    failed = Delivery.objects.get(status="failed")
    assert failed.subscriber.email == "lezer0@stad.example" and failed.error == "554 5.7.1 Geweigerd"
    assert sorted(inbox.messages) == ["lezer1@stad.example", "lezer2@stad.example"]


@pytest.mark.django_db
def test_a_run_that_lost_the_issue_to_a_newer_one_claims_nothing(gent, cast, fast, mailbox):
    _subscribers(3)
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])
    assert sending._take_over(issue.pk, "oud")
    assert sending._take_over(issue.pk, "nieuw")  # a resume while the old run still lives
    assert sending._claim(issue.pk, "oud", 50) == []
    assert len(sending._claim(issue.pk, "nieuw", 50)) == 3


@pytest.mark.django_db
def test_an_error_of_the_run_itself_pauses_the_issue_with_it(gent, cast, fast):
    class Broken:
        def open(self):
            return True

        def send_messages(self, messages):
            raise RuntimeError("kapot sjabloon")

        def close(self):
            pass

    _subscribers(2)
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])
    with pytest.raises(RuntimeError):
        sending.deliver(issue.pk, connection_factory=lambda **kw: Broken())
    issue.refresh_from_db()
    assert issue.status == Issue.Status.PAUSED
    assert issue.paused_reason == "Het versturen stopte door een fout: RuntimeError: kapot sjabloon"
    assert sending.numbers(issue).pending == 2 and not Delivery.objects.filter(status="sending").exists()


@pytest.mark.django_db
def test_after_the_hourly_wait_the_next_run_finishes(gent, cast, fast, mailbox):
    fast.NEWSLETTER_PER_HOUR = 2
    _subscribers(3)
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])
    assert sending.deliver(issue.pk).result == "waiting"
    Delivery.objects.filter(status="sent").update(sent_at=timezone.now() - timedelta(hours=1, minutes=1))
    assert sending.deliver(issue.pk).result == "finished"
    assert _recipients(mailbox) == ["lezer0@stad.example", "lezer1@stad.example", "lezer2@stad.example"]


@pytest.mark.django_db
def test_odd_digits_in_links_and_buttons_are_refused_quietly(gent, cast, client, client_for):
    (reader,) = _subscribers(1)
    issue = _issue(gent, cast["editor"])
    assert client.get(reverse("newsletter:archive"), {"jaar": "²"}).status_code == 200
    response = client.post(f"{reader.unsubscribe_url}?uitgave=²", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Status.UNSUBSCRIBED
    editor = client_for(cast["editor"])
    url = reverse("newsletter:compose", args=[issue.pk])
    (item,) = issue.items.all()
    for action in ("up:²", "remove:٣", "add:k:²", "add:s:99999999999999999999", "add:x"):
        response = editor.post(url, {"introduction": "", f"text_{item.pk}": item.text, "action": action})
        assert response.status_code == 302, action
    assert issue.items.count() == 1


@pytest.mark.django_db
def test_a_mailing_whose_items_all_stopped_being_public_pauses_instead_of_sending_empty(
    gent, cast, fast, mailbox
):
    from stadskennis.knowledge.services import item_update

    _subscribers(2)
    issue = _issue(gent, cast["editor"])
    sending.send_start(issue=issue, actor=cast["editor"])
    item_update(item=issue.items.get().knowledge_item, actor=cast["editor"], visibility="network")
    assert sending.deliver(issue.pk).result == "paused"
    issue.refresh_from_db()
    assert (
        issue.paused_reason == "Geen enkel item van deze mailing is nog openbaar: er wordt niets verstuurd."
    )
    assert mailbox == [] and sending.numbers(issue).pending == 2


@pytest.mark.django_db
def test_one_mailing_at_a_time_the_first_started_goes_first(gent, cast, fast, mailbox):
    from stadskennis.newsletter.weekly import spotlight_mail_due

    (reader,) = _subscribers(1, weekly=True)
    first = _issue(gent, cast["editor"])
    sending.send_start(issue=first, actor=cast["editor"])
    study = KnowledgeItemFactory(owner=gent, title="Een boek")
    from stadskennis.newsletter.models import SpotlightEntry

    SpotlightEntry.objects.create(
        item=study, commentary="Lees het.", publish_on=timezone.localdate() - timedelta(days=1)
    )
    assert spotlight_mail_due() == 1  # yesterday's, not mailed yet: a day late is still worth reading
    weekly = Issue.objects.get(kind="weekly")
    assert sending.deliver(weekly.pk).result == "waiting"  # the monthly issue started first
    assert sending.deliver(first.pk).result == "finished"
    Issue.objects.filter(pk=weekly.pk).update(waiting_until=None)
    assert sending.deliver(weekly.pk).result == "finished"
    assert [m["Subject"].split(",")[0] for m in mailbox] == ["Nieuwsbrief 4001", "Veranderend speelveld"]


@pytest.mark.django_db
def test_the_weekly_spotlights_unsubscribe_link_stops_that_one_only(gent, cast, fast, mailbox, client):
    both, weekly_only = _subscribers(2, weekly=True)
    Subscriber.objects.filter(pk=weekly_only.pk).update(monthly=False)
    from stadskennis.newsletter.models import SpotlightEntry
    from stadskennis.newsletter.weekly import spotlight_mail_due

    study = KnowledgeItemFactory(owner=gent, title="Een boek")
    SpotlightEntry.objects.create(
        item=study, commentary="x", publish_on=timezone.localdate() - timedelta(days=1)
    )
    spotlight_mail_due()
    weekly = Issue.objects.get(kind="weekly")
    sending.deliver(weekly.pk)
    links = {m["To"]: "".join(m["List-Unsubscribe"].split())[1:-1] for m in mailbox}
    assert links["lezer0@stad.example"].endswith(f"?uitgave={weekly.pk}&soort=speelveld")
    pages = {}
    for reader in (both, weekly_only):
        path = links[reader.email].removeprefix("http://127.0.0.1:8000")
        pages[reader.email] = client.get(path).content.decode()
        client.post(path, {"List-Unsubscribe": "One-Click"})
        reader.refresh_from_db()
    assert "De maandelijkse nieuwsbrief blijft komen" in pages[both.email]
    assert "De maandelijkse nieuwsbrief blijft komen" not in pages[weekly_only.email]
    assert (both.status, both.monthly, both.weekly) == ("confirmed", True, False)
    assert weekly_only.status == "unsubscribed"
    assert sending.numbers(weekly).unsubscribed == 2
