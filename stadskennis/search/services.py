"""The search service every page, feed, module and the API call; the engine sits behind it."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import tantivy
from django.utils.translation import gettext as _

from stadskennis.core.visibility import asker_terms, visible_filter
from stadskennis.search import engine, index
from stadskennis.search.analysis import STOPWORDS, words
from stadskennis.search.highlight import snippet
from stadskennis.search.indexer import catch_up_if_synchronous
from stadskennis.search.labels import facet_labels
from stadskennis.search.models import Synonym
from stadskennis.search.query import MAX_QUERY_CHARS, ParsedQuery, parse, synonym_map
from stadskennis.search.registry import SearchResponse, SearchResult, provider

log = logging.getLogger(__name__)
FACETS = ("module", "kind", "theme", "organisation", "year", "outcome")
SORTS = ("relevance", "date")
FEW_RESULTS = 3  # fewer than this, and a correction that finds more is offered ("Bedoelde je …?")
COMPLETIONS = 8


# Synonyms every installation starts with; editors add and change them in the admin.
DEFAULT_SYNONYMS = [
    "OCMW, sociaal huis, openbaar centrum voor maatschappelijk welzijn",
    "GDPR, AVG, algemene verordening gegevensbescherming",
    "VGC, Vlaamse Gemeenschapscommissie",
    "VVSG, Vereniging van Vlaamse Steden en Gemeenten",
    "ORBA, opvolging realisatie bestuursakkoord",
    "OBMI, omgevings- beleids- en managementinformatie",
    "BBC, beleids- en beheerscyclus",
    "leegstand, leegstaande panden",
]


def synonyms_seed() -> int:
    """Create the default synonym groups that are not there yet (idempotent)."""
    existing = {s.terms for s in Synonym.objects.all()}
    missing = [Synonym(terms=terms) for terms in DEFAULT_SYNONYMS if terms not in existing]
    Synonym.objects.bulk_create(missing)
    return len(missing)


def synonyms() -> dict[str, list[list[str]]]:
    return synonym_map([s.term_list for s in Synonym.objects.all()])


@dataclass
class _Asked:
    """One question compiled for one asker against one consistent view of the index."""

    searcher: tantivy.Searcher
    parsed: ParsedQuery
    scored: tantivy.Query | None
    matching: tantivy.Query | None  # the same match set, unscored: for counts and facets
    visibility: list[str] | None
    as_you_type: bool = False
    base: tantivy.Query | None = None  # the words' scores without proximity, and the proximity
    proximity: tuple = ()  # clauses, for ranking in two steps (engine.ranked)
    hidden: list[str] | None = None  # the visibility terms left out (engine.hidden)

    def ranked(self, *, filters: dict, offset: int = 0, limit: int = 10):
        return engine.ranked(
            self.searcher, self.base, list(self.proximity), offset=offset, limit=limit,
            restrict=lambda q: engine.restricted(q, hidden=self.hidden, filters=filters),
        )  # fmt: skip

    def explicit_prefix(self, clause) -> bool:
        """Was this prefix typed with a star (not the last word of a question still being typed)?"""
        return clause.prefix and not (self.as_you_type and clause is self.parsed.clauses[-1])


def _completions(searcher: tantivy.Searcher, visibility: list[str] | None):
    """Completions of a prefix from the index's own words, counted only in documents the asker may see."""

    def complete(prefix: str) -> list[str]:
        if len(prefix) < 2:
            return []
        found = searcher.terms_with_prefix(
            "words", prefix, filter_query=engine.visible(visibility), limit=COMPLETIONS
        )
        return [term for term, _count in found]

    return complete


def _current_searcher() -> tantivy.Searcher | None:
    """The index as it stands (in step first, with SEARCH_INDEX_SYNC), or None while it is being built."""
    try:
        catch_up_if_synchronous()
        return index.searcher()
    except index.IndexUnavailable:
        return None


def _ask(*, user, query: str, as_you_type: bool = False, about_only: bool = False) -> _Asked:
    catch_up_if_synchronous()
    searcher = index.searcher()  # IndexUnavailable when there is none yet
    visibility = asker_terms(user)
    parsed = parse(query, as_you_type=as_you_type)
    compiler = engine.Compiler(
        synonyms(),
        about_only=about_only,
        completions=_completions(searcher, visibility),
        doc_freq=lambda stem_: sum(searcher.doc_freq(f, stem_) for f in index.both_groups("body")),
    )
    scored = compiler.compile(parsed)
    return _Asked(
        searcher, parsed, scored, compiler.matching, visibility, as_you_type,
        compiler.base, tuple(compiler.proximity), engine.hidden(searcher, visibility),
    )  # fmt: skip


def search(
    *,
    user,
    query: str,
    filters: dict[str, str] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    as_you_type: bool = False,
    with_facets: bool = True,
    correct: bool = True,
) -> SearchResponse:
    filters = {k: str(v)[:100] for k, v in (filters or {}).items() if k in FACETS and v}
    page = max(1, page)
    response = SearchResponse(query=query, page=page, per_page=per_page)
    try:
        asked = _ask(user=user, query=query, as_you_type=as_you_type)
    except index.IndexUnavailable:
        response.message = _("The search index is being built; try again in a minute.")
        return response
    if asked.parsed.truncated:
        response.message = _("Your search was shortened to its first %(n)d characters.") % {
            "n": MAX_QUERY_CHARS
        }
    if asked.scored is None:
        if query.strip():
            response.message = _("Type one or more words to search for.")
        return response
    try:
        _fill(response, asked, user=user, filters=filters, sort=sort, with_facets=with_facets)
        # A word the index does not know is a typo, however much the rest finds; as you type too (a page
        # with JavaScript submits that way), where a word that known words start with is still being typed.
        if correct:
            _offer_correction(response, asked, user=user, filters=filters, sort=sort, with_facets=with_facets)
    except (ValueError, RuntimeError):  # the engine refused (an index being replaced): say so, never a 500
        log.exception("search failed for %r", query[:100])
        return SearchResponse(
            query=query,
            page=page,
            per_page=per_page,
            message=_("The search index is being built; try again in a minute."),
        )
    return response


def _origin(doc: tantivy.Document) -> tuple[str, str]:
    """Which module's which object a found document stands for."""
    return index.stored(doc, "provider"), index.stored(doc, "object_id")


def still_visible(user, hits: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (module, object id) pairs of `hits` that the database still shows `user`. The index follows
    the database within a second, but while the indexer is behind (stopped, rebuilding) a document
    may say more than its object now allows: what is shown is checked against the source of truth,
    through the one access rule."""
    by_module: dict[str, list[str]] = {}
    for module, object_id in hits:
        by_module.setdefault(module, []).append(object_id)
    kept = set()
    for module, ids in by_module.items():
        try:
            p = provider(module)
        except KeyError:  # a module that is no longer registered
            continue
        rows = p.indexable().filter(pk__in=[i for i in ids if i.isdigit()])
        if hasattr(p, "still_visible"):  # a module whose objects take their audience from another
            rows = p.still_visible(user, rows)
        elif hasattr(p.model, "visibility"):
            rows = rows.filter(visible_filter(user, model=p.model))
        kept |= {(module, str(pk)) for pk in rows.values_list("pk", flat=True)}
    return kept


def _fill(response: SearchResponse, asked: _Asked, *, user, filters, sort, with_facets) -> None:
    searcher = asked.searcher
    response.searched = True
    matching = engine.restricted(asked.matching, hidden=asked.hidden, filters=filters)
    offset = (response.page - 1) * response.per_page
    # One unscored pass counts (every document is in exactly one module) and gives the facets, on the
    # helper thread, while this thread ranks: the ranked pass only has to find the best page.
    if with_facets:
        counting = engine.in_the_background(engine.facet_counts, searcher, matching, FACETS)
    else:
        counting = engine.in_the_background(engine.count, searcher, matching)
    if sort == "date":
        query = engine.restricted(asked.scored, hidden=asked.hidden, filters=filters)
        hits = searcher.search(
            query, response.per_page, count=False, order_by_field="date", offset=offset
        ).hits
    else:
        hits = asked.ranked(filters=filters, offset=offset, limit=response.per_page)
    if with_facets:
        counts = counting.result()
        response.total = sum(counts.get("module", {}).values())
        response.facets = facet_labels(counts) if response.total else {}
    else:
        response.total = counting.result()
    if not response.total:
        return
    stems = asked.parsed.stems()
    docs = [(score, searcher.doc(address)) for score, address in hits]
    shown = still_visible(user, [_origin(d) for _s, d in docs])
    for score, doc in docs:
        if _origin(doc) not in shown:
            continue
        kind = index.stored(doc, "kind")
        date = index.stored(doc, "date", None)
        response.results.append(
            SearchResult(
                id=index.stored(doc, "key"),
                kind=kind,
                kind_label=provider(index.stored(doc, "provider")).kind_label(kind),
                title=index.stored(doc, "title_text"),
                url=index.stored(doc, "url"),
                snippet=snippet(index.stored(doc, "text") or index.stored(doc, "title_text"), stems),
                score=round(float(score), 4) if sort != "date" else 0.0,
                date=date.date().isoformat() if isinstance(date, datetime) else None,
            )
        )


# --- Typos: corrections from the index's own words ----------------------------------------------


def _closest(searcher: tantivy.Searcher, word: str, visibility) -> tuple[str, int] | None:
    """The known word closest to `word` (and then the most common), from the words of the documents
    the asker may see."""
    candidates = searcher.terms_with_prefix(
        "words", word[:2], filter_query=engine.visible(visibility), limit=5000
    )
    close = [
        (difflib.SequenceMatcher(None, word, term).ratio(), count, term)
        for term, count in candidates
        if abs(len(term) - len(word)) <= 2 and term != word
    ]
    close = [c for c in close if c[0] >= 0.8]
    if not close:
        return None
    _ratio, count, term = max(close)
    return term, count


def correction(asked: _Asked) -> str:
    """The question with each unknown or rare word replaced by a close word that is more common in
    what the asker may see, phrases, + and - kept as typed; '' when nothing changes. A prefix that
    known words start with (wonin*, or the word being typed) is kept: it is not misspelt."""
    changed, out = False, []
    for clause in asked.parsed.clauses:
        if len(clause.words) > 1:
            out.append(("-" if clause.excluded else "") + '"' + " ".join(clause.words) + '"')
            continue
        word = clause.words[0]
        sign = "-" if clause.excluded else ("+" if clause.strict else "")
        if clause.excluded or word in STOPWORDS or word.isdigit() or len(word) < 4:
            out.append(sign + word)
            continue
        if clause.prefix and _completes(asked, word):
            out.append(sign + word + ("*" if asked.explicit_prefix(clause) else ""))
            continue
        known = _visible_count(asked, engine._term("words", word))
        better = _closest(asked.searcher, word, asked.visibility) if known < FEW_RESULTS else None
        if better and better[1] >= known:
            out.append(sign + better[0])
            changed = True
        else:
            out.append(sign + word)
    return " ".join(out) if changed else ""


def _completes(asked: _Asked, prefix: str) -> bool:
    found = asked.searcher.terms_with_prefix(
        "words", prefix, filter_query=engine.visible(asked.visibility), limit=1
    )
    return bool(found)


def _visible_count(asked: _Asked, query: tantivy.Query) -> int:
    restricted = engine.restricted(query, hidden=asked.hidden, filters={})
    return asked.searcher.search(restricted, 1, count=True).count or 0


def _offer_correction(response: SearchResponse, asked: _Asked, *, user, filters, sort, with_facets) -> None:
    corrected = correction(asked)
    if not corrected:
        return
    better = search(
        user=user, query=corrected, filters=filters, sort=sort, page=response.page,
        per_page=response.per_page, with_facets=with_facets, correct=False,
    )  # fmt: skip
    if better.total == 0 or (response.total >= FEW_RESULTS and better.total < response.total):
        return
    if response.total == 0:  # nothing found: show what the correction finds, and say so
        response.results, response.total, response.facets = better.results, better.total, better.facets
        response.corrected_from, response.query = response.query, corrected
    else:
        response.suggestion = corrected


def completions(*, user, prefix: str, limit: int = COMPLETIONS) -> list[str]:
    """Words that complete what is being typed (wonin → woning, woningen), most common first."""
    folded = words(prefix)
    if not folded or len(folded[-1]) < 2:
        return []
    searcher = _current_searcher()
    if searcher is None:
        return []
    found = searcher.terms_with_prefix(
        "words", folded[-1], filter_query=engine.visible(asker_terms(user)), limit=limit
    )
    return [term for term, _count in found]


# --- For exports and for modules that build on search --------------------------------------------


@dataclass(frozen=True)
class Hit:
    id: str
    provider: str
    object_id: str
    kind: str
    title: str
    url: str
    date: datetime | None
    year: str
    outcome: str
    score: float


def all_documents_for_export(*, user, query: str, filters: dict, sort: str, limit: int = 10_000) -> list[Hit]:
    """Every matching document (up to `limit`), for a CSV or JSON Lines export."""
    filters = {k: v for k, v in filters.items() if k in FACETS and v}
    try:
        asked = _ask(user=user, query=query)
    except index.IndexUnavailable:
        return []
    if asked.scored is None:
        return []
    restricted = engine.restricted(asked.scored, hidden=asked.hidden, filters=filters)
    options = {"order_by_field": "date"} if sort == "date" else {}
    found = asked.searcher.search(restricted, limit, count=False, **options)
    docs = [(score, asked.searcher.doc(address)) for score, address in found.hits]
    shown = still_visible(user, [_origin(d) for _s, d in docs])
    hits = []
    for score, doc in docs:
        if _origin(doc) not in shown:
            continue
        date = index.stored(doc, "date", None)
        hits.append(
            Hit(
                id=index.stored(doc, "key"),
                provider=index.stored(doc, "provider"),
                object_id=index.stored(doc, "object_id"),
                kind=index.stored(doc, "kind"),
                title=index.stored(doc, "title_text"),
                url=index.stored(doc, "url"),
                date=date if isinstance(date, datetime) else None,
                year=index.stored(doc, "f_year"),
                outcome=index.stored(doc, "f_outcome"),
                score=float(score) if sort != "date" else 0.0,
            )
        )
    return hits


def similar_object_ids(*, user, provider_key: str, obj, limit: int = 10) -> list[str]:
    """Objects of the same module that read most like this one: the telling words of its title and
    summary (rarest first), and the themes and organisations it carries."""
    from stadskennis.search.registry import provider as provider_of

    document = provider_of(provider_key).document(obj)
    if document is None:
        return []
    searcher = _current_searcher()
    if searcher is None:
        return []
    parsed = parse(f"{document.title} {document.summary or document.text[:600]}")
    scored = engine.Compiler({}).compile(ParsedQuery(clauses=_telling(searcher, parsed)[:12]))
    should = [(engine.Occur.Should, scored)] if scored is not None else []
    for facet, value, _label in document.facets:
        if facet in ("theme", "organisation"):
            term = engine._term(index.FACET_FIELDS[facet], value)
            should.append(
                (
                    engine.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.const_score_query(term, 1.0), 2.0 if facet == "theme" else 1.0
                    ),
                )
            )
    if not should:
        return []
    query = engine.restricted(
        tantivy.Query.boolean_query(should),
        hidden=engine.hidden(searcher, asker_terms(user)),
        filters={},
        module=provider_key,
    )
    query = tantivy.Query.boolean_query(
        [(engine.Occur.Must, query), (engine.Occur.MustNot, engine._term("key", f"{provider_key}:{obj.pk}"))]
    )
    found = searcher.search(query, limit, count=False)
    ids = _object_ids(searcher, [address for _score, address in found.hits])
    shown = still_visible(user, [(provider_key, i) for i in ids])
    return [i for i in ids if (provider_key, i) in shown]


def engine_ranking(*, query: str, limit: int = 10) -> list[str]:
    """The engine's best object ids for `query` among public documents, without the database check of
    what is shown: for measuring relevance on a corpus that lives only in an index (bench/relevance)."""
    asked = _ask(user=None, query=query)
    if asked.scored is None:
        return []
    hits = asked.ranked(filters={}, limit=limit)
    return [index.stored(asked.searcher.doc(address), "object_id") for _score, address in hits]


def _object_ids(searcher: tantivy.Searcher, addresses: list) -> list[str]:
    """Object ids of many hits from the fast field; a document without one (an object whose key is not
    a number) is read from the store."""
    values = searcher.fast_field_values("pk", addresses)
    return [
        str(pk) if pk is not None else index.stored(searcher.doc(address), "object_id")
        for pk, address in zip(values, addresses, strict=True)
    ]


def _telling(searcher: tantivy.Searcher, parsed: ParsedQuery) -> list:
    """The clauses of the longest words that occur in few documents first."""
    from stadskennis.search.analysis import stem

    clauses = [c for c in parsed.clauses if len(c.words) == 1 and len(c.words[0]) > 3]
    unique = {c.words[0]: c for c in clauses}

    def frequency(c) -> int:
        return sum(searcher.doc_freq(f, stem(c.words[0])) for f in index.both_groups("body"))

    return sorted(unique.values(), key=lambda c: frequency(c) or 10**9)


def best_matches(
    *, user, query: str, depths: dict[str, int], about: Collection[str] = ()
) -> dict[str, list[tuple[str, float]]]:
    """Per module, its `depth` best matches for `query` as (object id, score), visible to `user`,
    ranked over every match. For modules that build on search (the expert finder): the same
    analysis, synonyms and visibility as the search page. Modules named in `about` match what
    documents are about (title, themes, organisations), not every word of their text."""
    found: dict[str, list[tuple[str, float]]] = {key: [] for key in depths}
    try:
        asked = _ask(user=user, query=query)
        about_asked = _ask(user=user, query=query, about_only=True) if about else None
    except index.IndexUnavailable:
        return found
    for key, depth in depths.items():
        chosen = about_asked if key in about else asked
        if chosen.scored is None:
            continue
        restricted = engine.restricted(chosen.scored, hidden=chosen.hidden, filters={}, module=key)
        result = chosen.searcher.search(restricted, depth, count=False)
        addresses = [address for _score, address in result.hits]
        ids = _object_ids(chosen.searcher, addresses)
        shown = still_visible(user, [(key, i) for i in ids])
        found[key] = [
            (object_id, float(score))
            for object_id, (score, _a) in zip(ids, result.hits, strict=True)
            if (key, object_id) in shown
        ]
    return found


def newest_on_themes(
    *, user, themes: Collection[str], modules: Collection[str], limit: int = 6
) -> list[SearchResult]:
    """The newest documents of `modules` on any of `themes` (theme slugs, the facet's values) that
    `user` may see, visibility applied inside the engine and checked against the database: for a page
    that lists what else is known on its themes (an indicator page lists knowledge and answers)."""
    themes, modules = list(themes)[:20], list(modules)[:10]
    searcher = _current_searcher() if themes and modules else None
    if searcher is None:
        return []

    def any_of(facet: str, values: list[str]) -> tantivy.Query:
        field = index.FACET_FIELDS[facet]
        return tantivy.Query.boolean_query([(engine.Occur.Should, engine._term(field, v)) for v in values])

    wanted = tantivy.Query.boolean_query(
        [(engine.Occur.Must, any_of("theme", themes)), (engine.Occur.Must, any_of("module", modules))]
    )
    try:
        query = engine.restricted(wanted, hidden=engine.hidden(searcher, asker_terms(user)), filters={})
        found = searcher.search(query, limit * 2, count=False, order_by_field="date")
    except (ValueError, RuntimeError):  # an index being replaced: the page shows no list, never a 500
        log.exception("newest_on_themes failed")
        return []
    docs = [searcher.doc(address) for _score, address in found.hits]
    shown = still_visible(user, [_origin(d) for d in docs])
    results = []
    for doc in docs:
        if _origin(doc) not in shown or len(results) >= limit:
            continue
        date = index.stored(doc, "date", None)
        results.append(
            SearchResult(
                id=index.stored(doc, "key"),
                kind=index.stored(doc, "kind"),
                kind_label=provider(index.stored(doc, "provider")).kind_label(index.stored(doc, "kind")),
                title=index.stored(doc, "title_text"),
                url=index.stored(doc, "url"),
                snippet=snippet(index.stored(doc, "text"), set(), window=25),
                score=0.0,
                date=date.date().isoformat() if isinstance(date, datetime) else None,
            )
        )
    return results
