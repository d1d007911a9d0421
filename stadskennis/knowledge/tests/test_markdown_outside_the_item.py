"""An item's lead and body are Markdown; outside the item page (feeds, lists, search snippets) they
are shown rendered or as plain text, never with their raw signs."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

pytestmark = pytest.mark.django_db

LEAD = "Een **vet** besluit over de leegstandsheffing, zie [het reglement](https://x.example/reglement)."
RAW = ("**", "](", "[het reglement")


@pytest.fixture
def item(gent):
    return KnowledgeItemFactory(
        title="Heffing op leegstaande panden",
        summary=LEAD,
        body="## Aanpak\n\n- een **register** van panden\n- een [heffing](https://x.example/h)",
        owner=gent,
    )


def assert_no_raw_markdown(text: str):
    assert not [sign for sign in RAW if sign in text], text


@pytest.mark.parametrize(
    ("feed", "description"),
    [("knowledge:feed_rss", "channel/item/description"), ("knowledge:feed_atom", "atom:entry/atom:summary")],
)
def test_feeds_carry_the_lead_rendered_as_html(feed, description, item, client):
    xml = ElementTree.fromstring(client.get(reverse(feed)).content)  # noqa: S314 - our own feed
    html = xml.find(description, {"atom": "http://www.w3.org/2005/Atom"}).text
    assert "<strong>vet</strong>" in html
    assert '<a href="https://x.example/reglement"' in html
    assert_no_raw_markdown(html)


def test_item_cards_in_lists_show_the_lead_as_plain_text(item, client):
    html = client.get(reverse("knowledge:list")).content.decode()
    card = html[html.index("Heffing op leegstaande panden") :][:1000]
    assert "Een vet besluit over de leegstandsheffing, zie het reglement." in card
    assert_no_raw_markdown(card)


def test_search_snippets_show_plain_text_and_still_mark_the_words(item, client):
    html = client.get(reverse("search:results"), {"q": "vet reglement register"}).content.decode()
    results = html[html.index('class="card-list results"') :]
    assert "<mark>vet</mark>" in results and "<mark>reglement</mark>" in results
    assert "<mark>register</mark>" in results  # from the body, also read as plain text
    assert_no_raw_markdown(results)
    assert "## Aanpak" not in results


def test_the_item_page_renders_its_lead(item, client):
    html = client.get(item.get_absolute_url()).content.decode()
    lead = html[html.index('<div class="lead">') :][:400]
    assert "<strong>vet</strong>" in lead and '<a href="https://x.example/reglement"' in lead
    assert_no_raw_markdown(lead)
