"""The reading side of search: from a parsed query to a Tantivy query, and what it finds.

Ranking is BM25 over every word of the question, not "all words must match": each word is a
should-clause (best field wins, title and summary above body, body above attachments), its compound
parts, synonyms and completions are alternatives with a lower weight, and the words standing
together (as a phrase, or close) add to the score. Quoted phrases, `+word` and `-word` stay strict.
Visibility leaves out, and facet filters keep, documents without adding to the score, so a result,
a count or a snippet the asker may not see is never read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import tantivy

from stadskennis.core.visibility import hidden_terms
from stadskennis.search.analysis import STOPWORDS, compound_parts, stem
from stadskennis.search.index import (
    FACET_FIELDS,
    KIND_COLUMN,
    SCHEMA,
    SEPARATOR,
    SLOTTED,
    both_groups,
    slot_columns,
)
from stadskennis.search.query import Clause, ParsedQuery

Occur = tantivy.Occur
Q = tantivy.Query


def _in_both_groups(weights: dict[str, float]) -> dict[str, float]:
    """Each field in both statistics groups (index.py): a document holds one of the two."""
    return {name: weight for field, weight in weights.items() for name in both_groups(field)}


# A common word in a title must not outweigh a rare word in the text: moderate field weights.
FIELD_WEIGHTS = _in_both_groups({"title": 2.0, "summary": 1.5, "about": 1.2, "body": 1.0, "attachment": 0.5})
ABOUT_WEIGHTS = _in_both_groups({"title": 2.0, "about": 1.2})  # what a document is about (expert finder)
PARTS_FIELDS = _in_both_groups({"parts": 1.0})
PARTS_WEIGHT = 0.35  # the word is a part of a compound in the document
SPLIT_WEIGHT = 0.6  # the parts of a compound in the question, found apart in the document
SYNONYM_WEIGHT = 0.7
COMPLETION_WEIGHT = 0.6
PHRASE_WEIGHT = 1.5  # the question's words in a row
NEAR_WEIGHT = 0.4  # two consecutive words of the question within a few positions
NEAR_SLOP = 3
# where words standing together say something
NEAR_FIELDS = (*both_groups("title"), *both_groups("summary"), *both_groups("body"))
# A long question's neighbouring pairs: only those of its rarest words count, since a pair of common
# words says little and checking its positions in most documents costs the most.
NEAR_PAIRS = 4
TIE_BREAKER = 0.2
RESCORE_WINDOW = 100  # the words' best matches that are ranked again with proximity (`ranked`)


def _boost(query: tantivy.Query, weight: float) -> tantivy.Query:
    return query if weight == 1.0 else Q.boost_query(query, weight)


def _term(field: str, value: str) -> tantivy.Query:
    return Q.term_query(SCHEMA, field, value)


def _any_field(stem_: str, weight: float, fields: dict[str, float]) -> tantivy.Query:
    alternatives = [_boost(_term(field, stem_), weight * w) for field, w in fields.items()]
    return alternatives[0] if len(alternatives) == 1 else Q.disjunction_max_query(alternatives, TIE_BREAKER)


def _phrase(stems: Sequence[str], weight: float, fields: dict[str, float], slop: int = 0) -> tantivy.Query:
    if len(stems) == 1:
        return _any_field(stems[0], weight, fields)
    alternatives = [
        _boost(Q.phrase_query(SCHEMA, field, list(stems), slop=slop), weight * w)
        for field, w in fields.items()
    ]
    return alternatives[0] if len(alternatives) == 1 else Q.disjunction_max_query(alternatives, TIE_BREAKER)


def _all(queries: list[tantivy.Query]) -> tantivy.Query:
    return queries[0] if len(queries) == 1 else Q.boolean_query([(Occur.Must, q) for q in queries])


def filter_clause(query: tantivy.Query) -> tuple[tantivy.Occur, tantivy.Query]:
    """A must-clause that narrows without scoring."""
    return Occur.Must, Q.const_score_query(query, 0.0)


class Compiler:
    """Compiles one parsed query; `fields` chooses all text or only what documents are about."""

    def __init__(
        self,
        synonyms: dict[str, list[list[str]]],
        *,
        about_only: bool = False,
        completions=None,
        doc_freq: Callable[[str], int] | None = None,
    ):
        # after compile(): the same match set without scores or proximity boosts, for counting; the
        # words' scores without proximity; and the proximity clauses (see `ranked`)
        self.matching: tantivy.Query | None = None
        self.base: tantivy.Query | None = None
        self.proximity: list[tantivy.Query] = []
        self.synonyms = synonyms
        self.fields = ABOUT_WEIGHTS if about_only else FIELD_WEIGHTS
        self.completions = completions or (lambda prefix: [])
        self.doc_freq = doc_freq or (lambda stem_: 0)

    def word(self, clause: Clause) -> tantivy.Query | None:
        """One clause of the question and its alternatives, as one scored query."""
        content = [w for w in clause.words if w not in STOPWORDS] or clause.words
        if len(clause.words) > 1:  # a multi-word synonym typed as words: the phrase, or its words apart
            alternatives = [_phrase([stem(w) for w in content], 1.0, self.fields)]
            apart = [(Occur.Should, _any_field(stem(w), 0.5, self.fields)) for w in content]
            alternatives.append(Q.boolean_query(apart))
        else:
            word = clause.words[0]
            alternatives = [
                _any_field(stem(word), 1.0, self.fields),
                _any_field(stem(word), PARTS_WEIGHT, PARTS_FIELDS),
            ]
            parts = compound_parts(word)
            if parts:
                alternatives.append(_all([_any_field(p, SPLIT_WEIGHT, self.fields) for p in parts]))
            if clause.prefix and len(word) >= 2:
                for completion in self.completions(word):
                    if completion != word:
                        alternatives.append(_any_field(stem(completion), COMPLETION_WEIGHT, self.fields))
        for synonym in self.synonyms.get(" ".join(content), []):
            stems = [stem(w) for w in synonym if w not in STOPWORDS]
            if stems:
                alternatives.append(_phrase(stems, SYNONYM_WEIGHT, self.fields))
        if len(alternatives) == 1:
            return alternatives[0]
        return Q.disjunction_max_query(alternatives, 0.1)

    def strict(self, clause: Clause) -> tantivy.Query | None:
        """A quoted phrase matches as written (stop words aside); a +word needs the word itself."""
        content = [w for w in clause.words if w not in STOPWORDS] or clause.words
        if len(clause.words) > 1:
            return _phrase([stem(w) for w in content], 1.0, self.fields)
        return self.word(clause)

    def compile(self, parsed: ParsedQuery, *, any_word: bool = True) -> tantivy.Query | None:
        """The scored query; None when nothing can be asked (only stop words, only -words). The phrase
        and proximity clauses only add to scores (a document that has the phrase has its words), so
        `matching` leaves them out."""
        from stadskennis.search.query import join_synonym_phrases

        should, must, must_not = [], [], []
        free = join_synonym_phrases([c for c in parsed.positive if not c.strict], self.synonyms)
        for clause in free:
            query = self.word(clause)
            if query is not None:
                (should if any_word else must).append(query)
        for clause in parsed.positive:
            if clause.strict and (query := self.strict(clause)) is not None:
                must.append(query)
        for clause in parsed.negative:
            content = [w for w in clause.words if w not in STOPWORDS] or clause.words
            must_not.append(_phrase([stem(w) for w in content], 1.0, FIELD_WEIGHTS))
        if not should and not must:
            return None
        strict = [(Occur.Must, q) for q in must] + [(Occur.MustNot, q) for q in must_not]
        self.matching = Q.const_score_query(
            Q.boolean_query([(Occur.Should, q) for q in should] + strict), 1.0
        )
        self.base = Q.boolean_query([(Occur.Should, q) for q in should] + strict)
        stems = [stem(w) for c in free if len(c.words) == 1 for w in c.words if w not in STOPWORDS]
        self.proximity = []
        if len(stems) > 1:  # words together rank higher: the whole run, and each neighbouring pair
            near = {f: w for f, w in self.fields.items() if f in NEAR_FIELDS}
            self.proximity.append(_phrase(stems, PHRASE_WEIGHT, near))
            for a, b in near_pairs(stems, self.doc_freq):
                self.proximity.append(_phrase([a, b], NEAR_WEIGHT, near, slop=NEAR_SLOP))
        if not self.proximity:
            return self.base
        return Q.boolean_query([(Occur.Should, q) for q in should + self.proximity] + strict)


def near_pairs(stems: list[str], doc_freq: Callable[[str], int]) -> list[tuple[str, str]]:
    """The neighbouring pairs of a question whose standing together adds to the score: all of them,
    or in a long question the NEAR_PAIRS whose commoner word is rarest, in the question's order."""
    pairs = list(zip(stems, stems[1:], strict=False))
    if len(pairs) <= NEAR_PAIRS:
        return pairs
    kept = set(sorted(pairs, key=lambda pair: max(map(doc_freq, pair)))[:NEAR_PAIRS])
    return [pair for pair in pairs if pair in kept]


def hidden(searcher: tantivy.Searcher, visibility: list[str] | None) -> list[str] | None:
    """The visibility terms whose documents an asker with terms `visibility` (None: everything) may
    not see, among those this view of the index holds (its term dictionary, which also keeps the
    terms of deleted documents: they only hide more). Read once per question: it grows with every
    author of a draft (2 ms at 5,000 terms)."""
    if visibility is None:
        return None
    return hidden_terms(visibility, (term for term, _count in searcher.terms_with_prefix("visibility", "")))


def restricted(
    scored: tantivy.Query, *, hidden: list[str] | None, filters: dict[str, str], module: str | None = None
) -> tantivy.Query:
    """The scored query without the documents the asker may not see (`hidden`, from `hidden()`) and
    narrowed to the chosen facet values. Leaving out the audiences the asker is not in, rather than
    keeping the asker's, lets the engine walk the words' matches in order, looking each up in a small
    set, instead of jumping through them once per visible document: at 1,000,000 items about a fifth
    less time for a member (decision 0009, addendum; docs/benchmarks.md)."""
    clauses = [(Occur.Must, scored)]
    if hidden:
        clauses.append((Occur.MustNot, Q.term_set_query(SCHEMA, "visibility", hidden)))
    for facet, value in filters.items():
        if value:
            clauses.append(filter_clause(_term(FACET_FIELDS[facet], value)))
    if module:
        clauses.append(filter_clause(_term(FACET_FIELDS["module"], module)))
    return Q.boolean_query(clauses)


def ranked(
    searcher: tantivy.Searcher,
    base: tantivy.Query,
    proximity: list[tantivy.Query],
    *,
    restrict: Callable[[tantivy.Query], tantivy.Query],
    offset: int = 0,
    limit: int = 10,
) -> list[tuple[float, tantivy.DocAddress]]:
    """The best matches from `offset` on, ranked as Elasticsearch's rescore does: the words rank every
    match; the first RESCORE_WINDOW get the bonus for words standing together added to their score,
    with positions read for those documents only, and are ordered again. Past the window the words'
    order stands. The sum is the score one pass with the proximity clauses gives, at 1,000,000 items
    in about half the time: reading the positions of common pairs in most documents cost the most.
    `restrict` adds visibility and filters."""
    words = restrict(base)
    if not proximity or offset >= RESCORE_WINDOW:
        return searcher.search(words, limit, count=False, offset=offset).hits
    window = searcher.search(words, RESCORE_WINDOW, count=False).hits
    if not window:
        return []
    addresses = [address for _score, address in window]
    # a union of terms, not a term set: the engine reads a set of numbers from the whole column
    these = Q.boolean_query(
        [
            (Occur.Should, _term("uid", u))
            for u in searcher.fast_field_values("uid", addresses)
            if u is not None
        ]
    )
    bonus_query = Q.boolean_query([(Occur.Should, q) for q in proximity] + [filter_clause(these)])
    bonus = {_place(a): score for score, a in searcher.search(bonus_query, len(window), count=False).hits}
    rescored = sorted(
        ((score + bonus.get(_place(address), 0.0), address) for score, address in window),
        key=lambda hit: (-hit[0], _place(hit[1])),
    )
    hits = rescored[offset : offset + limit]
    if offset + limit > RESCORE_WINDOW and len(window) == RESCORE_WINDOW:
        rest = offset + limit - RESCORE_WINDOW
        hits += searcher.search(words, rest, count=False, offset=RESCORE_WINDOW).hits
    return hits


def _place(address: tantivy.DocAddress) -> tuple[int, int]:
    return address.segment_ord, address.doc


def visible(visibility: list[str] | None) -> tantivy.Query:
    if visibility is None:
        return Q.all_query()
    return Q.term_set_query(SCHEMA, "visibility", visibility)


_helper: ThreadPoolExecutor | None = None
_helper_pid = 0


def in_the_background(work: Callable, *args) -> Future:
    """Run `work(*args)` on this process's one helper thread. The engine lets go of Python's lock
    while it searches, so a search counts its facets there while it ranks here, on both cores: at
    100,000 items each takes about 10 ms for a question in plain Dutch, which matches most items."""
    global _helper, _helper_pid  # noqa: PLW0603 (one per process)
    if _helper is None or _helper_pid != os.getpid():  # a thread does not survive a fork (web workers)
        _helper, _helper_pid = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search"), os.getpid()
    return _helper.submit(work, *args)


def count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    return searcher.search(query, 1, count=True).count or 0


COLUMN_VALUES = 1000  # values counted per column in one pass; past that, per value (exact either way)


def facet_counts(searcher: tantivy.Searcher, query: tantivy.Query, facets: Iterable[str]) -> dict:
    """Exact counts per facet value over the whole match set, from the engine's aggregations over
    the counting columns (index.py): kinds per module, because each module names its own kinds, and a
    facet a document has several values of summed over its slots. Where a column holds more values
    than one pass counts, that facet is counted value by value."""
    wanted = {"kind" if facet == "module" else facet for facet in facets}
    spec = {}
    for facet in wanted:
        if facet == "kind":
            columns = [KIND_COLUMN]
        elif facet in SLOTTED:
            columns = slot_columns(facet)
        else:
            columns = [FACET_FIELDS[facet]]
        for column in columns:
            spec[column] = {"terms": {"field": column, "size": COLUMN_VALUES}}
    if not spec:
        return {}
    result = searcher.aggregate(query, spec)
    counts: dict[str, dict] = {}
    for facet in wanted:
        columns = (
            [KIND_COLUMN]
            if facet == "kind"
            else slot_columns(facet)
            if facet in SLOTTED
            else [FACET_FIELDS[facet]]
        )
        if any(
            result[c].get("sum_other_doc_count") or result[c].get("doc_count_error_upper_bound")
            for c in columns
        ):
            counts.update(_counted_per_value(searcher, query, facet))
        elif facet == "kind":
            counts.update(_kinds_per_module(result[KIND_COLUMN]["buckets"]))
        else:
            values: dict[str, int] = {}
            for column in columns:
                for bucket in result[column]["buckets"]:
                    for value in str(bucket["key"]).split(SEPARATOR) if bucket["key"] != "" else ():
                        values[value] = values.get(value, 0) + bucket["doc_count"]
            counts[facet] = values
    return counts


def _kinds_per_module(buckets: list[dict]) -> dict[str, dict]:
    kinds: dict = {}
    modules: dict = {}
    for bucket in buckets:
        module, kind = bucket["key"].split(SEPARATOR)
        modules[module] = modules.get(module, 0) + bucket["doc_count"]
        if kind:
            kinds[(module, kind)] = kinds.get((module, kind), 0) + bucket["doc_count"]
    return {"kind": kinds, "module": modules}


def _counted_per_value(searcher: tantivy.Searcher, query: tantivy.Query, facet: str) -> dict[str, dict]:
    if facet == "kind":
        spec = {
            "terms": {"field": FACET_FIELDS["module"], "size": 1000},
            "aggs": {"kind": {"terms": {"field": FACET_FIELDS["kind"], "size": 1000}}},
        }
        data = searcher.aggregate(query, {"kind": spec})["kind"]
        return {
            "kind": {
                (module["key"], kind["key"]): kind["doc_count"]
                for module in data["buckets"]
                for kind in module["kind"]["buckets"]
            },
            "module": {module["key"]: module["doc_count"] for module in data["buckets"]},
        }
    data = searcher.aggregate(query, {facet: {"terms": {"field": FACET_FIELDS[facet], "size": 65_000}}})[
        facet
    ]
    return {facet: {str(b["key"]): b["doc_count"] for b in data["buckets"] if b["doc_count"]}}
