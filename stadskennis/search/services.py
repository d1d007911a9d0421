"""The search service every page, feed and the API call."""

from __future__ import annotations

import difflib
from collections.abc import Collection

from django.utils.translation import gettext as _

from stadskennis.search import engine
from stadskennis.search.analysis import STOPWORDS, lexicon_words, words
from stadskennis.search.highlight import snippet
from stadskennis.search.index import provider_token
from stadskennis.search.models import SearchDocument, Synonym
from stadskennis.search.query import MAX_QUERY_CHARS, Any, Term, parse, synonym_map, tree
from stadskennis.search.registry import SearchResponse, SearchResult, provider

FACETS = ("kind", "theme", "organisation", "year", "outcome")
SORTS = ("relevance", "date")


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


def _terms(query: str, *, as_you_type: bool = False, any_word: bool = False):
    """The parsed query and its required and excluded terms, synonyms expanded."""
    parsed = parse(query, as_you_type=as_you_type)
    required, excluded = tree(parsed, synonyms())
    if any_word and len(required) > 1:  # a question in plain words: match any, rank by how many
        required = [Any(tuple(required))]
    return parsed, required, excluded


def _matched(*, user, query: str, filters: dict, as_you_type: bool, any_word: bool = False):
    parsed, required, excluded = _terms(query, as_you_type=as_you_type, any_word=any_word)
    if not required:
        return parsed, None, None, None
    be = engine.backend()
    expression = be.compile(required, excluded)
    base = engine.apply_filters(engine.visible_documents(user), filters)
    matched = base.filter(id__in=be.matching_ids(expression))
    return parsed, be, expression, matched


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
    any_word: bool = False,
) -> SearchResponse:
    filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
    page = max(1, page)
    response = SearchResponse(query=query, page=page, per_page=per_page)
    parsed, be, expression, matched = _matched(
        user=user, query=query, filters=filters, as_you_type=as_you_type, any_word=any_word
    )
    if parsed.truncated:
        response.message = _("Your search was shortened to its first %(n)d characters.") % {
            "n": MAX_QUERY_CHARS
        }
    if matched is None:
        if query.strip():
            response.message = _("Type one or more words to search for.")
        return response
    if sort == "date":
        hits, order_by = matched, ("-date", "-id")
    else:  # the ranking join matches by itself: no second evaluation through `matched`
        base = engine.apply_filters(engine.visible_documents(user), filters)
        hits, order_by = be.ranked(base, expression), ("-score", "-date", "-id")
    response.total, facets, page_rows = engine.evaluate(
        hits, with_facets=with_facets, order_by=order_by, offset=(page - 1) * per_page, limit=per_page
    )
    if with_facets:
        response.facets = facets
    documents = SearchDocument.objects.in_bulk([pk for pk, _score in page_rows])
    stems = parsed.stems()
    for pk, score in page_rows:
        doc = documents.get(pk)
        if doc is None:  # removed between the two reads
            continue
        response.results.append(
            SearchResult(
                id=f"{doc.provider}:{doc.object_id}",
                kind=doc.kind,
                kind_label=provider(doc.provider).kind_label(doc.kind),
                title=doc.title,
                url=doc.url,
                snippet=snippet(doc.text or doc.title, stems),
                score=round(score, 4),
                date=doc.date.date().isoformat(),
            )
        )
    if response.total == 0 and not filters:
        response.suggestion = suggest(user=user, query=query)
    return response


def suggest(*, user, query: str) -> str:
    """'Bedoelde u …': each unknown word replaced by the closest known one, if that finds something."""
    vocabulary = lexicon_words()
    changed, out = False, []
    for word in words(query)[:6]:
        if word in STOPWORDS or len(word) < 4:
            out.append(word)
            continue
        candidates = [w for w in vocabulary if w[:1] == word[:1] and abs(len(w) - len(word)) <= 2]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        if close and close[0] != word and not _finds(user, word):
            out.append(close[0])
            changed = True
        else:
            out.append(word)
    suggestion = " ".join(out)
    if changed and _finds(user, suggestion):
        return suggestion
    return ""


def _finds(user, query: str) -> bool:
    _parsed, _be, _expression, matched = _matched(user=user, query=query, filters={}, as_you_type=False)
    return matched is not None and matched.exists()


def all_documents_for_export(*, user, query: str, filters: dict, sort: str, limit: int = 10_000):
    """Every matching document (up to `limit`) for a CSV or JSON Lines export."""
    parsed, be, expression, matched = _matched(user=user, query=query, filters=filters, as_you_type=False)
    if matched is None:
        return SearchDocument.objects.none()
    rows = (
        matched.order_by("-date", "-id")
        if sort == "date"
        else be.ranked(matched, expression).order_by("-score", "-id")
    )
    return rows[:limit]


def similar_object_ids(*, user, provider_key: str, obj, limit: int = 10) -> list[str]:
    """Objects whose text reads most like this one: its most telling title and summary terms, any of them."""
    from stadskennis.search.models import SearchDocument as Doc

    doc = Doc.objects.filter(key=f"{provider_key}:{obj.pk}").values("title_terms", "body_terms").first()
    if not doc:
        return []
    title_terms = doc["title_terms"].split()
    body_terms = doc["body_terms"].split()[:60]
    terms = list(dict.fromkeys(t for t in title_terms + body_terms if len(t) > 3))[:12]
    if not terms:
        return []
    from stadskennis.search.query import Any, Term

    be = engine.backend()
    expression = be.compile([Any(tuple(Term(t) for t in terms))], [])
    matched = engine.visible_documents(user).filter(provider=provider_key).exclude(object_id=str(obj.pk))
    rows = be.ranked(matched, expression).order_by("-score").values_list("object_id", flat=True)[:limit]
    return list(rows)


def best_matches(
    *,
    user,
    query: str,
    depths: dict[str, int],
    about: Collection[str] = (),
    any_word: bool = False,
    window: int = 500,
) -> dict[str, list[tuple[str, float]]]:
    """Per provider, its `depth` best matches for `query` as (object id, score), visible to `user`.

    For modules that build on search (the expert finder): the same analysis, synonyms and visibility
    as the search page, without facets or snippets; the query is analysed once for all providers.
    `any_word` matches documents with any of the words, best first, for questions asked in plain
    language. Providers named in `about` match what documents are about (title, themes,
    organisations) rather than every word of their text. Only the `window` most recently indexed
    matches of each provider are ranked: bounded work for a common word (exact whenever fewer
    match), favouring what was recently written or changed.
    """
    _parsed, required, excluded = _terms(query, any_word=any_word)
    if not required:
        return {key: [] for key in depths}
    be = engine.backend()
    visible = engine.where_visible(user)
    found = {}
    for key, depth in depths.items():
        expression = be.compile([*required, Term(provider_token(key))], excluded, title_only=key in about)
        found[key] = be.recent_ranked(
            visible, key, expression, about=key in about, window=window, limit=depth
        )
    return found
