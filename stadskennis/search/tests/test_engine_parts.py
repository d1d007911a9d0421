"""Parts of the engine that shape speed without changing what is found."""

from __future__ import annotations

import threading

from stadskennis.search import engine


def test_a_short_question_keeps_every_neighbouring_pair():
    assert engine.near_pairs(["won", "beleid", "stad"], lambda stem: 1) == [
        ("won", "beleid"),
        ("beleid", "stad"),
    ]


def test_a_long_question_keeps_the_pairs_of_its_rarest_words_in_order():
    frequency = {
        "minister": 90,
        "vraag": 80,
        "leegstand": 3,
        "heffing": 5,
        "bedrijf": 20,
        "pand": 10,
        "stad": 70,
    }
    stems = ["minister", "vraag", "leegstand", "heffing", "bedrijf", "pand", "stad"]
    pairs = engine.near_pairs(stems, frequency.__getitem__)
    assert len(pairs) == engine.NEAR_PAIRS
    # the two pairs with 'minister' or 'vraag' (in 80 and 90 of 100 documents) are left out
    assert pairs == [("leegstand", "heffing"), ("heffing", "bedrijf"), ("bedrijf", "pand"), ("pand", "stad")]


def test_background_work_runs_off_the_calling_thread_and_again_after_a_fork(monkeypatch):
    first = engine.in_the_background(threading.get_ident).result()
    assert first != threading.get_ident()
    # a forked web worker has the parent's executor object but not its thread: a new one is made
    monkeypatch.setattr(engine.os, "getpid", lambda: -1)
    before = engine._helper
    assert engine.in_the_background(lambda: 42).result() == 42
    assert engine._helper is not before
