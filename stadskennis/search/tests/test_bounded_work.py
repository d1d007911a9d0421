"""One long word must not block writes or eat memory (issue 12, point 1): the analyser's work and its
caches are bounded by the length of a word, and analysis never runs inside a write transaction."""

from __future__ import annotations

import pytest
from django.db import connection

from stadskennis.knowledge.services import item_create
from stadskennis.search import analysis, index, indexer
from stadskennis.search.services import search

LONG_WORD = "woningmarkt" * 9_091  # 100,001 letters made of real words, the worst case for splitting


@pytest.fixture
def counted_splits(monkeypatch):
    """How often the compound splitter is asked to split something."""
    calls = []
    original = analysis._split.__wrapped__

    def counting(word, depth=0):
        calls.append(len(word))
        return original(word, depth)

    monkeypatch.setattr(analysis, "_split", counting)
    analysis.compound_parts.cache_clear()
    return calls


def test_a_100000_letter_word_is_not_split_stemmed_or_kept(counted_splits):
    analysed = analysis.analyse(f"Over de {LONG_WORD} in Gent")
    assert analysed.terms == ["gent"]  # "over", "de", "in" are stop words; the long word is no word
    assert analysed.parts == []
    assert max(counted_splits, default=0) <= analysis.MAX_COMPOUND  # never the long word itself
    assert LONG_WORD not in analysis._stems
    assert all(len(word) <= analysis.MAX_WORD for word in analysis._stems)
    fields = analysis.analyse_fields({"title": "Woningmarkt", "body": LONG_WORD * 3}).fields
    assert max(len(value) for value in fields.values()) < 100


def test_splitting_a_real_compound_takes_few_attempts(counted_splits):
    assert analysis.compound_parts("woningmarktanalyse") == ("won", "mark", "analys")
    assert 0 < len(counted_splits) < 50


def test_non_ascii_runs_past_the_word_limit_are_dropped_too():
    assert analysis.words("één " + "é" * 100_000 + " café") == ["een", "cafe"]


@pytest.mark.django_db(transaction=True)  # real commits: "inside a write transaction" must mean something
def test_no_analysis_runs_inside_a_write_transaction(monkeypatch, cast, gent):
    in_transaction = []

    def watched(sources):
        in_transaction.append(connection.in_atomic_block)
        return analysis.analyse_fields(sources)

    monkeypatch.setattr(index, "analyse_fields", watched)
    monkeypatch.setattr(indexer, "analyse_fields", watched)
    item_create(
        actor=cast["member"],
        title="Woningmarkt in Gent",
        kind="study",
        owner=gent,
        visibility="draft",
        body=LONG_WORD[:100_000],  # the most an item's text may hold
    )
    item_create(
        actor=cast["editor"],
        title="Leegstand van winkelpanden",
        kind="study",
        owner=gent,
        visibility="public",
    )
    assert search(user=cast["member"], query="woningmarkt").total == 1
    assert in_transaction and not any(in_transaction)
