"""What a person typed, parsed into clauses the engine compiles (engine.Compiler).

Any input is accepted: quotes, operators, brackets and stars that do not form our small syntax are
ignored, never passed on. The syntax: words (each counts, none is required), "a phrase" and +word
(required), -word and -"a phrase" (excluded), word* for a prefix; as you type, the last word is a
prefix too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stadskennis.search.analysis import STOPWORDS, compound_parts, stem, words

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 24  # a question's content words; an opening sentence pasted in has about 15
_TOKEN = re.compile(r'([-+]?)"([^"]*)"|([-+]?)([^\s"]+)')
OPERATORS = {"and", "or", "not", "near"}


@dataclass
class Clause:
    words: list[str]  # folded words; more than one makes a phrase
    excluded: bool = False
    prefix: bool = False
    strict: bool = False  # a quoted phrase or a +word: required


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)
    truncated: bool = False

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.excluded]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.excluded]

    def stems(self) -> set[str]:
        """Every stem a matching document may contain, for highlighting."""
        result = set()
        for clause in self.positive:
            for word in clause.words:
                result.add(stem(word))
                result.update(compound_parts(word))
        return result


def parse(text: str, *, as_you_type: bool = False) -> ParsedQuery:
    parsed = ParsedQuery(truncated=len(text) > MAX_QUERY_CHARS)
    text = text[:MAX_QUERY_CHARS]
    if text.count('"') % 2:  # an unbalanced quote means nothing
        text = text.replace('"', " ")
    previous = ""
    for match in _TOKEN.finditer(text):
        minus_phrase, phrase, minus_word, word = match.groups()
        if minus_word == "-" and _elliptical(previous):
            minus_word = ""  # "ziektepreventie en -bestrijding": a part of a compound, not an exclusion
        previous = match.group(0)
        if phrase is not None:
            found = words(phrase)
            if found:
                excluded = minus_phrase == "-"
                parsed.clauses.append(Clause(found, excluded=excluded, strict=not excluded))
            continue
        prefix = word.endswith("*")
        for found in words(word):
            if found in OPERATORS and word.isupper():
                continue
            parsed.clauses.append(
                Clause([found], excluded=minus_word == "-", prefix=prefix, strict=minus_word == "+")
            )
    parsed.clauses = [
        c for c in parsed.clauses if c.excluded or c.strict or len(c.words) > 1 or c.words[0] not in STOPWORDS
    ]
    parsed.clauses = parsed.clauses[:MAX_CLAUSES]
    if (
        as_you_type
        and parsed.clauses
        and text
        and not text[-1].isspace()
        and len(parsed.clauses[-1].words) == 1
    ):
        parsed.clauses[-1].prefix = True
    return parsed


def _elliptical(previous: str) -> bool:
    """Dutch writes shared compound parts with a dash: 'preventie en -bestrijding', 'personeel,
    -materiaal'. After 'en', 'of', 'tot' or a comma, a dash starts such a part."""
    return previous.lower() in {"en", "of", "tot", "and", "or"} or previous.endswith(",")


def synonym_map(groups: list[list[str]]) -> dict[str, list[list[str]]]:
    """'ocmw' → [['sociaal', 'huis']], 'sociaal huis' → [['ocmw']] from editor-managed groups."""
    mapping: dict[str, list[list[str]]] = {}
    for group in groups:
        folded = [words(term) for term in group]
        folded = [f for f in folded if f]
        for entry in folded:
            key = " ".join(w for w in entry if w not in STOPWORDS)
            mapping.setdefault(key, []).extend(other for other in folded if other != entry)
    return mapping


def join_synonym_phrases(clauses: list[Clause], synonyms: dict[str, list[list[str]]]) -> list[Clause]:
    """Consecutive words that form a multi-word synonym ('sociaal huis') become one clause."""
    result, i = [], 0
    while i < len(clauses):
        joined = False
        for n in range(min(5, len(clauses) - i), 1, -1):
            window = clauses[i : i + n]
            if all(len(c.words) == 1 and not c.excluded for c in window):
                key = " ".join(c.words[0] for c in window)
                if key in synonyms:
                    result.append(Clause([c.words[0] for c in window]))
                    i += n
                    joined = True
                    break
        if not joined:
            result.append(clauses[i])
            i += 1
    return result
