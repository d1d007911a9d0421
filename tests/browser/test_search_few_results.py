"""Search that finds nothing or little, in real Chromium on the demo content (issue 13, point 10): a
typo typed into the search page (HTMX) shows the corrected results at once, and the page leads on to
the Vraagbaak and the expert finder with the same words; accessible, with and without JavaScript."""

from __future__ import annotations

import pytest

from stadskennis.demo.cast import DEMO_PASSWORD
from tests.browser.test_pages import MEMBER, check_pages, demo  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_typo_typed_in_the_search_page_shows_what_was_meant_and_leads_on(
    visit,
    demo,  # noqa: F811 - the fixture imported above
):
    v = visit()
    v.login(MEMBER, DEMO_PASSWORD)
    v.page.goto("/zoeken/")
    v.page.fill("#search-q", "klimaatpln")
    v.page.wait_for_selector("#search-results .more-help")
    results = v.page.inner_text("#search-results")
    assert "Resultaten voor klimaatplan; zoek toch naar klimaatpln" in results
    assert "Mieke Verstraete" in results  # found through the corrected word
    check_pages(v, ["/zoeken/?q=klimaatpln", "/zoeken/?q=zwembad"])

    v.page.goto("/zoeken/?q=klimaatpln")
    v.click("text=Stel je vraag aan het Kenniscentrum")
    assert v.page.input_value("#id_title") == "klimaatplan"
    v.page.go_back()
    v.click("text=Wie is bezig met klimaatplan?")
    assert v.page.input_value("#expert-q") == "klimaatplan"
    assert "Mieke Verstraete" in v.page.inner_text("main")


def test_without_javascript_the_words_as_typed_are_one_click_away(
    visit,
    demo,  # noqa: F811 - the fixture imported above
):
    v = visit(javascript=False)
    v.page.goto("/")
    v.page.fill("#site-search-q", "leegstnad")
    v.click(".site-search button")
    assert "Resultaten voor leegstand" in v.page.inner_text("#search-results")
    v.click("#search-results .suggestion a")
    assert "0 resultaten" in v.page.inner_text("#search-results")
    assert "Wie is bezig met leegstnad?" in v.page.inner_text("#search-results")
