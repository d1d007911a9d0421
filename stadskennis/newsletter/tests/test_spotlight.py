"""The weekly "Veranderend speelveld": scheduled ahead, in the spotlight from its day on, public only,
with its archive page and feeds."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.newsletter import spotlight
from stadskennis.newsletter.models import SpotlightEntry

pytestmark = pytest.mark.django_db
QUEUE = reverse("newsletter:spotlight_queue")


@pytest.fixture
def studies(gent):
    return [KnowledgeItemFactory(owner=gent, title=f"Studie {n}") for n in range(3)]


def test_only_a_public_study_or_publication_goes_in_the_spotlight(gent, cast):
    today = timezone.localdate()
    for item in (
        KnowledgeItemFactory(owner=gent, title="Voor leden", visibility="network"),
        KnowledgeItemFactory(owner=gent, title="Een praktijk", kind="practice"),
    ):
        with pytest.raises(spotlight.SpotlightRefused, match="Alleen een openbare studie"):
            spotlight.spotlight_schedule(item=item, commentary="x", publish_on=today, actor=cast["editor"])
    assert not SpotlightEntry.objects.exists()


def test_an_entry_is_shown_from_its_day_on_and_one_day_holds_one(studies, cast, client):
    today = timezone.localdate()
    spotlight.spotlight_schedule(
        item=studies[0], commentary="Nu lezen.", publish_on=today, actor=cast["editor"]
    )
    spotlight.spotlight_schedule(
        item=studies[1],
        commentary="Volgende week.",
        publish_on=today + timedelta(days=7),
        actor=cast["editor"],
    )
    with pytest.raises(spotlight.SpotlightRefused, match="kies een andere dag"):
        spotlight.spotlight_schedule(item=studies[2], commentary="x", publish_on=today, actor=cast["editor"])
    page = client.get(reverse("newsletter:spotlight")).content.decode()
    assert "Studie 0" in page and "Nu lezen." in page and "Studie 1" not in page
    feed = feedparser.parse(client.get(reverse("newsletter:spotlight_rss")).content)
    assert not feed.bozo and [e.title for e in feed.entries] == ["Studie 0"]
    atom = feedparser.parse(client.get(reverse("newsletter:spotlight_atom")).content)
    assert not atom.bozo and atom.entries[0].summary == "Nu lezen."


def test_an_item_that_stops_being_public_leaves_the_archive_and_the_feed(studies, cast, client):
    from stadskennis.knowledge.services import item_update

    spotlight.spotlight_schedule(
        item=studies[0], commentary="x", publish_on=timezone.localdate(), actor=cast["editor"]
    )
    item_update(item=studies[0], actor=cast["editor"], visibility="network")
    assert "Studie 0" not in client.get(reverse("newsletter:spotlight")).content.decode()
    assert feedparser.parse(client.get(reverse("newsletter:spotlight_rss")).content).entries == []


def test_staff_schedule_in_the_queue_and_remove_only_what_is_still_to_come(studies, cast, client_for):
    assert client_for(cast["member"]).get(QUEUE).status_code == 403
    editor = client_for(cast["editor"])
    page = editor.get(QUEUE).content.decode()
    assert spotlight.next_free_monday().isoformat() in page  # the next free Monday, filled in
    later = timezone.localdate() + timedelta(days=3)
    response = editor.post(QUEUE, {"item": studies[1].pk, "commentary": "Over leegstand.",
                                   "publish_on": later.isoformat()})  # fmt: skip
    assert response.status_code == 302
    entry = SpotlightEntry.objects.get()
    past = SpotlightEntry.objects.create(
        item=studies[0], commentary="x", publish_on=timezone.localdate() - timedelta(days=7)
    )
    editor.post(reverse("newsletter:spotlight_remove", args=[past.pk]))
    editor.post(reverse("newsletter:spotlight_remove", args=[entry.pk]))
    assert list(SpotlightEntry.objects.all()) == [past]  # what was in the spotlight stays


def test_a_day_in_the_past_is_refused_with_a_reason(studies, cast, client_for):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_for(cast["editor"]).post(
        QUEUE, {"item": studies[0].pk, "commentary": "x", "publish_on": yesterday}
    )
    assert response.status_code == 400 and "het verleden blijft" in response.content.decode()
    assert not SpotlightEntry.objects.exists()


def test_the_queue_warns_of_an_item_no_longer_public_and_the_feed_links_the_study(studies, cast, client_for):
    from stadskennis.knowledge.services import item_update

    later = timezone.localdate() + timedelta(days=3)
    spotlight.spotlight_schedule(item=studies[0], commentary="x", publish_on=later, actor=cast["editor"])
    spotlight.spotlight_schedule(
        item=studies[2], commentary="x", publish_on=later + timedelta(days=7), actor=cast["editor"]
    )
    item_update(item=studies[0], actor=cast["editor"], visibility="network")
    queue = client_for(cast["editor"]).get(QUEUE).content.decode()
    assert queue.count("niet meer openbaar") == 1  # the one made private, not the other
    spotlight.spotlight_schedule(
        item=studies[1], commentary="x", publish_on=timezone.localdate(), actor=cast["editor"]
    )
    feed = feedparser.parse(client_for(None).get(reverse("newsletter:spotlight_rss")).content)
    assert feed.entries[0].link.endswith(studies[1].get_absolute_url())


def test_editors_never_reach_a_subscriptions_own_page_from_the_admin(cast, client_for):
    from stadskennis.newsletter.models import Subscriber

    subscriber = Subscriber.objects.create(email="ann@zele.example", status="confirmed")
    page = (
        client_for(cast["editor"])
        .get(reverse("admin:newsletter_subscriber_change", args=[subscriber.pk]))
        .content.decode()
    )
    assert subscriber.token not in page
