"""Facet labels, kinds and outcomes follow the language chosen with the language switch (issue 13,
point 14): the index holds values, the labels are translated when a page shows them. Dutch unless
someone chose English."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_practice(gent):
    return KnowledgeItemFactory(
        title="Leegstandsheffing op bedrijfspanden", kind="practice", outcome="failed", owner=gent
    )


def _choose(client, language: str) -> None:
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def _facets(client) -> str:
    html = client.get(reverse("search:results"), {"q": "leegstandsheffing"}).content.decode()
    aside = re.search(r'<aside class="facets".*?</aside>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", aside).split())  # the text as read: "Practice (1)"


def _kennisbank(client) -> tuple[str, str]:
    html = client.get(reverse("knowledge:list")).content.decode()
    kinds = re.search(r'<select id="filter-kind".*?</select>', html, re.S).group(0)
    card = re.search(r'<p class="card-meta">.*?</p>', html, re.S).group(0)
    return kinds, card


def test_facets_kinds_and_outcomes_are_dutch_by_default(failed_practice, client):
    facets = _facets(client)
    for label in ("Soort", "Praktijk (1)", "Onderdeel", "Kennisbank (1)", "Uitkomst", "Mislukt (1)"):
        assert label in facets
    kinds, card = _kennisbank(client)
    assert ">Praktijk<" in kinds and ">Beleidsinstrument<" in kinds
    assert ">Praktijk<" in card and ">Mislukt<" in card


def test_facets_kinds_and_outcomes_follow_the_chosen_language(failed_practice, client):
    _choose(client, "en")

    facets = _facets(client)
    for label in (
        "Kind",
        "Practice (1)",
        "Part of the platform",
        "Knowledge base (1)",
        "Outcome",
        "Failed (1)",
    ):
        assert label in facets
    assert "Praktijk" not in facets and "Mislukt" not in facets
    kinds, card = _kennisbank(client)
    assert ">Practice<" in kinds and ">Policy instrument<" in kinds
    assert ">Practice<" in card and ">Failed<" in card

    _choose(client, "nl-be")
    assert "Mislukt (1)" in _facets(client)
