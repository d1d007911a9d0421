"""The newsletter's sending at scale (part of `make bench`; alone with BENCH_ONLY=newsletter): an issue
to BENCH_SUBSCRIBERS confirmed subscribers (default 10,000) through the real worker process and a
real SMTP server on loopback that keeps nothing but a count per address. Half-way the mail server
kills the worker while a message is being handed over (before its answer), as a crash mid-send; a
second worker resumes. Measured: messages per second of each worker, the resident memory of the
first worker over the run (flat: the list is never held in memory), and how many addresses got
none, one or more than one mail."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def subscribers_from_env() -> int:
    return int(os.environ.get("BENCH_SUBSCRIBERS", "10000"))


class _Sink:
    """Counts each recipient of the issue (the demo's own mails, which the same worker sends, are left
    out); at the issue's message `kill_at` it kills the worker instead of answering."""

    def __init__(self, kill_at: int):
        self.kill_at, self.seen = kill_at, 0
        self.received: Counter[str] = Counter()
        self.worker: subprocess.Popen | None = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if b"Message-ID: <nieuwsbrief-" not in envelope.original_content[:4000]:
            return "250 OK"
        with self.lock:
            self.seen += 1
            if self.seen == self.kill_at and self.worker is not None:
                self.worker.send_signal(signal.SIGKILL)
                return "421 going down"
            self.received.update(envelope.rcpt_tos)
        return "250 OK"


def _worker(name: str, port: int, per_second: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "NEWSLETTER_PER_SECOND": str(per_second),
        "NEWSLETTER_PER_HOUR": "1000000",
        "NEWSLETTER_CLAIM_LEASE_SECONDS": "2",  # the dead worker's claims come back soon
    }
    command = [sys.executable, "-m", "stadskennis", "worker", "--interval", "0.1", "--no-startup-delay",
               "--no-reload", "--worker-id", name]  # fmt: skip
    return subprocess.Popen(  # noqa: S603 - our own command line
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _make_subscribers(n: int) -> None:
    from django.utils import timezone

    from stadskennis.newsletter.models import Subscriber

    now = timezone.now()
    Subscriber.objects.bulk_create(
        (Subscriber(email=f"lezer{i}@bench.example", status="confirmed", monthly=True, confirmed_at=now)
         for i in range(n)),
        batch_size=2000,
    )  # fmt: skip


def run(subscribers: int, *, per_second: int = 100_000) -> dict:
    """`per_second` far above what one worker reaches: what is measured is the worker's own pace."""
    from aiosmtpd.controller import Controller

    from stadskennis.accounts.models import User
    from stadskennis.knowledge.selectors import public_items
    from stadskennis.newsletter import issues, sending
    from stadskennis.newsletter.models import Delivery, Issue

    _make_subscribers(subscribers)
    editor = User.objects.get(email="redacteur@stadskennis.example")
    issue = issues.issue_create(actor=editor)
    for item in public_items().order_by("-created_at")[: issues.PLACES]:
        issues.item_add(issue=issue, key=f"k:{item.pk}", actor=editor)
    recipients = sending.recipients().count()
    sink = _Sink(kill_at=recipients // 2)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    first = _worker("bench-sender-a", port, per_second)
    sink.worker = first
    memory: list[float] = []
    try:
        started = time.perf_counter()
        sending.send_start(issue=issue, actor=editor)
        while first.poll() is None:
            rss = _rss_mb(first.pid)
            if rss is not None and sink.seen > 50:
                memory.append(rss)
            time.sleep(0.25)
        first_seconds = time.perf_counter() - started
        first_sent = sum(sink.received.values())
        second = _worker("bench-sender-b", port, per_second)
        resumed = time.perf_counter()
        while Issue.objects.get(pk=issue.pk).status != Issue.Status.SENT:
            if second.poll() is not None or time.perf_counter() - resumed > 1800:
                raise RuntimeError("the second worker did not finish the sending")
            time.sleep(0.25)
        second_seconds = time.perf_counter() - resumed
        second.terminate()
        second.wait(timeout=30)
    finally:
        controller.stop()
        if first.poll() is None:
            first.kill()
    counts = Counter(sink.received.values())
    quarter = max(1, len(memory) // 4)
    return {
        "subscribers": recipients,
        "first_worker_msgs_per_s": first_sent / first_seconds,
        "second_worker_msgs_per_s": (sum(sink.received.values()) - first_sent) / second_seconds,
        "resume_seconds": second_seconds,
        "rss_mb_first_quarter": max(memory[:quarter]) if memory else None,
        "rss_mb_last_quarter": max(memory[-quarter:]) if memory else None,
        "addresses_with_one_mail": counts.get(1, 0),
        "addresses_with_more": sum(n for times, n in counts.items() if times > 1),
        "addresses_with_none": recipients - len(sink.received),
        "deliveries_sent": Delivery.objects.filter(issue=issue, status="sent").count(),
    }


def print_newsletter(n: dict) -> None:
    print(f"Newsletter sending: {n['subscribers']} subscribers, the first worker killed half-way")
    print(f"  first worker              {n['first_worker_msgs_per_s']:8.0f} mails/s")
    second = n["second_worker_msgs_per_s"]
    print(f"  second worker (resumed)   {second:8.0f} mails/s, {n['resume_seconds']:.0f} s")
    if n["rss_mb_first_quarter"] is not None:
        print(
            f"  worker memory             {n['rss_mb_first_quarter']:8.0f} MiB in the first quarter,"
            f" {n['rss_mb_last_quarter']:.0f} MiB in the last (flat is the target)"
        )
    one, more, none = n["addresses_with_one_mail"], n["addresses_with_more"], n["addresses_with_none"]
    print(
        f"  addresses                 {one} with one mail, {more} with more, {none} with none"
        f" (target: all with one); {n['deliveries_sent']} rows sent"
    )
