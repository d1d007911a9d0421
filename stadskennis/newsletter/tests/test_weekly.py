"""The weekly "Veranderend speelveld" by mail: on its day, from the set hour, once, to those who asked
for the weekly mail, through the newsletter's own sending."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.newsletter import sending, spotlight
from stadskennis.newsletter.models import Issue, Subscriber
from stadskennis.newsletter.weekly import spotlight_mail_due

pytestmark = pytest.mark.django_db


def _at(hour: int):
    """Today at `hour`, as timezone.localtime() would say it (computed before it is patched)."""
    moment = timezone.make_aware(
        datetime.combine(timezone.localdate(), datetime.min.time()) + timedelta(hours=hour)
    )
    return lambda *args, **kwargs: moment


def test_the_days_spotlight_is_mailed_once_to_those_who_asked_for_it(
    gent, cast, settings, mailbox, monkeypatch
):
    settings.NEWSLETTER_PER_SECOND = 1000
    study = KnowledgeItemFactory(owner=gent, title="De stad van morgen")
    spotlight.spotlight_schedule(item=study, commentary="Lees **dit** nu.", publish_on=timezone.localdate(),
                                 actor=cast["editor"])  # fmt: skip
    Subscriber.objects.create(email="week@stad.example", status="confirmed", monthly=False, weekly=True)
    Subscriber.objects.create(email="maand@stad.example", status="confirmed", monthly=True, weekly=False)

    monkeypatch.setattr(timezone, "localtime", _at(7))
    assert spotlight_mail_due() == 0  # before the hour
    monkeypatch.setattr(timezone, "localtime", _at(9))
    assert spotlight_mail_due() == 1
    assert spotlight_mail_due() == 0  # once
    issue = Issue.objects.get(kind="weekly")
    assert sending.deliver(issue.pk).result == "finished"
    (message,) = mailbox
    assert message["To"] == "week@stad.example"
    assert message["Subject"].startswith("Veranderend speelveld, ")
    assert message["Message-ID"].startswith("<speelveld-1.")
    body = "".join(p.get_payload(decode=True).decode() for p in message.walk() if not p.is_multipart())
    assert "De stad van morgen" in body and "Lees dit nu." in body
    assert "/nieuwsbrief/speelveld/#speelveld-" in body  # read it on the web
    assert Issue.objects.filter(kind="monthly").count() == 0  # the monthly numbering is its own


def test_no_spotlight_today_no_mail(gent, cast, settings, monkeypatch):
    study = KnowledgeItemFactory(owner=gent, title="Volgende week")
    next_week = timezone.localdate() + timedelta(days=7)
    spotlight.spotlight_schedule(item=study, commentary="x", publish_on=next_week, actor=cast["editor"])
    monkeypatch.setattr(timezone, "localtime", _at(12))
    assert spotlight_mail_due() == 0 and not Issue.objects.exists()
