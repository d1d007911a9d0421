"""When search finds nothing or little: the corrected results at once (also when the page with
JavaScript asks), and a way on to the Vraagbaak and the expert finder with the same words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.demo.services import demo_load
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def corpus(gent):
    for title in (
        "Herbestemming van kerken",
        "Kerkherbestemming in Mechelen",
        "Herbestemming van een klooster",
    ):
        KnowledgeItemFactory(title=title, body="Een studie over herbestemming.", owner=gent)


def page(client, query: str, **headers) -> str:
    return client.get(reverse("search:results"), {"q": query}, **headers).content.decode()


def test_a_typo_shows_the_corrected_results_and_the_way_back_to_the_words_as_typed(corpus, client):
    html = page(client, "herbestemmng")
    assert "Herbestemming van kerken" in html
    assert (
        "Resultaten voor <strong>herbestemming</strong>; zoek toch naar "
        '<a href="?q=herbestemmng&amp;letterlijk=1">herbestemmng</a>'
    ) in html
    literal = client.get(reverse("search:results"), {"q": "herbestemmng", "letterlijk": "1"}).content.decode()
    assert "Herbestemming van kerken" not in literal and "Resultaten voor" not in literal


def test_a_typo_submitted_by_the_page_with_javascript_is_corrected_too(corpus, client):
    """The page asks as you type (HTMX), the last word a prefix: a typo found nothing there."""
    html = page(client, "herbestemmng", **HTMX)
    assert "Resultaten voor <strong>herbestemming</strong>" in html
    assert "Herbestemming van kerken" in html


def test_a_word_still_being_typed_is_not_corrected(corpus):
    typing = search(user=None, query="herbestemmin", as_you_type=True)
    assert typing.total == 3 and not typing.suggestion and not typing.corrected_from
    starred = search(user=None, query="herbestemmin*")
    assert starred.total == 3 and not starred.suggestion and not starred.corrected_from


def test_a_typo_beside_a_word_being_typed_is_offered_a_correction(corpus):
    response = search(user=None, query="herbestemmng kerke", as_you_type=True)
    assert response.suggestion == "herbestemming kerke"


def test_little_found_leads_on_to_the_vraagbaak_and_the_expert_finder(corpus, cast, client_for):
    member = client_for(cast["member"])
    html = page(member, "klooster")
    assert "Herbestemming van een klooster" in html
    ask = reverse("questions:ask") + "?title=klooster"
    experts = reverse("network:experts") + "?q=klooster"
    assert f'<a href="{ask}">Stel je vraag aan het Kenniscentrum</a>' in html
    assert f'<a href="{experts}">Wie is bezig met klooster?</a>' in html
    assert 'value="klooster"' in member.get(ask).content.decode()  # the question form, filled in
    enough, no_words = page(member, "herbestemming"), page(member, "de het")
    assert "Herbestemming van kerken" in enough and "Typ een of meer woorden" in no_words
    assert not [html for html in (enough, no_words) if "Wie is bezig met" in html or "Stel je vraag" in html]


def test_nothing_found_leads_on_with_the_words_as_corrected(corpus, cast, client_for):
    html = page(client_for(cast["member"]), "kloostr")
    assert "Resultaten voor <strong>klooster</strong>" in html
    assert "?title=klooster" in html and "Wie is bezig met klooster?" in html


def test_visitors_are_led_to_the_expert_finder_only(corpus, client):
    html = page(client, "zwembad")
    assert "Wie is bezig met zwembad?" in html
    assert "Stel je vraag aan het Kenniscentrum" not in html  # asking needs an account


def test_on_the_demo_content_a_typo_finds_what_was_meant(client):
    demo_load()
    for typed, meant in (("leegstnad", "leegstand"), ("herbestemmign", "herbestemming")):
        response = search(user=None, query=typed)
        assert (response.corrected_from, response.query) == (typed, meant)
        assert response.total == search(user=None, query=meant).total > 0
    assert "Resultaten voor <strong>leegstand</strong>; zoek toch naar" in page(client, "leegstnad", **HTMX)
