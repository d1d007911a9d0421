"""Theme dossiers, related items, member proposals and feeds."""

from __future__ import annotations

import feedparser
import pytest
from django.urls import reverse

from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.knowledge.models import KnowledgeItem, ThemeDossier
from stadskennis.knowledge.services import item_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def kerken(db):
    return ThemeFactory(slug="herbestemming-kerken", name="Herbestemming van kerken")


def make(title, kind, owner, theme, visibility="public", orgs=None, **extra):
    return item_create(
        actor=None,
        title=title,
        kind=kind,
        owner=owner,
        visibility=visibility,
        themes=[theme],
        organisations=orgs or [owner],
        **extra,
    )


def test_dossier_answers_how_the_cities_are_doing(client, client_for, cast, kerken, gent, antwerpen):
    make("Kerk Gent praktijk", "practice", gent, kerken)
    make("Kerk Gent studie", "study", gent, kerken)
    make("Kerk Antwerpen geheim", "case", antwerpen, kerken, visibility="organisation")
    page = client.get(reverse("knowledge:theme", args=[kerken.slug])).content.decode()
    assert "Herbestemming van kerken" in page
    assert f"thema={kerken.slug}&amp;organisatie=gent&amp;soort=practice" in page
    assert "organisatie=antwerpen&amp;soort=case" not in page  # not visible to the public, not counted
    member_page = (
        client_for(cast["other_member"]).get(reverse("knowledge:theme", args=[kerken.slug])).content.decode()
    )
    assert "organisatie=antwerpen&amp;soort=case" in member_page


def test_editors_write_the_introduction_and_pick_key_items(client_for, cast, kerken, gent):
    item = make("Sleutelstudie kerken", "study", gent, kerken)
    editor = client_for(cast["editor"])
    url = reverse("knowledge:theme_edit", args=[kerken.slug])
    response = editor.post(
        url, {"introduction": "## Stand van zaken\n\nDe steden...", "key_items": [item.pk]}
    )
    assert response.status_code == 302
    page = client_for(None).get(reverse("knowledge:theme", args=[kerken.slug])).content.decode()
    assert "<h2>Stand van zaken</h2>" in page and "Sleutelstudie kerken" in page
    assert ThemeDossier.objects.get().key_items.get() == item
    assert client_for(cast["member"]).get(url).status_code == 403


def test_related_items_and_more_from_the_city(client, kerken, gent, antwerpen):
    first = make(
        "Herbestemming parochiekerk Gent", "case", gent, kerken, body="parochiekerk buurt herbestemming"
    )
    make(
        "Parochiekerk wordt buurthuis", "case", antwerpen, kerken, body="parochiekerk buurthuis herbestemming"
    )
    make("Gentse fietsstraten", "practice", gent, ThemeFactory(slug="mobiliteit", name="Mobiliteit"))
    page = client.get(first.get_absolute_url()).content.decode()
    related = page.split('id="related-heading"')[1].split("</section>")[0]
    assert "Parochiekerk wordt buurthuis" in related
    more = page.split('id="more-heading"')[1].split("</section>")[0]
    assert "Gentse fietsstraten" in more


def test_members_propose_and_editors_publish(client_for, cast, kerken, gent):
    member = client_for(cast["member"])
    response = member.post(
        reverse("knowledge:propose"), {"title": "Onze kerkenvisie", "kind": "study", "themes": [kerken.pk]}
    )
    assert response.status_code == 302
    item = KnowledgeItem.objects.get()
    assert (item.visibility, item.owner, item.created_by) == ("draft", gent, cast["member"])
    assert client_for(cast["other_member"]).get(item.get_absolute_url()).status_code == 404
    editor = client_for(cast["editor"])
    assert "Onze kerkenvisie" in editor.get(reverse("knowledge:proposals")).content.decode()
    editor.post(reverse("knowledge:publish", args=[item.pk]), {"visibility": "public"})
    assert client_for(None).get(item.get_absolute_url()).status_code == 200
    assert member.post(reverse("knowledge:publish", args=[item.pk])).status_code == 403


@pytest.mark.parametrize("name", ["knowledge:feed_rss", "knowledge:feed_atom"])
def test_feeds_are_valid_overall_and_per_theme(client, kerken, gent, name):
    make("Openbaar kerkitem", "case", gent, kerken)
    make("Intern kerkitem", "case", gent, kerken, visibility="network")
    for url in (reverse(name), reverse(name.replace("feed", "theme_feed"), args=[kerken.slug])):
        feed = feedparser.parse(client.get(url).content)
        assert feed.bozo == 0, feed.bozo_exception
        assert [entry.title for entry in feed.entries] == ["Openbaar kerkitem"]
    assert client.get(reverse(name.replace("feed", "theme_feed"), args=["bestaat-niet"])).status_code == 404
