"""The one Dutch analyser: the same terms go to the search index and into every query.

text → fold (lowercase, diacritics off: beïnvloeding = beinvloeding) → words → stop words out →
Snowball Dutch stem, with long vowels written single (woon/wonen/woning → won) → compound parts
(woonbeleid → won + beleid, stadsvernieuwing → stad + vernieuw) found against a Dutch word list.

Everything per word is cached: a corpus repeats its vocabulary, so indexing costs a dictionary
lookup per token after the first sighting of a word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import Stemmer

LEXICON_FILE = Path(__file__).parent / "data" / "lexicon-nl.txt"
_WORD = re.compile(r"[0-9a-z]+")
_DOUBLE_VOWEL = re.compile(r"(aa|ee|oo|uu)")
MIN_PART = 4  # the shortest word a compound part may be (kerk, stad, wijk, woon)
MAX_WORD = 60  # longer "words" (hashes, run-together junk) are not indexed: no Dutch word is this long
MAX_COMPOUND = 40  # splitting is quadratic in a word's length; real compounds are shorter
LINKING = ("s", "en", "e")  # Dutch linking sounds: stad-s-vernieuwing, kerk-en-raad

# Snowball's Dutch stop list.
STOPWORDS = frozenset(
    """aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens
    en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je
    kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook
    op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie wil
    worden wordt zal ze zelf zich zij zijn zo zonder zou""".split()
)
# Plurals Snowball cannot know.
IRREGULAR = {"steden": "stad", "stede": "stad", "schepen": "schip", "gelegenheden": "gelegenheid"}

_stemmer = Stemmer.Stemmer("dutch")
_conservative = Stemmer.Stemmer("dutch_porter")


def _snowball(word: str) -> str:
    """Snowball's Dutch stemmer, kept from over-stemming: where it takes a 'ge' that belongs to the
    word rather than to a participle (gezondheid → zon, gemeente → meen, but gewerkt → werk) or more
    than half of it (ministers → mini), the
    conservative Dutch Porter stem is used (gezond, gemeent, minister). Measured against Snowball,
    Porter and no stemming on the judged and known-item sets (docs/search.md)."""
    stemmed = _stemmer.stemWord(word)
    participle = word.endswith(("d", "t")) and not word.endswith("heid")  # gewerkt, geëvalueerd
    took_ge = word.startswith("ge") and not stemmed.startswith("ge") and not participle
    if took_ge or len(stemmed) * 2 < len(word):
        return _conservative.stemWord(word)
    return stemmed


_COMBINING = dict.fromkeys(range(0x300, 0x370))  # the combining diacritical marks


def fold(text: str) -> str:
    """Lowercase without diacritics: 'Beïnvloeding' → 'beinvloeding'."""
    text = text.lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_COMBINING)


_TOKEN = re.compile(r"[^\W_]+")  # letters and digits of any script


@lru_cache(maxsize=50_000)
def _folded_words(token: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(token)))


def words(text: str) -> list[str]:
    """Folded words: the same as `[0-9a-z]+` over fold(text), but only words with accents pay for
    Unicode normalisation (most Dutch words are plain ASCII). Runs of more than MAX_WORD letters are
    no words (hashes, junk, a hostile upload): they are dropped before any cache sees them."""
    text = text.lower()
    if text.isascii():
        return [w for w in _WORD.findall(text) if len(w) <= MAX_WORD]
    return [
        w
        for token in _TOKEN.findall(text)
        if len(token) <= MAX_WORD
        for w in ((token,) if token.isascii() else _folded_words(token))
    ]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball Dutch (guarded), then long vowels single, so that woon, wonen and woning meet in 'won'."""
    word = IRREGULAR.get(word, word)
    return _DOUBLE_VOWEL.sub(lambda m: m.group(0)[0], _snowball(word))


@cache
def lexicon_words() -> tuple[str, ...]:
    lines = LEXICON_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(sorted(line for line in lines if line and not line.startswith("#")))


@cache
def lexicon_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in lexicon_words() if len(w) >= MIN_PART and w not in STOPWORDS)


# Endings that make words, not compounds: ondernem-ingen is one word.
SUFFIXES = frozenset(
    {"ingen", "heden", "schap", "schappen", "lijk", "lijke", "baar", "bare", "achtig", "ische"}
)


def _known(part: str) -> bool:
    return (
        len(part) >= MIN_PART
        and part not in STOPWORDS
        and part not in SUFFIXES
        and len(stem(part)) >= 3
        and stem(part) in lexicon_stems()
    )


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The stems of the parts of a compound, or () when the word is not one we can split."""
    if len(word) > MAX_COMPOUND:
        return ()
    parts = _split(word)
    return tuple(stem(p) for p in parts) if parts and len(parts) > 1 else ()


@lru_cache(maxsize=100_000)  # the tails of one word repeat; with MAX_COMPOUND the work stays small
def _split(word: str, depth: int = 0) -> tuple[str, ...] | None:
    if depth > 3 or len(word) < 2 * MIN_PART:
        return None
    best: tuple[str, ...] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        heads = [head] + [head[: -len(link)] for link in LINKING if head.endswith(link)]
        head_part = next((h for h in heads if _known(h)), None)
        if head_part is None:
            continue
        tail_parts = (tail,) if _known(tail) else _split(tail, depth + 1)
        if tail_parts:
            candidate = (head_part, *tail_parts)
            # Fewest parts first; among equals the longest head (woningmarkt: woning + markt).
            if best is None or (len(candidate), -len(candidate[0])) < (len(best), -len(best[0])):
                best = candidate
    return best


@dataclass
class Analysed:
    terms: list[str] = field(default_factory=list)  # stems in text order, stop words out
    parts: list[str] = field(default_factory=list)  # compound parts, alternatives of lower weight
    words: list[str] = field(default_factory=list)  # the folded words themselves, for completion


WORD_CACHE_SIZE = 300_000  # distinct words whose analysis is kept (a corpus repeats its vocabulary)
_stems: dict[str, str] = {}  # word → stem, "" for a word that is not indexed (stop word, too long)
_parts: dict[str, tuple[str, ...]] = {}  # word → its compound parts, only for compounds


def _learn(word: str) -> None:
    if word in STOPWORDS or (len(word) == 1 and not word.isdigit()) or len(word) > MAX_WORD:
        _stems[word] = ""
        return
    _stems[word] = stem(word)
    parts = compound_parts(word)
    if parts:
        _parts[word] = parts


def analyse(text: str) -> Analysed:
    """Stems and compound parts of a text. Works per distinct word: each is looked up once per text
    and analysed once per process, the rest is list work in C."""
    tokens = words(text)
    new = set(tokens).difference(_stems)
    if len(_stems) + len(new) > WORD_CACHE_SIZE:  # bounded: start afresh rather than grow without end
        _stems.clear()
        _parts.clear()
        new = set(tokens)
    for word in new:
        _learn(word)
    stems, parts = _stems, _parts
    return Analysed(
        terms=[t for t in map(stems.get, tokens) if t],
        parts=[p for w in tokens if w in parts for p in parts.get(w, ())],
        words=tokens,
    )


VOCABULARY_FIELDS = ("title", "summary", "body")  # their words complete what people type


@dataclass
class AnalysedFields:
    """A document's fields as the index takes them: space-separated stems per field, the compound
    parts of all of them, and the distinct words for completion and spelling."""

    fields: dict[str, str]


def analyse_fields(sources: dict[str, str]) -> AnalysedFields:
    """Pure and picklable, so the indexer can run it in worker processes."""
    fields, parts, vocabulary = {}, [], set()
    for name, text in sources.items():
        if text:
            analysed = analyse(text)
            fields[name] = " ".join(analysed.terms)
            parts.extend(analysed.parts)
            if name in VOCABULARY_FIELDS:
                vocabulary.update(analysed.words)
    if parts:
        fields["parts"] = " ".join(parts)
    vocabulary = {w for w in vocabulary if 2 < len(w) <= MAX_WORD}
    if vocabulary:
        fields["words"] = " ".join(vocabulary)
    return AnalysedFields(fields)
