"""The digest shows what a new item is about: its lead as plain text, not as typed Markdown; in the
plain-text part a link keeps its address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.follows.models import DigestPreference
from stadskennis.follows.services import follow_set
from stadskennis.follows.tasks import send_digests
from stadskennis.knowledge.services import item_create

pytestmark = pytest.mark.django_db

LEAD = "Een **vet** besluit over de leegstandsheffing, zie [het reglement](https://x.example/reglement)."
PLAIN = "Een vet besluit over de leegstandsheffing, zie het reglement."
PLAIN_WITH_ADDRESS = (
    "Een vet besluit over de leegstandsheffing, zie het reglement (https://x.example/reglement)."
)


def test_digest_shows_the_lead_of_new_items_as_plain_text(cast, gent, mailbox):
    member = cast["member"]
    wonen = ThemeFactory(slug="wonen", name="Wonen")
    follow_set(user=member, target_kind="theme", target=wonen, follow=True)
    DigestPreference.objects.filter(user=member).update(last_sent_at=timezone.now() - timedelta(days=8))
    item_create(actor=None, title="Heffing op leegstand", kind="practice", owner=gent, visibility="public",
                summary=LEAD, themes=[wonen])  # fmt: skip

    assert send_digests.call("weekly")["sent"] == 1

    (mail,) = mailbox
    text, html = (part.get_payload(decode=True).decode() for part in mail.get_payload())
    assert PLAIN_WITH_ADDRESS in text and PLAIN in html
    for body in (text, html):
        assert "**" not in body and "](" not in body and "[het reglement" not in body
