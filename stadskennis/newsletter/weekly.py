"""The weekly "Veranderend speelveld" by mail: on the spotlight's day, from NEWSLETTER_WEEKLY_HOUR on,
the worker's housekeeping makes it a mailing of one item and starts sending it to those who asked
for the weekly mail; the sending is the newsletter's own (sending.py), so it is sent once, at the
same pace, paused and counted the same way."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from stadskennis.core.markdown import markdown_to_text
from stadskennis.newsletter import sending, spotlight
from stadskennis.newsletter.models import Issue, IssueItem

log = logging.getLogger(__name__)


def spotlight_mail_due() -> int:
    """Housekeeping (every half minute): today's spotlight, once. Returns how many were started."""
    now = timezone.localtime()
    # Today's, or yesterday's if no worker ran in the evening: a day late is still worth reading.
    recent = spotlight.published().filter(publish_on__gte=now.date() - timedelta(days=1))
    weekly = Issue.objects.filter(kind=Issue.Kind.WEEKLY)
    entry = recent.exclude(publish_on__in=weekly.values("month")).order_by("-publish_on").first()
    if entry is None or (entry.publish_on == now.date() and now.hour < settings.NEWSLETTER_WEEKLY_HOUR):
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
    except sending.SendingRefused as refused:  # the study stopped being public a moment ago
        log.warning("newsletter: the spotlight of %s is not mailed: %s", entry.publish_on, refused)
        return 0
    return 1
