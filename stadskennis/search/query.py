"""From what a person types to a full-text query both databases understand.

Any input is accepted: quotes, operators, brackets and stars that do not form our small syntax are
ignored, never passed on. The syntax: words (all must match), "a phrase", -exclude, word* for a
prefix; as you type, the last word is a prefix too. Each word also matches its compound parts,
its synonyms and, for a prefix, the words of the lexicon that start with it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from stadskennis.search.analysis import STOPWORDS, compound_parts, lexicon_words, stem, words

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 12
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
OPERATORS = {"and", "or", "not", "near"}


@dataclass
class Clause:
    words: list[str]  # folded words; more than one makes a phrase
    excluded: bool = False
    prefix: bool = False


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
    for match in _TOKEN.finditer(text):
        minus_phrase, phrase, minus_word, word = match.groups()
        if phrase is not None:
            found = words(phrase)
            if found:
                parsed.clauses.append(Clause(found, excluded=bool(minus_phrase)))
            continue
        prefix = word.endswith("*")
        for found in words(word):
            if found in OPERATORS and word.isupper():
                continue
            parsed.clauses.append(Clause([found], excluded=bool(minus_word), prefix=prefix))
    parsed.clauses = [
        c for c in parsed.clauses if c.excluded or len(c.words) > 1 or c.words[0] not in STOPWORDS
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


def lexicon_completions(prefix: str, limit: int = 8) -> list[str]:
    """Words of the lexicon that start with `prefix` (wonin → woning, woningen, …)."""
    vocabulary = lexicon_words()
    start = bisect.bisect_left(vocabulary, prefix)
    result = []
    for word in vocabulary[start : start + 200]:
        if not word.startswith(prefix):
            break
        result.append(word)
    return result[:limit]


# --- The expression tree both compilers walk -------------------------------------------------


@dataclass(frozen=True)
class Term:
    stem: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    stems: tuple[str, ...]


@dataclass(frozen=True)
class All:
    items: tuple


@dataclass(frozen=True)
class Any:
    items: tuple


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


def expand(clause: Clause, synonyms: dict[str, list[list[str]]]) -> object | None:
    """One clause → the alternatives that satisfy it."""
    if len(clause.words) > 1:
        stems = tuple(stem(w) for w in clause.words if w not in STOPWORDS)
        alternatives = [Phrase(stems) if len(stems) > 1 else Term(stems[0])] if stems else []
    else:
        word = clause.words[0]
        alternatives = [Term(stem(word))]
        parts = compound_parts(word)
        if parts:
            alternatives.append(All(tuple(Term(p) for p in parts)))
        if clause.prefix and len(word) >= 2:
            alternatives.append(Term(stem(word), prefix=True))
            alternatives.extend(Term(stem(w)) for w in lexicon_completions(word))
    key = " ".join(w for w in clause.words if w not in STOPWORDS)
    for synonym in synonyms.get(key, []):
        stems = tuple(stem(w) for w in synonym if w not in STOPWORDS)
        if len(stems) == 1:
            alternatives.append(Term(stems[0]))
        elif stems:
            alternatives.append(Phrase(stems))
    alternatives = list(_unique(alternatives))
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else Any(tuple(alternatives))


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


def tree(parsed: ParsedQuery, synonyms: dict[str, list[list[str]]]) -> tuple[list, list]:
    positive = join_synonym_phrases(parsed.positive, synonyms)
    required = [node for c in positive if (node := expand(c, synonyms)) is not None]
    excluded = [node for c in parsed.negative if (node := expand(c, synonyms)) is not None]
    return required, excluded


# --- Compilers --------------------------------------------------------------------------------


def to_fts5(required: list, excluded: list, *, title_only: bool = False) -> str:
    """FTS5 syntax; `title_only` for the small index of what documents are about (migration 0003)."""
    phrase_columns = "{title_terms}" if title_only else "{title_terms body_terms}"

    def node(n) -> str:
        if isinstance(n, Term):
            return f'"{n.stem}"' + ("*" if n.prefix else "")
        if isinstance(n, Phrase):
            return phrase_columns + ' : "' + " ".join(n.stems) + '"'
        joiner = " AND " if isinstance(n, All) else " OR "
        return "(" + joiner.join(node(i) for i in n.items) + ")"

    expression = " AND ".join(node(n) for n in required)
    for n in excluded:
        expression += " NOT " + node(n)
    return expression


def to_tsquery(required: list, excluded: list, *, title_only: bool = False) -> str:
    """tsquery syntax; `title_only` changes nothing here: the about_vector holds only those fields."""

    def node(n) -> str:
        if isinstance(n, Term):
            return f"'{n.stem}'" + (":*" if n.prefix else "")
        if isinstance(n, Phrase):
            return "(" + " <-> ".join(f"'{s}':AB" for s in n.stems) + ")"
        joiner = " & " if isinstance(n, All) else " | "
        return "(" + joiner.join(node(i) for i in n.items) + ")"

    parts = [node(n) for n in required] + ["!" + node(n) for n in excluded]
    return " & ".join(parts)
