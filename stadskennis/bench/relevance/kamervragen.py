"""Relevance tests on real Dutch text: the Belgian Chamber's written questions of 2020 (kamervragen).

The corpus is ../shared/data/kamervragen-2020-nl.jsonl (data.dekamer.be, CC0): 6,059 lines of `source` and
`text`. Exact duplicates of a text are dropped, the first kept (863 lines repeat an earlier text; 1,392 lines
take part in a repeat), which leaves 5,196 questions, each known by the last segment of its source address.

Two query sets, one relevant question per query, for MRR@10 (mrr below):

known_items.jsonl  200 known-item queries of 3 to 8 words. Each names one question's subject in other words
                   or forms than the question uses: singular and plural, a compound and its parts
                   (ploegenarbeid → arbeid in ploegen), a verb and its noun (vaccineren → vaccinatie), a
                   synonym, a diminutive. They are written by hand (KNOWN below) after reading the question
                   and its telling words (`--show`); "how" names the transformation. build() holds every
                   query to these rules and fails otherwise:
                   - 3 to 8 words, and no run of three of its words appears in the question;
                   - at least one of its content words is not in the question in that form;
                   - no other question holds more than half of its content words in the same forms.
verbatim.jsonl     200 queries that copy a question's opening verbatim: the text up to the first '.', '?'
                   or '!' that ends a sentence (not a full stop in 1.000, after nr./art./bv. or after an
                   initial), cut after 25 words, at least 5 words; questions whose opening also occurs in
                   another question are skipped.

Which questions (deterministic, seed SEED): the deduplicated corpus is cut into 200 consecutive blocks, so
the picks spread over the whole file, and each block is shuffled with the seed. A question is eligible when
its subject is specific and its own:
- telling: at least three telling words among its first 40 words (a telling word is a content word, not a
  stop word or number, found in at most 2% of the questions: the rare words that name a subject);
- no near-duplicate: no other question shares a quarter or more of its content words (Jaccard);
- no question on the same subject: the cosine of its telling words (tf-idf) with every other question's
  stays below 0.2;
- not excluded by hand (EXCLUDE_WHY: questions that, on reading, share their subject with another one or
  are too generic to have one relevant answer).
The first eligible question of a shuffled block becomes a known item, the last eligible one (another
question) a verbatim query.

Regenerate the data (stdlib only; the file also runs on its own, without importing the package):

    python -m stadskennis.bench.relevance.kamervragen ../shared/data/kamervragen-2020-nl.jsonl
    python stadskennis/bench/relevance/kamervragen.py ../shared/data/kamervragen-2020-nl.jsonl --show

`--show` prints the picked questions, their telling words and closest other question, to write or review
KNOWN; build() names any picked question that has no query yet.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).parent
KNOWN_ITEMS_FILE = HERE / "known_items.jsonl"
VERBATIM_FILE = HERE / "verbatim.jsonl"

SEED = 2020
BLOCKS = 200
MAX_DF = 0.02  # a telling word is in at most 2% of the questions
MIN_TELLING = 3  # telling words a known-item question needs among its first OPENING words
OPENING = 40
NEAR_DUPLICATE = 0.25  # Jaccard of content words from which two questions count as near-duplicates
SAME_SUBJECT = 0.2  # cosine of telling words (tf-idf) from which two questions share a subject
VERBATIM_MAX_WORDS = 25
VERBATIM_MIN_WORDS = 5

_WORD = re.compile(r"[0-9a-z]+")
_COMBINING = dict.fromkeys(range(0x300, 0x370))
# Snowball's Dutch stop list, as the search analyser uses it.
STOPWORDS = frozenset(
    """aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens
    en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je
    kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook
    op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie wil
    worden wordt zal ze zelf zich zij zijn zo zonder zou""".split()
)


def fold(text: str) -> str:
    """Lowercase without diacritics: 'Armeniërs' → 'armeniers'."""
    return unicodedata.normalize("NFKD", text.lower()).translate(_COMBINING)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if len(w) >= 3 and w not in STOPWORDS and not w.isdigit()]


# --- corpus and metric ---------------------------------------------------------------------------------


def load_corpus(path) -> list[dict]:
    """The questions in file order, exact duplicate texts dropped (first kept): [{"key", "text"}]."""
    corpus, seen_texts, seen_keys = [], set(), Counter()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            if row["text"] in seen_texts:
                continue
            seen_texts.add(row["text"])
            key = row["source"].rstrip("/").rsplit("/", 1)[-1]
            seen_keys[key] += 1
            if seen_keys[key] > 1:
                key = f"{key}-{seen_keys[key]}"
            corpus.append({"key": key, "text": row["text"]})
    return corpus


def mrr(ranked_keys: list[str], relevant_key: str, k: int = 10) -> float:
    """Reciprocal rank of the relevant key within the top k, else 0."""
    for rank, key in enumerate(ranked_keys[:k], start=1):
        if key == relevant_key:
            return 1.0 / rank
    return 0.0


def _load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def load_known_items(path=None) -> list[dict]:
    return _load_jsonl(Path(path) if path else KNOWN_ITEMS_FILE)


def load_verbatim(path=None) -> list[dict]:
    return _load_jsonl(Path(path) if path else VERBATIM_FILE)


# --- statistics over the corpus ------------------------------------------------------------------------


class Stats:
    """Word sets, document frequencies and near-duplicate scores of a deduplicated corpus."""

    def __init__(self, corpus: list[dict]):
        self.corpus = corpus
        self.by_key = {doc["key"]: i for i, doc in enumerate(corpus)}
        self.words = [words(doc["text"]) for doc in corpus]
        self.sets = [set(ws) for ws in self.words]
        self.content = [set(content_words(doc["text"])) for doc in corpus]
        self.df = Counter(w for s in self.content for w in s)
        self.max_df = MAX_DF * len(corpus)
        self.folded = [" ".join(ws) for ws in self.words]
        self._near: list[float] | None = None
        self._vectors: list[dict[str, float]] | None = None
        self._postings: dict[str, list[int]] = {}

    def telling(self, word: str) -> bool:
        return word in self.df and self.df[word] <= self.max_df

    def telling_words(self, i: int, limit: int | None = None) -> list[str]:
        """A question's telling words, most telling first (count in the question × rarity)."""
        counts = Counter(w for w in content_words(self.corpus[i]["text"]) if self.telling(w))
        ranked = sorted(counts, key=lambda w: (-counts[w] / self.df[w], w))
        return ranked[:limit]

    def opening_telling(self, i: int) -> int:
        opening = [w for w in self.words[i][:OPENING] if w not in STOPWORDS and not w.isdigit()]
        return len({w for w in opening if len(w) >= 3 and self.telling(w)})

    def near_duplicate(self) -> list[float]:
        """For each question the highest Jaccard similarity of its content words with any other question."""
        if self._near is None:
            postings = defaultdict(list)
            for i, s in enumerate(self.content):
                for w in s:
                    if self.telling(w):
                        postings[w].append(i)
            near = []
            for i, s in enumerate(self.content):
                shared = Counter(j for w in s if self.telling(w) for j in postings[w] if j != i)
                best = 0.0
                for j, _ in shared.most_common(25):
                    best = max(best, len(s & self.content[j]) / len(s | self.content[j]))
                near.append(best)
            self._near = near
        return self._near

    def _telling_vectors(self) -> list[dict[str, float]]:
        if self._vectors is None:
            n = len(self.corpus)
            vectors = []
            for i, doc in enumerate(self.corpus):
                counts = Counter(w for w in content_words(doc["text"]) if self.telling(w))
                v = {w: (1 + math.log(c)) * math.log(n / self.df[w]) for w, c in counts.items()}
                norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
                vectors.append({w: x / norm for w, x in v.items()})
                for w in v:
                    self._postings.setdefault(w, []).append(i)
            self._vectors = vectors
        return self._vectors

    def same_subject(self, i: int) -> tuple[float, int]:
        """(cosine, index) of the question whose telling words are closest to question i's (tf-idf)."""
        vectors = self._telling_vectors()
        mine = vectors[i]
        shared = Counter(j for w in mine for j in self._postings[w] if j != i)
        best = (0.0, -1)
        for j, _ in shared.most_common(50):
            best = max(best, (sum(x * vectors[j].get(w, 0.0) for w, x in mine.items()), j))
        return best


# --- the two query sets -----------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.?!]")
# A full stop after these does not end the sentence: "koninklijk besluit nr. 3", "art. 21", "bv. de".
ABBREVIATIONS = frozenset("art bv blz dhr dr enz mevr nr nrs o.a prof resp st vb vs".split())


def _ends_sentence(text: str, i: int) -> bool:
    if text[i] != ".":
        return True
    if 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return False  # 1.000
    before = text[:i].rsplit(None, 1)[-1] if text[:i].strip() else ""
    before = before.lstrip("(\"'")
    if before.lower() in ABBREVIATIONS:
        return False
    return not (len(before) == 1 and before.isupper())  # an initial: A. Vogel


def opening_sentence(text: str) -> str | None:
    """The text up to the first '.', '?' or '!' that ends a sentence, at most 25 words; None when that is
    fewer than 5 words. Not an end: a full stop between digits (1.000), after an abbreviation (nr., art.)
    or after an initial (A. Vogel)."""
    text = " ".join(text.split())
    end = next(
        (m.start() for m in _SENTENCE_END.finditer(text) if _ends_sentence(text, m.start())), len(text)
    )
    tokens = text[:end].split()[:VERBATIM_MAX_WORDS]
    if len([t for t in tokens if _WORD.search(fold(t))]) < VERBATIM_MIN_WORDS:
        return None
    return " ".join(tokens).strip(" ,;:-")


def select(stats: Stats) -> tuple[list[int], list[int]]:
    """(known-item questions, verbatim questions), one of each per block, as corpus indices."""
    near = stats.near_duplicate()
    rng = random.Random(SEED)
    n = len(stats.corpus)
    known, verbatim = [], []
    for b in range(BLOCKS):
        block = list(range(b * n // BLOCKS, (b + 1) * n // BLOCKS))
        rng.shuffle(block)
        specific = [
            i
            for i in block
            if near[i] < NEAR_DUPLICATE
            and stats.opening_telling(i) >= MIN_TELLING
            and stats.same_subject(i)[0] < SAME_SUBJECT
        ]
        pick = next(i for i in specific if stats.corpus[i]["key"] not in EXCLUDE)
        known.append(pick)
        verbatim.append(next(i for i in reversed(specific) if i != pick and _verbatim_ok(stats, i)))
    return known, verbatim


def _verbatim_ok(stats: Stats, i: int) -> bool:
    sentence = opening_sentence(stats.corpus[i]["text"])
    if sentence is None:
        return False
    folded = " ".join(words(sentence))
    return sum(folded in text for text in stats.folded) == 1


def known_item_problems(stats: Stats, query: str, key: str) -> list[str]:
    """What keeps a known-item query from meeting the rules in the module's docstring."""
    problems = []
    i = stats.by_key.get(key)
    if i is None:
        return [f"unknown key {key}"]
    qwords = words(query)
    if not 3 <= len(query.split()) <= 8:
        problems.append(f"{len(query.split())} words")
    text = f" {stats.folded[i]} "
    for a in range(len(qwords) - 2):
        if f" {' '.join(qwords[a : a + 3])} " in text:
            problems.append(f"copies '{' '.join(qwords[a : a + 3])}'")
    content = set(content_words(query))
    if content <= stats.sets[i]:
        problems.append("every content word is in the question as it stands")
    for j, words_j in enumerate(stats.sets):
        if j != i and len(content & words_j) * 2 > len(content):
            problems.append(f"{stats.corpus[j]['key']} holds {sorted(content & words_j)}")
            break
    return problems


def build(corpus_path, out_dir=HERE) -> tuple[list[dict], list[dict]]:
    """Write known_items.jsonl and verbatim.jsonl to out_dir from the corpus; the same every run."""
    stats = Stats(load_corpus(corpus_path))
    known_idx, verbatim_idx = select(stats)
    table = {key: (query, how) for key, query, how in KNOWN}
    missing = [stats.corpus[i]["key"] for i in known_idx if stats.corpus[i]["key"] not in table]
    if missing:
        raise ValueError(f"no known-item query written for {missing}")
    known = []
    for i in known_idx:
        key = stats.corpus[i]["key"]
        query, how = table[key]
        problems = known_item_problems(stats, query, key)
        if problems:
            raise ValueError(f"{key} {query!r}: {problems}")
        known.append({"query": query, "key": key, "how": how})
    verbatim = [
        {"query": opening_sentence(stats.corpus[i]["text"]), "key": stats.corpus[i]["key"]}
        for i in verbatim_idx
    ]
    out = Path(out_dir)
    for name, rows in (("known_items.jsonl", known), ("verbatim.jsonl", verbatim)):
        with open(out / name, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return known, verbatim


def show(corpus_path) -> None:
    stats = Stats(load_corpus(corpus_path))
    known_idx, _ = select(stats)
    table = {key: (query, how) for key, query, how in KNOWN}
    for n, i in enumerate(known_idx):
        doc = stats.corpus[i]
        cosine, j = stats.same_subject(i)
        print(f"## {n} {doc['key']}  telling: {', '.join(stats.telling_words(i, 12))}")
        print(doc["text"][:700])
        print(f"-- closest ({cosine:.2f}) {stats.corpus[j]['key']}: {stats.corpus[j]['text'][:160]}")
        if doc["key"] in table:
            query = table[doc["key"]][0]
            print(f">> {query}  {known_item_problems(stats, query, doc['key'])}")
        print()


# Questions left out of the known items by hand: (key, why).
EXCLUDE_WHY: tuple[tuple[str, str], ...] = (
    (
        "55-B032-10-0027-2020202106286",
        "same subject (3% quotum for disabled staff) as 55-B011-4-0048-2019202001628",
    ),
    (
        "55-B029-8-0095-2020202105958",
        "same subject (release of terror convicts) as 55-B029-8-0006-2020202105337",
    ),
    (
        "55-B031-19-0010-2020202105655",
        "same subject (resettlement of refugees) as 55-B034-19-0078-2020202106610",
    ),
    ("55-B028-12-0683-2019202005170", "same subject (telework wellbeing) as 55-B028-12-0675-2019202005163"),
    (
        "55-B017-9-0407-2019202003006",
        "same subject (NMBS roadshow, transport plan) as 55-B017-9-0392-2019202002714",
    ),
    (
        "55-B019-2-0373-2019202002961",
        "same subject (late payment by FOD Justitie) as 55-B017-2-0383-2019202003050",
    ),
    (
        "55-B017-2-0383-2019202003050",
        "same subject (late payment by FOD Justitie) as 55-B019-2-0373-2019202002961",
    ),
    ("55-B014-12-0282-2019202002025", "same subject (sunbed controls) as 55-B014-12-0289-2019202002096"),
    ("55-B011-6-0251-2019202001511", "same subject (statelessness) as 55-B024-6-0803-2019202004363"),
    ("55-B011-6-0235-2019202001399", "generic subject (regularisation of undocumented workers)"),
    (
        "55-B029-13-0480-2019202005138",
        "same subject (extradition treaty with China) as 55-B017-2-0349-2019202000756",
    ),
    (
        "55-B026-3-0490-2019202004780",
        "follow-up of 55-B013-3-0179-2019202001839 (VAT carousels, green power)",
    ),
    (
        "55-B025-12-0578-2019202004313",
        "same subject (foreign takeovers in strategic sectors) as 55-B024-12-0546-2019202004080",
    ),
    (
        "55-B024-12-0528-2019202004023",
        "same subject (material and social deprivation) as 55-B025-12-0586-2019202004426",
    ),
    ("55-B022-13-0390-2019202003978", "same subject (Avrox masks) as 55-B022-13-0378-2019202003833"),
    (
        "55-B018-5-0551-2019202003423",
        "same subject (psychosocial load of the police) as 55-B028-5-0717-2019202004635",
    ),
    (
        "55-B022-2-0490-2019202003663",
        "same subject (early release of prisoners in the pandemic) as 55-B022-2-0497-2019202003674",
    ),
    ("55-B018-6-0562-2019202003063", "generic subject (shortage of nurses)"),
    (
        "55-B020-12-0440-2019202003174",
        "same subject (postal ombudsman, parcels) as 55-B020-11-0158-2019202003173",
    ),
    (
        "55-B017-10-0179-2019202003130",
        "same subject (imported food with banned pesticides) as 55-B015-10-0151-2019202002418",
    ),
    (
        "55-B015-10-0151-2019202002418",
        "same subject (imported food with banned pesticides) as 55-B017-10-0179-2019202003130",
    ),
    (
        "55-B020-6-0587-2019202003269",
        "same subject (unused visas in the pandemic) as 55-B025-6-0806-2019202004366",
    ),
    ("55-B018-11-0168-2019202003326", "same subject (5G roll-out) as 55-B024-11-0228-2019202004178"),
    (
        "55-B021-5-0577-2019202003507",
        "same subject (funding of the rescue zones) as 55-B021-5-0569-2019202003499",
    ),
    ("55-B022-5-0605-2019202003752", "generic subject (exports during the pandemic)"),
    ("55-B017-12-0359-2019202002721", "generic subject (temporary unemployment)"),
    ("55-B016-5-0430-2019202002616", "generic subject (statistics of sexual violence)"),
    (
        "55-B016-9-0379-2019202002578",
        "same subject (Vias driving-behaviour studies) as 55-B021-9-0451-2019202003671",
    ),
    (
        "55-B014-7-0037-2019202002489",
        "standard question to every minister (cabinet travel), as 55-B029-20-0015-2020202106617",
    ),
    (
        "55-B014-12-0310-2019202002368",
        "same subject (reintegration of the long-term sick) as 55-B013-12-0259-2019202001943",
    ),
    ("55-B015-5-0400-2019202002346", "generic subject (staff shortage of the federal police)"),
    (
        "55-B015-5-0378-2019202002279",
        "follow-up of an earlier question on bodycams (55-B024-5-0660-2019202004217)",
    ),
    ("55-B014-9-0297-2019202002123", "generic subject (violence against train staff)"),
    (
        "55-B011-12-0229-2019202001751",
        "same subject (DKV drops partner hospitals) as 55-B015-12-0338-2019202002556",
    ),
    (
        "55-B012-3-0154-2019202001621",
        "same subject (Court of Audit on tax-data exchange) as 55-B015-3-0246-2019202002412",
    ),
    ("55-B012-2-0220-2019202001563", "same subject (EMCDDA annual report) as 55-B012-6-0239-2019202001408"),
    (
        "55-B012-6-0277-2019202001551",
        "same subject (community health centres) as 55-B029-6-0950-2019202004797",
    ),
    ("55-B025-5-0685-2019202004315", "generic subject (suicide statistics)"),
    (
        "55-B019-12-0434-2019202003089",
        "same subject (Brussels Airlines in the crisis) as 55-B021-9-0436-2019202003459",
    ),
    ("55-B017-2-0352-2019202002707", "same subject (sworn translators) as 55-B014-2-0305-2019202002137"),
    ("55-B015-7-0056-2019202002640", "same subject (miners' pensions) as 55-B015-7-0059-2019202002643"),
    ("55-B015-13-0215-2019202002267", "generic subject (Brexit negotiations)"),
    (
        "55-B012-12-0210-2019202001532",
        "same subject (year-end bonus of temporary workers) as 55-B016-5-0432-2019202002654",
    ),
    (
        "55-B021-3-0357-2019202003479",
        "no rewording passes the overlap rule (QR-code payment, also in 55-B030-5-0077-2020202106075)",
    ),
    ("55-B019-13-0291-2019202003052", "generic subject (China's responsibility for the pandemic)"),
    (
        "55-B021-13-0343-2019202003455",
        "same subject (Israeli annexation plans) as 55-B021-13-0345-2019202003460",
    ),
)
EXCLUDE = frozenset(key for key, _ in EXCLUDE_WHY)

# The known-item queries: (question key, query, how it differs from the question's wording).
KNOWN: tuple[tuple[str, str, str], ...] = (
    (
        "55-B033-6-0300-2020202107128",
        "inspectie van ingevoerde dieren in zeebrugge na brexit",
        "invoer → ingevoerde (noun → participle); grensinspectiepost → inspectie (compound part)",
    ),
    (
        "55--4-0226-2020202105887",
        "containertekort bedreigt transportbedrijven",
        "tekort aan containers → containertekort (joined); dreigen → bedreigt",
    ),
    (
        "55-B034-11-0072-2020202106912",
        "mpcc militaire planningscapaciteit eu",
        "Military Planning and Conduct Capability → militaire planningscapaciteit (translated, joined)",
    ),
    (
        "55-B034-13-0141-2020202106894",
        "burgerlijke staat weduwe of gescheiden niet meer vermelden",
        "vermelding → vermelden (noun → verb)",
    ),
    (
        "55--5-0130-2020202106843",
        "philip lane waarschuwt voor krappe kredietverlening",
        "bezorgd → waarschuwt (synonym); krediet / leningen → kredietverlening (joined)",
    ),
    (
        "55--6-0250-2020202106817",
        "ptss en depressie na covidinfectie",
        "depressies → depressie (plural → singular); infectie → covidinfectie (joined)",
    ),
    (
        "55-B034-10-0051-2020202106796",
        "besteding federaal coronageld door ocmw's",
        "COVID-middelen / coronafonds → coronageld (synonym); besteed → besteding (verb → noun)",
    ),
    (
        "55-B034-2-0108-2020202106773",
        "gemeentekas van hoei en sluiting van tihange",
        "gemeentefinanciën / gemeentebegroting → gemeentekas (synonym)",
    ),
    (
        "55-B034-6-0244-2020202106774",
        "nieuwe coronavariant ontdekt in siberië",
        "stam → coronavariant (synonym, joined); opgedoken → ontdekt (synonym)",
    ),
    (
        "55-B034-3-0123-2020202106716",
        "technische storing bij afgifte van visums",
        "technische problemen → storing (synonym); uitreiken van visa → afgifte van visums",
    ),
    (
        "55-B034-10-0045-2020202106709",
        "ondertekening van contracten door blinden",
        "ondertekenen → ondertekening (verb → noun)",
    ),
    (
        "55-B030-11-0065-2020202106668",
        "vertraagde bouw van mijnenjagers en fregatten",
        "mijnenbestrijdingsvaartuigen → mijnenjagers (synonym); vertraging → vertraagde (noun → participle)",
    ),
    (
        "55-B034-9-0050-2020202106664",
        "winkelen op afspraak in niet-essentiële winkels",
        "verkoop op afspraak → winkelen op afspraak (synonym, verb); handelszaken → winkels",
    ),
    (
        "55-B032-6-0213-2020202106612",
        "wereldtoiletdag en toegang tot openbaar toilet",
        "openbare toiletten → openbaar toilet (plural → singular)",
    ),
    (
        "55-B034-4-0178-2020202106598",
        "overdekte spoorsleuf archiefstraat bosvoorde",
        "overdekte sleuf → spoorsleuf (joined); Watermaal-Bosvoorde → bosvoorde",
    ),
    (
        "55-B034-13-0111-2020202106540",
        "vlag hijsen aan brandweerkazerne",
        "vlaggen → vlag, brandweerkazernes → brandweerkazerne (plural → singular); gehesen → hijsen",
    ),
    (
        "55-B030-11-0049-2020202106448",
        "ruimtecommandocentrum van de navo",
        "NATO Space Command Center → ruimtecommandocentrum van de navo (translated, joined)",
    ),
    (
        "55-B032-11-0053-2020202106505",
        "update lanceersysteem mk41 voor fregatten",
        "lanceerinrichting → lanceersysteem (synonym compound)",
    ),
    (
        "55-B034-13-0108-2020202106474",
        "normen voor beveiligde onthaalruimte in politiekantoren",
        "onthaalruimten → onthaalruimte (plural → singular); politiegebouwen → politiekantoren (synonym)",
    ),
    (
        "55-B029-20-0011-2020202106372",
        "brochure met tien geboden voor wie wil bouwen",
        "10 → tien; kandidaat-bouwer → wie wil bouwen (noun → verb)",
    ),
    (
        "55-B033-8-0139-2020202106408",
        "geweigerde wijziging van voornaam familierechtbank",
        "voornaamswijziging → wijziging van voornaam (split); weigering → geweigerde",
    ),
    (
        "55-B034-4-0157-2020202106363",
        "verdwijning fietspunt uit station van lier",
        "verdwijnen → verdwijning (verb → noun)",
    ),
    (
        "55-B034-6-0175-2020202106411",
        "annemans en dagcijfers over ontslagen coronapatiënten",
        "dagoverzicht → dagcijfers; met corona besmette patiënten → coronapatiënten; verlaten → ontslagen",
    ),
    (
        "55-B032-2-0064-2020202106352",
        "onbetaalbare premies hospitalisatieverzekering voor ouderen",
        "onbetaalbaar → onbetaalbare (inflection); verzekeringspremies → premies; oudere mensen → ouderen",
    ),
    (
        "55-B032-6-0167-2020202106313",
        "hoeveel coris-sneltests terugbetaald",
        "Coris-testen → coris-sneltests (synonym, plural variant); terugbetaalde → terugbetaald",
    ),
    (
        "55-B030-2-0062-2020202106279",
        "knelpunten collectieve schuldregeling volgens armoedenetwerk",
        "schuldenregeling → schuldregeling (linking form); Netwerk Armoedebestrijding → armoedenetwerk",
    ),
    (
        "55-B032-4-0115-2020202106230",
        "drukte op zaventem tijdens allerheiligenweekend",
        "Brussels Airport → zaventem; druk → drukte; weekend van Allerheiligen → allerheiligenweekend",
    ),
    (
        "55-B032-4-0136-2020202106266",
        "zelden coronabesmetting op trein volgens uitp",
        "kans op besmetting miniem → zelden coronabesmetting (paraphrase, joined)",
    ),
    (
        "55-B032-19-0051-2020202106217",
        "oostenrijks platform tegen mensensmokkel in wenen",
        "mensensmokkelaars → mensensmokkel; Oostenrijk → oostenrijks",
    ),
    (
        "55-B032-3-0074-2020202106224",
        "rol van de gewesten in economische diplomatie",
        "regio's / deelstaten → gewesten (synonym)",
    ),
    (
        "55-B032-6-0159-2020202106212",
        "strategische voorraden medische producten opslaan en beheren",
        "reserves → voorraden (synonym); gestockeerd → opslaan (synonym); beheerd → beheren",
    ),
    (
        "55-B032-3-0025-2020202106110",
        "geïntimideerde journalist en mediageletterdheid",
        "journalisten → journalist (plural → singular); geïntimideerd → geïntimideerde (inflection)",
    ),
    (
        "55-B031-5-0080-2020202106086",
        "luxemburg stort accijnsontvangsten terug aan belgië",
        "ontvangsten uit accijnzen → accijnsontvangsten (joined); teruggave → stort terug (noun → verb)",
    ),
    (
        "55-B032-17-0013-2020202106044",
        "cookies verzamelen surfgedrag in strijd met avg",
        "browsegegevens / surfen → surfgedrag (synonym, joined)",
    ),
    (
        "55-B032-6-0139-2020202106098",
        "hoeveel kunstenaarskaarten aangevraagd via artist@work",
        "kunstenaarskaart → kunstenaarskaarten (singular → plural); aanvragen → aangevraagd (participle)",
    ),
    (
        "55-B031-12-0009-2020202106020",
        "frans plan tegen bladluizen op suikerbieten",
        "bieten → suikerbieten (synonym); Franse → frans",
    ),
    (
        "55-B031-4-0080-2020202105986",
        "genderkloof bij het fietsgebruik",
        "verschil tussen mannen en vrouwen / kloof → genderkloof (joined)",
    ),
    (
        "55-B031-6-0110-2020202105982",
        "een tekenbeet melden op tekennet",
        "tekenbeten → tekenbeet (plural → singular)",
    ),
    (
        "55-B031-8-0106-2020202106010",
        "advocatenkaart als sleutel tot justitieplatformen",
        "platformen binnen justitie → justitieplatformen (joined); toegang → sleutel",
    ),
    (
        "55-B030-8-0087-2020202105936",
        "kostprijs digitaal afschrift strafdossier",
        "copy → afschrift (synonym); strafdossiers → strafdossier (plural → singular)",
    ),
    (
        "55-B031-19-0041-2020202105846",
        "gezinshereniging met afhankelijke familieleden van unieburgers",
        "afhankelijk → afhankelijke; Unieburger → unieburgers (singular → plural)",
    ),
    (
        "55-B031-5-0060-2020202105853",
        "bewaarloon op spaargeld bij binckbank",
        "bewaarrente / strafrente → bewaarloon (synonym)",
    ),
    (
        "55-B030-2-0030-2020202105811",
        "sociaal tarief bij warmtenet in appartementsgebouw",
        "warmtenetten → warmtenet, appartementsgebouwen → appartementsgebouw (plural → singular)",
    ),
    (
        "55-B031-19-0033-2020202105830",
        "raadpleging politiedatabank door dienst vreemdelingenzaken",
        "raadpleegde → raadpleging (verb → noun); politiedatabanken → politiedatabank",
    ),
    (
        "55-B031-6-0084-2020202105790",
        "meldsysteem patiëntveiligheid ziekenhuismedewerkers",
        "meld- en leersysteem → meldsysteem (joined)",
    ),
    (
        "55-B030-8-0045-2020202105662",
        "coronaplan voor gevangenissen bij tweede golf",
        "plan bij een tweede golf van het coronavirus → coronaplan (joined)",
    ),
    (
        "55-B031-10-0015-2020202105732",
        "digitale ongelijkheid in wallonië",
        "Walen / Waalse → wallonië (inhabitants → region)",
    ),
    (
        "55-B031-19-0011-2020202105759",
        "kindbruiden in de asielprocedure",
        "kindhuwelijken / getrouwde minderjarigen → kindbruiden (synonym)",
    ),
    (
        "55-B031-6-0048-2020202105674",
        "griep of corona moeilijk te onderscheiden",
        "uit elkaar houden → onderscheiden (synonym); COVID-19 / SARS-CoV-2 → corona",
    ),
    (
        "55-B031-8-0052-2020202105723",
        "verijdelde terreuraanslag en gevluchte daders",
        "verhinderd / voorkomen → verijdelde (synonym); terreuraanslagen → terreuraanslag",
    ),
    (
        "55-B029-4-0040-2020202105616",
        "spoorwerken brussel luxemburg tijdschema",
        "werken op de lijn → spoorwerken (joined)",
    ),
    (
        "55-B030-4-0028-2020202105566",
        "warning box aan spoorwegovergangen",
        "spoorwegoverwegen → spoorwegovergangen (synonym)",
    ),
    (
        "55-B030-5-0041-2020202105590",
        "btw op notariskosten bij veiling van beroepspand",
        "openbare verkoop → veiling (synonym); diensten van de notaris → notariskosten (joined)",
    ),
    (
        "55-B030-6-0038-2020202105637",
        "hitteplan en oversterfte tijdens coronazomer",
        "hitte- en ozonplan → hitteplan; zomer + COVID-19 → coronazomer (joined)",
    ),
    (
        "55-B029-4-0012-2020202105487",
        "wie vertegenwoordigt de staat op aandeelhoudersvergadering nmbs",
        "algemene vergadering → aandeelhoudersvergadering (joined); vertegenwoordiger → vertegenwoordigt",
    ),
    (
        "55-B030-11-0016-2020202105493",
        "falcon te klein voor delegatie naar libanon",
        "te groot om vervoerd te worden → te klein (paraphrase)",
    ),
    (
        "55-B030-4-0018-2020202105495",
        "seniorenticket pas geldig na negen uur",
        "Senior Ticket → seniorenticket (joined); 9 uur → negen uur",
    ),
    (
        "55-B030-6-0017-2020202105510",
        "co2-meters tegen coronaverspreiding in zalen",
        "verspreiding van het coronavirus → coronaverspreiding (joined); meten → meters",
    ),
    (
        "55-B029-11-0002-2020202105375",
        "bouwwerken in florennes voor mq-9b drone",
        "werken → bouwwerken (synonym, joined); drones → drone (plural → singular)",
    ),
    (
        "55-B029-8-0018-2020202105418",
        "quotum voor snelheidsboetes door parketten",
        "snelheidsovertredingen / verkeersboetes → snelheidsboetes (joined)",
    ),
    (
        "55-B030-8-0012-2020202105357",
        "controle op rijverboden via mercurius",
        "rijverbod → rijverboden (singular → plural); Mercuriusdatabank → mercurius (compound part)",
    ),
    (
        "55-B029-12-0713-2019202005317",
        "uitgestelde zomersolden en alleen winkelen",
        "verschuiven → uitgestelde (synonym); shoppen → winkelen (synonym)",
    ),
    (
        "55-B029-11-0285-2019202005250",
        "account van overleden dochter op facebook verwijderen",
        "Facebookaccount → account op facebook (split); overlijden → overleden",
    ),
    (
        "55-B029-9-0651-2019202005266",
        "ontbrekend stuk fietsroute bij station doornik",
        "laatste stukje fietspad → ontbrekend stuk fietsroute (diminutive → plain; synonym)",
    ),
    (
        "55-B029-3-0543-2019202005210",
        "ing zet geld opzij voor slechte leningen",
        "voorzieningen voor niet terugbetaalde leningen → slechte leningen (paraphrase)",
    ),
    (
        "55-B029-12-0684-2019202005171",
        "horecafederaties willen uitzondering op vakantiegeld",
        "jaarlijkse vakantie → vakantiegeld (synonym); de horecasector schrappen → uitzondering",
    ),
    (
        "55-B028-12-0662-2019202005088",
        "thuiskopievergoeding op usb-sticks en smartphones",
        "thuiskopieën + vergoeding → thuiskopievergoeding (joined)",
    ),
    (
        "55-B029-13-0473-2019202005063",
        "inconsistente kleurcodes voor reisbestemmingen",
        "inconsistenties → inconsistente; buitenlandse bestemmingen → reisbestemmingen (joined)",
    ),
    (
        "55-B028-13-0468-2019202005034",
        "opleidingsmissie resolute support in afghanistan",
        "missie voor opleiding → opleidingsmissie (joined)",
    ),
    (
        "55-B029-4-0115-2019202005008",
        "archivering van belgische websites door kbr",
        "bewaren / bewaring → archivering (synonym); Koninklijke Bibliotheek → kbr (abbreviation)",
    ),
    ("55-B029-2-0636-2019202004969", "kapotte fontein op de kunstberg", "werkt niet → kapotte (paraphrase)"),
    (
        "55-B028-2-0630-2019202004918",
        "toekomst van het leegstaande gevangenisgebouw in dendermonde",
        "leegstand / leeg komen te staan → leegstaande (noun → adjective)",
    ),
    (
        "55-B029-6-1002-2019202004928",
        "complicaties na maagverkleining",
        "vermageringsoperaties / gastric bypass → maagverkleining (synonym)",
    ),
    (
        "55-B025-6-0978-2019202004861",
        "ontwikkelingskost corona-app devside",
        "kostprijs voor de ontwikkeling → ontwikkelingskost (joined)",
    ),
    (
        "55-B029-10-0258-2019202004831",
        "wetenschappelijk comité beoordeelt noodtoelatingen pesticiden",
        "afwijkingen → noodtoelatingen; gewasbeschermingsmiddelen → pesticiden (synonyms)",
    ),
    (
        "55-B029-6-0951-2019202004798",
        "nazorg na obesitaschirurgie verschilt per ziekenhuis",
        "bariatrische chirurgie → obesitaschirurgie (synonym, joined); follow-up → nazorg",
    ),
    (
        "55-B027-6-0935-2019202004779",
        "naar de kinesist zonder doorverwijzing",
        "kinesitherapeut → kinesist (short form); voorschrift / verwezen → doorverwijzing",
    ),
    (
        "55-B028-6-0915-2019202004744",
        "bloedwaarden pfas en ddt bij tieners",
        "perfluorverbindingen → pfas (synonym); jongeren → tieners (synonym); bloed → bloedwaarden",
    ),
    (
        "55-B027-9-0565-2019202004717",
        "spitstreinen voor scholieren",
        "piekuurtreinen → spitstreinen (synonym compound)",
    ),
    (
        "55-B025-6-0877-2019202004683",
        "inspectie van tatoeëerders en piercingshops",
        "tattooshops → tatoeëerders (synonym); piercings → piercingshops; geïnspecteerd → inspectie",
    ),
    (
        "55-B028-5-0719-2019202004654",
        "luchthavenpolitie en verbod op niet-essentiële reis",
        "reizen → reis (plural → singular); verboden → verbod (participle → noun)",
    ),
    (
        "55-B029-6-0891-2019202004705",
        "meldpunt voor artsenfouten",
        "registratiepunt → meldpunt (synonym); medische fouten → artsenfouten (joined)",
    ),
    (
        "55-B027-6-0861-2019202004639",
        "ontbrekend kb over toelatingsquota geneeskunde",
        "ontbreken → ontbrekend; toelatingsexamens / quota → toelatingsquota (joined)",
    ),
    (
        "55-B027-12-0599-2019202004583",
        "horecapersoneel vervangen door jobstudenten",
        "werknemers in de horeca → horecapersoneel (joined); studenten → jobstudenten (synonym)",
    ),
    (
        "55-B025-6-0840-2019202004557",
        "uitkeringen voor podiumtechnici",
        "uitkering → uitkeringen (singular → plural); technici → podiumtechnici (joined)",
    ),
    (
        "55-B026-12-0594-2019202004532",
        "handelaar rekent toeslag bij kredietkaartbetaling",
        "extra kosten → toeslag (synonym); betalen met de kredietkaart → kredietkaartbetaling (joined)",
    ),
    (
        "55-B029-13-0430-2019202004508",
        "arrestatie egyptische activiste sanaa seif",
        "aanhouding → arrestatie (synonym); mensenrechtenactiviste → activiste (compound part)",
    ),
    (
        "55-B024-11-0239-2019202004472",
        "risicoleveranciers uit 5g-netwerk weren",
        "high-risk vendors → risicoleveranciers (translated, joined)",
    ),
    (
        "55-B025-5-0703-2019202004448",
        "besmette bemanning tanker in antwerpse haven",
        "besmet → besmette; haven van Antwerpen → antwerpse haven",
    ),
    (
        "55-B025-3-0450-2019202004442",
        "epi betaalsysteem van europese banken",
        "European Payment Initiative → epi; betalingssysteem → betaalsysteem (synonym compound)",
    ),
    (
        "55-B025-13-0415-2019202004396",
        "defensie koopt 243 zware mitrailleurs",
        "machinegeweren → mitrailleurs (synonym); aankoop → koopt (noun → verb)",
    ),
    (
        "55-B025-9-0542-2019202004397",
        "huurkorting winkeliers zuidstation",
        "huurgelden → huurkorting; handelaars → winkeliers (synonym)",
    ),
    (
        "55-B025-6-0802-2019202004362",
        "bezetting van noodcentra bij fedasil",
        "bezettingsgraad → bezetting (compound part)",
    ),
    (
        "55-B025-12-0579-2019202004316",
        "omzetverlies van niet-voedingszaken volgens nsz",
        "omzetdaling → omzetverlies (synonym)",
    ),
    (
        "55-B024-1-0062-2019202004292",
        "taalfouten op gedenkplaat congo elsene",
        "herdenkingsbord → gedenkplaat (synonym)",
    ),
    (
        "55-B023-8-0100-2019202004255",
        "oproep 700 prominenten voor klimaatpact",
        "pact voor klimaat en werk → klimaatpact (joined)",
    ),
    (
        "55-B024-11-0230-2019202004225",
        "eurostat: belgië derde duurste telecomland",
        "op twee na duurste → derde duurste (paraphrase); land wat telecom betreft → telecomland (joined)",
    ),
    (
        "55-B024-6-0772-2019202004220",
        "raming extra zorguitgaven door covid",
        "gezondheidszorguitgaven → zorguitgaven (synonym compound)",
    ),
    (
        "55-B024-2-0548-2019202004185",
        "archief van de afgeschafte militaire rechtbanken",
        "opgeheven militaire gerechten → afgeschafte militaire rechtbanken (synonyms); archieven → archief",
    ),
    (
        "55-B024-13-0402-2019202004162",
        "vliegkosten f-35 en f-16 vergeleken",
        "kostprijs per vlieguur → vliegkosten (synonym, joined)",
    ),
    (
        "55-B024-6-0748-2019202004120",
        "hersenletsel bij overleden covidpatiënten",
        "hersenletsels → hersenletsel (plural → singular); overleden COVID-19-patiënten → covidpatiënten",
    ),
    (
        "55-B024-13-0399-2019202004081",
        "militairen omscholen naar burgerberoep",
        "omgeschoolde / om te scholen → omscholen; andere beroepsdomeinen → burgerberoep",
    ),
    (
        "55-B024-9-0499-2019202004045",
        "rondetafel over heropstart luchtvaart zaventem",
        "rondetafelconferentie → rondetafel; hernemen → heropstart; Brussels Airport → zaventem",
    ),
    (
        "55-B023-11-0221-2019202004032",
        "bankautomaten aangepast voor blinden en rolstoelgebruikers",
        "geldautomaten → bankautomaten (synonym); beperkte mobiliteit → rolstoelgebruikers",
    ),
    (
        "55-B024-12-0526-2019202004003",
        "cursusnotities verkopen als bijverdienste",
        "samenvattingen → cursusnotities (synonym); bijverdienen → bijverdienste (verb → noun)",
    ),
    (
        "55-B024-2-0530-2019202004000",
        "ieperse ondernemingsrechtbank verhuist naar kortrijk",
        "verhuis → verhuist (noun → verb)",
    ),
    (
        "55-B022-1-0058-2019202003954",
        "verdeelsleutel eu-coronageld uit cohesiefonds",
        "coronasteun → coronageld (synonym)",
    ),
    (
        "55-B022-2-0526-2019202003931",
        "belgen in russische trainingskampen van extreemrechts",
        "extreemrechtse → extreemrechts (adjective → noun)",
    ),
    (
        "55-B022-12-0514-2019202003910",
        "bouwplannen niet online door auteursrecht architect",
        "gepubliceerd → online; auteursrechtelijke → auteursrecht",
    ),
    (
        "55-B023-11-0213-2019202003862",
        "coronapatiënt zelden gebeld door contactopsporing",
        "contactonderzoek → contactopsporing (synonym); gecontacteerd → gebeld",
    ),
    (
        "55-B023-5-0614-2019202003841",
        "bewapende agenten en schietopleiding",
        "bewapend → bewapende; opleidingsmodule om met een wapen te leren omgaan → schietopleiding",
    ),
    (
        "55-B023-7-0072-2019202003834",
        "kostprijs mypension en pensioenberekening",
        "berekening van de pensioenen → pensioenberekening (joined); prijskaartje → kostprijs (synonym)",
    ),
    ("55-B022-12-0507-2019202003791", "groene verzekeringskaart wordt wit", "witte kleur → wit"),
    (
        "55-B023-2-0509-2019202003780",
        "beslagverbod voor gerechtsdeurwaarders",
        "beslagen niet langer uitgevoerd → beslagverbod (joined)",
    ),
    (
        "55-B022-9-0463-2019202003743",
        "nieuwe reeks nummerplaten met cijfer 2",
        "nummerplaten beginnend met '2' → reeks met cijfer 2",
    ),
    (
        "55-B022-5-0602-2019202003728",
        "haatberichten over verdronken migranten",
        "uitlatingen van racisme en haat → haatberichten; levenloze lichamen / schipbreuk → verdronken",
    ),
    (
        "55-B022-12-0497-2019202003677",
        "belgische aanvraag voor sure-lening",
        "aangevraagd → aanvraag (verb → noun); België → belgische",
    ),
    (
        "55-B022-2-0487-2019202003650",
        "gelijkstelling samenwoners en gehuwden volgens ombudsman",
        "wettelijke samenwoning → samenwoners; huwelijk → gehuwden",
    ),
    (
        "55-B022-8-0074-2019202003630",
        "stroomprijs onder nul door windenergie",
        "stroomprijzen → stroomprijs (plural → singular)",
    ),
    (
        "55-B020-11-0192-2019202003595",
        "opsporen van symptoomloze dragers op de werkvloer",
        "asymptomatische → symptoomloze (synonym); opgespoord → opsporen",
    ),
    (
        "55-B022-5-0583-2019202003564",
        "uitgestelde staatsbezoeken en prinselijke missies door corona",
        "heragendering → uitgestelde (paraphrase); coronacrisis → corona",
    ),
    (
        "55-B021-12-0473-2019202003545",
        "ontslagpremies voor ex-arbeiders van clabecq",
        "ontslagvergoeding → ontslagpremies (synonym, plural); staalarbeiders → arbeiders",
    ),
    (
        "55-B021-10-0188-2019202003493",
        "ozonvorming door uv-c-luchtreinigers",
        "productie van ozon → ozonvorming; de lucht zuiveren → luchtreinigers (verb → noun)",
    ),
    (
        "55-B020-2-0462-2019202003467",
        "gedetineerde moeders met hun baby in de cel",
        "moeder → moeders (singular → plural); kind → baby",
    ),
    (
        "55-B018-5-0547-2019202003419",
        "nepsites over corona die persoonsgegevens stelen",
        "frauduleuze websites / phishingwebsites → nepsites (synonym); verzamelen → stelen",
    ),
    (
        "55-B019-5-0558-2019202003430",
        "onderbemande spoorwegpolitie in provincie luxemburg",
        "personeelsinkrimping → onderbemande; SPC → spoorwegpolitie",
    ),
    (
        "55-B018-5-0542-2019202003414",
        "onschendbaarheid woonst en politie in coronatijd",
        "woning → woonst (synonym); crisistijd → coronatijd",
    ),
    (
        "55-B020-9-0431-2019202003391",
        "campagne met turnkampioene tegen gsm in de auto",
        "wereldkampioene turnen → turnkampioene (joined); wagen → auto (synonym)",
    ),
    (
        "55-B019-2-0443-2019202003322",
        "handelsonderzoek en bemiddeling voor bedrijven in nood",
        "handelsonderzoeken → handelsonderzoek; bemiddelingen → bemiddeling (plural → singular)",
    ),
    (
        "55-B020-11-0165-2019202003290",
        "gratis hergebruik van overheidsdata",
        "opendatabeleid → gratis hergebruik (paraphrase)",
    ),
    (
        "55-B020-12-0447-2019202003268",
        "nace-code van bloemist onduidelijk",
        "NACE-activiteitencodes → nace-code; bloemisten → bloemist (plural → singular)",
    ),
    (
        "55-B019-3-0336-2019202003252",
        "wereldpact voor vluchtelingen en belgische toezeggingen",
        "Global Compact on Refugees → wereldpact voor vluchtelingen (translated); pledges → toezeggingen",
    ),
    (
        "55-B020-6-0583-2019202003249",
        "zelftests en chinese kruidengeneeskunde toelaten",
        "thuistestkits → zelftests (synonym); traditionele Chinese medicijnen → kruidengeneeskunde",
    ),
    (
        "55-B020-13-0306-2019202003188",
        "nieuwe afrikastrategie: migratiepartnerschap",
        "partnerschap rond migratie → migratiepartnerschap (joined)",
    ),
    (
        "55-B018-11-0154-2019202003144",
        "pakjestoeslag voor bedrijven",
        "toeslag per pakje → pakjestoeslag (joined)",
    ),
    (
        "55-B020-6-0574-2019202003134",
        "kunnen huisdieren corona overdragen",
        "overdracht → overdragen (noun → verb); coronavirus → corona",
    ),
    (
        "55-B018-11-0149-2019202003103",
        "trage website bpost voor verzendlabels",
        "extreem traag → trage; labels voor verzendingen → verzendlabels (joined)",
    ),
    (
        "55-B019-8-0068-2019202003102",
        "ombudsman energie en ongewenste leverancierswissel",
        "leverancierswissels → leverancierswissel; Ombudsdienst voor Energie → ombudsman energie",
    ),
    (
        "55-B018-11-0148-2019202003054",
        "bpost vraagt vrijstelling van wegcode",
        "vrijgesteld → vrijstelling (participle → noun)",
    ),
    (
        "55-B019-5-0478-2019202003012",
        "brevet voor leider commandopost operaties",
        "directeur → leider (synonym); bekwaamheidsattest → brevet",
    ),
    (
        "55-B019-3-0317-2019202002996",
        "wereldbank financiert nog fossiele projecten",
        "investeringen in fossiele brandstoffen → financiert fossiele projecten (noun → verb)",
    ),
    (
        "55-B018-5-0473-2019202002978",
        "agenten slaan betoogsters op vrouwendag",
        "politieagenten → agenten; betogers → betoogsters; geslagen → slaan",
    ),
    ("55-B019-2-0365-2019202002943", "amnesty-enquête over verkrachting", "rondvraag → enquête (synonym)"),
    (
        "55-B018-12-0401-2019202002904",
        "onderbetaalde buschauffeurs van flixbus",
        "chauffeurs → buschauffeurs (joined); onderbetaald → onderbetaalde",
    ),
    (
        "55-B018-6-0538-2019202002893",
        "foute riziv-lijsten bij verdeling mondmaskers",
        "lijsten ... fouten → foute lijsten (noun → adjective); verdeeld → verdeling",
    ),
    (
        "55-B018-6-0529-2019202002852",
        "jaarlijks infuus tegen osteoporose terugbetaald",
        "Aclasta, één maal per jaar → jaarlijks infuus (paraphrase); terugbetaling → terugbetaald",
    ),
    (
        "55-B018-12-0379-2019202002830",
        "textielarbeiders in azië en afgelaste kledingbestellingen",
        "arbeiders → textielarbeiders; minder bestellingen → afgelaste kledingbestellingen (joined)",
    ),
    (
        "55-B017-13-0259-2019202002799",
        "contramobiliteitsproject in georgië",
        "counter mobility → contramobiliteit (translated, joined with project)",
    ),
    (
        "55-B018-9-0395-2019202002765",
        "snelheidsverhoging op lijn 50a met etcs",
        "snelheid verhogen → snelheidsverhoging (verb → noun, joined)",
    ),
    (
        "55-B017-3-0291-2019202002754",
        "trage inning administratieve geldboetes waso",
        "innen → inning (verb → noun); lange periode → trage",
    ),
    (
        "55-B017-12-0354-2019202002688",
        "ifapme-lesgevers zomers werkloos",
        "opleiders → lesgevers (synonym); in juli en augustus → zomers",
    ),
    (
        "55-B017-3-0286-2019202002703",
        "digitale aanvraag alimentatievoorschot davo",
        "onlineaanvragen → digitale aanvraag; alimentatievorderingen → alimentatievoorschot",
    ),
    (
        "55-B017-13-0240-2019202002646",
        "marokkaanse wet laat verkrachter met slachtoffer trouwen",
        "verkrachters → verkrachter (plural → singular)",
    ),
    (
        "55-B015-7-0052-2019202002634",
        "deeltijdse loopbaanonderbreking voor 1996 niet gelijkgesteld",
        "gedeeltelijke → deeltijdse (synonym); gelijkstelling → gelijkgesteld (noun → participle)",
    ),
    (
        "55-B016-3-0275-2019202002598",
        "aanvraag erkenning giftenaftrek podiumkunsten",
        "erkenningsaanvraag → aanvraag erkenning (split); belastingvermindering voor giften → giftenaftrek",
    ),
    (
        "55-B016-2-0338-2019202002571",
        "ontsnapte gedetineerden sekkaki en baghat",
        "gevangenen → gedetineerden (synonym)",
    ),
    (
        "55-B016-9-0373-2019202002546",
        "kostprijs koninklijke trein naar luxemburg",
        "chartertrein voor koning Filip en koningin Mathilde → koninklijke trein",
    ),
    (
        "55-B016-9-0367-2019202002531",
        "vertraagde spitstrein doornik brussel",
        "te laat → vertraagde; trein om 7.28 uur → spitstrein",
    ),
    (
        "55-B016-3-0251-2019202002486",
        "twaalf procent btw op tractorbanden",
        "12 % → twaalf procent; banden voor tractoren → tractorbanden (joined)",
    ),
    (
        "55-B016-12-0320-2019202002445",
        "kinderarbeid door vloggende tieners",
        "vloggers → vloggende (noun → participle); arbeidsrelatie → kinderarbeid",
    ),
    (
        "55-B015-11-0106-2019202002421",
        "lez-regel voor bedrijfsvoertuigen van proximus",
        "lage-emissiezones → lez-regel (singular); wagens van werknemers → bedrijfsvoertuigen",
    ),
    (
        "55-B015-6-0467-2019202002438",
        "ms-zorgeenheden voor multiplesclerosepatiënten",
        "MS-care units → ms-zorgeenheden (translated); MS-patiënten → multiplesclerosepatiënten (spelt out)",
    ),
    (
        "55-B015-12-0307-2019202002365",
        "handi2park en misbruik gehandicaptenparking",
        "parking voor personen met een beperking → gehandicaptenparking (joined)",
    ),
    (
        "55-B015-3-0241-2019202002373",
        "kapitaalvermindering pro rata berekenen",
        "berekening → berekenen (noun → verb)",
    ),
    (
        "55-B015-13-0230-2019202002325",
        "noord-koreaanse kritiek op belgische verklaring",
        "uithalen → kritiek (synonym)",
    ),
    (
        "55-B015-3-0233-2019202002273",
        "ingebrekestelling voor btw op digitale krant",
        "kranten → krant (plural → singular); in gebreke gesteld → ingebrekestelling",
    ),
    (
        "55-B015-5-0382-2019202002287",
        "dienstwagens van de kazerne in brasschaat",
        "dienstvoertuigen → dienstwagens (synonym); eenheid → kazerne",
    ),
    (
        "55-B015-3-0232-2019202002253",
        "verplichte e-facturatie naar italiaans model",
        "facturen digitaal versturen → e-facturatie (joined); Italië → italiaans",
    ),
    (
        "55-B014-9-0306-2019202002203",
        "treinbotsing aan liefkenshoektunnel",
        "gebotst → treinbotsing (verb → noun); Liefkenshoekspoortunnel → liefkenshoektunnel",
    ),
    (
        "55-B014-6-0413-2019202002180",
        "verpleegkundige mag bloedproef afnemen bij dronken bestuurder",
        "bloedafname → bloedproef (synonym); te hoog promillage → dronken",
    ),
    (
        "55-B014-11-0096-2019202001384",
        "valse postzegels onderschept door douane",
        "namaakpostzegels → valse postzegels (split, synonym); in beslag genomen → onderschept",
    ),
    (
        "55-B014-9-0299-2019202002157",
        "eersteklasreizigers bij de nmbs",
        "eersteklasabonnementen / eersteklastickets → eersteklasreizigers",
    ),
    (
        "55-B014-5-0366-2019202002115",
        "handelsmissies met journalisten",
        "economische missies / zendingen → handelsmissies (synonym)",
    ),
    (
        "55-B014-3-0213-2019202002086",
        "belasting op vat bier per pintje",
        "glazen bier → pintje (synonym, singular)",
    ),
    (
        "55-B013-11-0092-2019202002023",
        "overstapprocedure easy switch weinig gebruikt",
        "Easy Switch procedure / switchen → overstapprocedure (joined, synonym)",
    ),
    (
        "55-B014-7-0032-2019202002032",
        "mediaan pensioenreserve profsporters",
        "betaalde sportbeoefenaars → profsporters (synonym, joined); mediaanbedrag → mediaan",
    ),
    (
        "55-B013-12-0269-2019202001975",
        "oplichting met nepkredieten",
        "frauduleuze kredietaanbiedingen → nepkredieten (joined)",
    ),
    (
        "55-B014-12-0272-2019202001980",
        "namaak verkocht via valse webwinkels",
        "frauduleuze webshops → valse webwinkels (synonyms)",
    ),
    (
        "55-B013-6-0377-2019202001964",
        "psa-bloedtest laten terugbetalen",
        "PSA-test → psa-bloedtest; terugbetaling → terugbetalen (noun → verb)",
    ),
    (
        "55-B012-13-0191-2019202001900",
        "barsten in chassis van lynx-voertuigen",
        "scheurtjes → barsten (diminutive → synonym)",
    ),
    (
        "55-B013-6-0356-2019202001905",
        "houdbaarheidsdata en voedselverspilling",
        "houdbaarheidsdatum → houdbaarheidsdata (singular → plural)",
    ),
    (
        "55-B013-6-0336-2019202001868",
        "immuuntherapie en car-t-cellen terugbetaald",
        "immunotherapie → immuuntherapie (spelling); celtherapie → cellen",
    ),
    (
        "55-B013-12-0240-2019202001820",
        "jobhoppers en bedrijfsgrootte",
        "jobhoppen → jobhoppers (verb → agent noun); grootte van een bedrijf → bedrijfsgrootte (joined)",
    ),
    (
        "55-B013-6-0331-2019202001843",
        "verplichte oordoppen op fuiven",
        "oordopjes → oordoppen (diminutive → plain); verplichten → verplichte",
    ),
    (
        "55-B011-13-0173-2019202001781",
        "dalende paraatheid f16-vloot",
        "gedaald → dalende (participle → adjective); F-16's → f16-vloot",
    ),
    (
        "55-B013-2-0240-2019202001733",
        "artsen veroordeeld voor overtreding abortuswet",
        "geneesheren → artsen (synonym); abortuswetgeving → abortuswet; overtreden → overtreding",
    ),
    (
        "55-B011-6-0313-2019202001705",
        "valse berichten over asielcentrum bilzen",
        "fake news → valse berichten (translated)",
    ),
    (
        "55-B012-9-0256-2019202001717",
        "tweede spoortoegang ekeren ondertunnelen",
        "ondertunneling → ondertunnelen (noun → verb)",
    ),
    (
        "55-B012-13-0159-2019202001648",
        "hotelkosten c-130-crew bij tussenstops",
        "kostprijs van het verblijf → hotelkosten; stops → tussenstops",
    ),
    (
        "55-B012-10-0101-2019202001636",
        "wilde zwijnen en de verkoop van wildvlees",
        "everzwijnen → wilde zwijnen (synonym); wildbraad → wildvlees",
    ),
    (
        "55-B010-11-0075-2019202001595",
        "vlamingen kopen meer online dan walen",
        "Vlaamse consumenten → vlamingen; online kopen → kopen online",
    ),
    (
        "55-B012-9-0242-2019202001598",
        "opvang van machinisten na spoorzelfmoord",
        "treinbestuurders → machinisten (synonym); zelfdoding op het spoor → spoorzelfmoord (joined)",
    ),
    (
        "55-B012-2-0219-2019202001562",
        "verloning van preventieadviseurs in gevangenissen",
        "wedde → verloning (synonym)",
    ),
    (
        "55-B010-11-0069-2019202001516",
        "codeeropleidingen van molengeek",
        "programmeeropleidingen → codeeropleidingen (synonym)",
    ),
    ("55-B011-2-0216-2019202001515", "aankoop amerikaans theater expo 58", "kopen → aankoop (verb → noun)"),
    (
        "55-B011-1-0021-2019202001436",
        "dieselgatecommissie en haar aanbevelingen",
        "onderzoekscommissie Dieselgate → dieselgatecommissie (joined)",
    ),
    (
        "55-B011-13-0154-2019202001480",
        "herinrichting terrein defensiehoofdkwartier evere",
        "hoofdkwartier van Defensie → defensiehoofdkwartier (joined)",
    ),
    (
        "55-B009-13-0123-2019202001159",
        "wazige satellietfoto's van militaire sites",
        "satellietbeelden → satellietfoto's (synonym); installaties → sites",
    ),
    (
        "55-B012-13-0115-2019202000750",
        "kanaal van rode zee naar dode zee",
        "pijpleidingsysteem → kanaal (synonym)",
    ),
    (
        "55-B009-9-0220-2019202001397",
        "chiptuning van auto's",
        "herprogrammeren / reflashen → chiptuning (synonym); wagen → auto",
    ),
)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="kamervragen-2020-nl.jsonl")
    parser.add_argument("--out", default=str(HERE), help="where to write the two .jsonl files")
    parser.add_argument("--show", action="store_true", help="print the picked questions, write nothing")
    args = parser.parse_args(argv)
    if args.show:
        show(args.corpus)
        return
    known, verbatim = build(args.corpus, args.out)
    print(f"{len(known)} known items, {len(verbatim)} verbatim queries written to {args.out}")


if __name__ == "__main__":
    main()
