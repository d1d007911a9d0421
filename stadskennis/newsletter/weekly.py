"""The weekly "Veranderend speelveld" by mail: on the spotlight's day, from NEWSLETTER_WEEKLY_HOUR on,
the worker's housekeeping makes it a mailing of one item and starts sending it to those who asked
for the weekly mail; the sending is the newsletter's own (sending.py), so it is sent once, at the
same pace, paused and counted the same way."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from stadskennis.core.markdown import markdown_to_text
from stadskennis.newsletter import sending, spotlight
from stadskennis.newsletter.models import Issue, IssueItem


def spotlight_mail_due() -> int:
    """Housekeeping (every half minute): today's spotlight, once. Returns how many were started."""
    now = timezone.localtime()
    if now.hour < settings.NEWSLETTER_WEEKLY_HOUR:
        return 0
    entry = spotlight.published().filter(publish_on=now.date()).first()
    weekly = Issue.objects.filter(kind=Issue.Kind.WEEKLY)
    if entry is None or weekly.filter(month=entry.publish_on).exists():
        return 0
    try:
        with transaction.atomic():
            number = (weekly.aggregate(last=Max("number"))["last"] or 0) + 1
            issue = Issue.objects.create(kind=Issue.Kind.WEEKLY, number=number, month=entry.publish_on)
            IssueItem.objects.create(
                issue=issue, position=1, kind=IssueItem.Kind.SPOTLIGHT, knowledge_item=entry.item,
                title=entry.item.title[:300], text=markdown_to_text(entry.commentary)[:1500],
            )  # fmt: skip
            sending.send_start(issue=issue, actor=None)
    except IntegrityError:  # another worker started it a moment ago
        return 0
    return 1
