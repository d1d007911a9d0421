"""Facet counts from the counting columns, and ranking in two steps: faster ways to the same answers.

Each test builds a small index of its own in a temporary folder and compares the fast way with the
plain one (counting value by value; one scored pass over every match).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
import tantivy

from stadskennis.search import engine, index
from stadskennis.search.analysis import stem
from stadskennis.search.query import parse
from stadskennis.search.registry import Document

WORDS = "woning leegstand heffing stad wijk haven fiets school zorg jeugd energie water".split()


def _document(n: int, rng: random.Random, module: str) -> tantivy.Document:
    # up to seven themes: more than the counting columns' slots (index.SLOTS), so the rest is used too
    themes = rng.sample(
        ["wonen", "mobiliteit", "zorg", "onderwijs", "klimaat", "cultuur", "jeugd"], rng.randint(0, 7)
    )
    organisations = rng.sample(["gent", "antwerpen", "leuven", "brugge"], rng.randint(0, 2))
    document = Document(
        object_id=str(n),
        title=" ".join(rng.sample(WORDS, 3)),
        text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40))),
        url=f"/x/{n}",
        kind=rng.choice(["practice", "study", ""]),
        date=datetime(2020, 1, 1, tzinfo=UTC),
        visibility="public",
        owner_id=None,
        created_by_id=None,
        year=rng.choice([2019, 2020, None]),
        facets=[("theme", t, t) for t in themes] + [("organisation", o, o) for o in organisations],
    )
    return index.tantivy_document(SimpleNamespace(key=module), document)


@pytest.fixture
def searcher(tmp_path) -> tantivy.Searcher:
    rng = random.Random(7)
    built = tantivy.Index(index.SCHEMA, path=str(tmp_path))
    writer = built.writer(heap_size=50_000_000, num_threads=1)
    for n in range(300):
        writer.add_document(_document(n, rng, module=rng.choice(["knowledge", "questions"])))
    writer.commit()
    writer.wait_merging_threads()
    built.reload()
    return built.searcher()


def _counted_by_hand(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, Counter]:
    hits = searcher.search(query, 1000, count=False).hits
    counts: dict[str, Counter] = {
        facet: Counter() for facet in ("theme", "organisation", "year", "kind", "module")
    }
    for _score, address in hits:
        doc = searcher.doc(address)
        for facet in ("theme", "organisation", "year"):
            counts[facet].update(doc.to_dict().get(index.FACET_FIELDS[facet], []))
        module = doc.get_first(index.FACET_FIELDS["module"])
        counts["module"][module] += 1
        if kind := doc.get_first(index.FACET_FIELDS["kind"]):
            counts["kind"][(module, kind)] += 1
    return counts


@pytest.mark.parametrize("question", ["", "woning", "leegstand haven"])
def test_facet_counts_from_the_counting_columns_equal_the_counts_by_hand(searcher, question, monkeypatch):
    if question:
        compiler = engine.Compiler({})
        compiler.compile(parse(question))
        query = compiler.matching
    else:
        query = tantivy.Query.all_query()
    expected = {facet: dict(counter) for facet, counter in _counted_by_hand(searcher, query).items()}
    assert expected["theme"] and expected["organisation"] and expected["kind"]
    assert index.SLOTS < 7  # some documents have more themes than slots
    fast = engine.facet_counts(searcher, query, ("module", "kind", "theme", "organisation", "year"))
    assert fast == expected
    # more values in a column than one pass counts: counted value by value, with the same result
    monkeypatch.setattr(engine, "COLUMN_VALUES", 2)
    assert (
        engine.facet_counts(searcher, query, ("module", "kind", "theme", "organisation", "year")) == expected
    )


def _ranked_in_one_pass(searcher: tantivy.Searcher, question: str) -> list[tuple[float, str]]:
    compiler = engine.Compiler({})
    scored = compiler.compile(parse(question))
    hits = searcher.search(
        engine.restricted(scored, hidden=engine.hidden(searcher, ["public"]), filters={}), 1000, count=False
    ).hits
    return [(round(score, 4), searcher.doc(address).get_first("key")) for score, address in hits]


def _ranked_in_two_steps(searcher, question, *, offset, limit) -> list[tuple[float, str]]:
    compiler = engine.Compiler({})
    compiler.compile(parse(question))
    assert compiler.proximity, "a question of several words has proximity clauses"
    hits = engine.ranked(
        searcher, compiler.base, compiler.proximity, offset=offset, limit=limit,
        restrict=lambda q: engine.restricted(q, hidden=engine.hidden(searcher, ["public"]), filters={}),
    )  # fmt: skip
    return [(round(score, 4), searcher.doc(address).get_first("key")) for score, address in hits]


def test_within_the_window_the_two_steps_rank_as_one_pass(searcher, monkeypatch):
    monkeypatch.setattr(engine, "RESCORE_WINDOW", 1000)
    one_pass = _ranked_in_one_pass(searcher, "woning leegstand heffing")
    assert len(one_pass) > 50
    assert _ranked_in_two_steps(searcher, "woning leegstand heffing", offset=0, limit=1000) == one_pass
    assert _ranked_in_two_steps(searcher, "woning leegstand heffing", offset=10, limit=10) == one_pass[10:20]


def test_pages_across_the_window_miss_nothing_and_repeat_nothing(searcher, monkeypatch):
    monkeypatch.setattr(engine, "RESCORE_WINDOW", 25)
    one_pass = _ranked_in_one_pass(searcher, "fiets school")
    pages = [_ranked_in_two_steps(searcher, "fiets school", offset=o, limit=10) for o in range(0, 400, 10)]
    keys = [key for page in pages for _score, key in page]
    assert len(keys) == len(set(keys)) == len(one_pass)
    # the first 25 are the words' best 25, in the order of the full score (proximity included)
    compiler = engine.Compiler({})
    compiler.compile(parse("fiets school"))
    words_only = searcher.search(
        engine.restricted(compiler.base, hidden=engine.hidden(searcher, ["public"]), filters={}), 25
    ).hits
    first = [hit for page in pages[:3] for hit in page][:25]
    assert {key for _s, key in first} == {searcher.doc(a).get_first("key") for _s, a in words_only}
    assert first == sorted(first, key=lambda hit: -hit[0])
    assert first != [(round(s, 4), searcher.doc(a).get_first("key")) for s, a in words_only]  # reordered


@pytest.mark.parametrize(
    "question",
    [
        "woning",
        "leegstand haven fiets",
        "welke stad heeft een leegstandsheffing voor de haven",  # a compound: its parts apart match too
        "stadswijk jeugdzorg",
        "leegstand heffing",  # a synonym of several words, typed as words
        "ocmw",  # whose synonyms are a phrase and a word
        "haven",  # whose synonym is a phrase of other words
        "lee*",  # a prefix: its completions
        '"leegstand heffing" school',  # a strict phrase
        "+haven fiets -school",
    ],
)
def test_the_counting_query_matches_exactly_what_the_scored_query_finds(searcher, question):
    """The unscored query that counts (`matching`: no phrase or proximity clauses) and the scored
    one that ranks are two spellings of one match set: a count or facet never includes a document
    the ranking cannot show, nor leaves one out."""
    synonyms = {
        "ocmw": [["sociaal", "huis"], ["jeugd"]],
        "leegstand heffing": [["school"]],
        "haven": [["water", "fiets"]],
    }

    def completions(prefix: str) -> list[str]:
        return [w for w in WORDS if w.startswith(prefix)]

    compiler = engine.Compiler(synonyms, completions=completions)
    scored = compiler.compile(parse(question, as_you_type=question.endswith("*")))
    ranked = {searcher.doc(a).get_first("key") for _s, a in searcher.search(scored, 1000, count=False).hits}
    counted = {searcher.doc(a).get_first("key") for _s, a in searcher.search(compiler.matching, 1000).hits}
    assert ranked and counted == ranked
    assert engine.count(searcher, compiler.matching) == len(ranked)


@pytest.fixture
def audiences(tmp_path) -> tantivy.Searcher:
    """Documents of every audience, in several segments: each says 'woning' and carries its audience."""
    built = tantivy.Index(index.SCHEMA, path=str(tmp_path))
    writer = built.writer(heap_size=50_000_000, num_threads=1)
    n = 0
    for visibility in ("public", "network", "organisation", "draft", "group"):
        for who in (None, 1, 2):
            document = Document(
                object_id=str(n), title="woning", text="woning", url=f"/x/{n}", kind="",
                date=datetime(2020, 1, 1, tzinfo=UTC), visibility=visibility, owner_id=who,
                created_by_id=who and who + 4, access_group_id=who and who + 2,
            )  # fmt: skip
            writer.add_document(index.tantivy_document(SimpleNamespace(key="knowledge"), document))
            n += 1
        writer.commit()  # a segment per audience
    built.reload()
    return built.searcher()


@pytest.mark.parametrize(
    "asker",
    [
        ["public"],  # anonymous
        ["public", "network", "author:5", "organisation:1"],  # a member of organisation 1
        ["public", "network", "author:6", "group:4"],  # a member without organisation, in a group
        ["staff"],
        ["staff", "group:3"],
        [],
    ],
)
def test_leaving_out_hidden_audiences_finds_what_keeping_the_asker_s_found(audiences, asker):
    """The engine's filter (documents of hidden audiences left out) against the plain one (documents
    that carry one of the asker's terms kept), over documents of every audience, including those that
    lost it (no owner, no author, no group): the same documents, never one more."""
    words = engine._any_field(stem("woning"), 1.0, engine.FIELD_WEIGHTS)
    kept = tantivy.Query.boolean_query(
        [(engine.Occur.Must, words), engine.filter_clause(engine.visible(asker))]
    )
    left_out = engine.restricted(words, hidden=engine.hidden(audiences, asker), filters={})

    def keys(query):
        return {audiences.doc(a).get_first("key") for _s, a in audiences.search(query, 100).hits}

    assert keys(left_out) == keys(kept)
    assert len(keys(kept)) < 15 and (keys(kept) or asker == [])  # each sees some, none sees all
