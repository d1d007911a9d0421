"""The search index on disk: an embedded Tantivy index in a folder, derived from the database.

Layout under `settings.SEARCH_INDEX_DIR`:

    current                 the name of the folder in use (replaced atomically by a rebuild)
    <name>/                 Tantivy's files, plus stadskennis.json: schema version, outbox position

Documents arrive pre-analysed by our Dutch analyser (stems separated by spaces, read by Tantivy's
whitespace tokenizer), so the index and the query meet on the same terms. Only the indexer writes;
web processes open a reader lazily (after a fork) and follow commits and swaps without a restart.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import tantivy
from django.conf import settings

from stadskennis.search.analysis import AnalysedFields, analyse_fields
from stadskennis.search.registry import Document, SearchProvider

# Raise when the schema or the analysis changes: an index of another version is rebuilt.
SCHEMA_VERSION = 8  # 5: counting columns of one value per document; a hashed key (uid); 6: statistics
# groups; 7: visibility terms "staff" (what centre staff see) and "group:<id>" (a named group's); 8: one
# audience term on every document ("nobody" when it has lost its audience), so that visibility can
# leave out what the asker may not see (core.visibility.hidden_terms)
META_FILE = "stadskennis.json"
POINTER_FILE = "current"
MAX_TEXT = 200_000  # characters of a document's text that are analysed
MAX_ATTACHMENT_TEXT = 100_000
STORED_TEXT = 4_000  # characters kept for snippets (highlight.SCAN_CHARS)

# Weighted text fields: title and summary above the body, the body above attachment text.
TEXT_FIELDS = ("title", "summary", "about", "body", "attachment")

# Ranking statistics per group of modules (decision 0018). BM25 weighs a word by the share of
# documents that hold it and by its field's average length, over the documents of the field. The
# Kennisbank writes its text to the plain fields; every other module to the same fields with
# OTHER_SUFFIX. So a few short documents of another module (the events of an agenda, a plan's
# elements) never move the ranking of the Kennisbank, as an index per type keeps its own statistics
# in Elasticsearch; the engine asks both fields of each word (a document has only one of the two).
KENNISBANK = "kennisbank"
OTHER_SUFFIX = "_o"
SCORED_FIELDS = (*TEXT_FIELDS, "parts")


def group_field(name: str, group: str) -> str:
    """The field a text field of a document of statistics group `group` is written to."""
    return name if group == KENNISBANK or name not in SCORED_FIELDS else name + OTHER_SUFFIX


def both_groups(name: str) -> tuple[str, str]:
    return name, name + OTHER_SUFFIX


FACET_FIELDS = {
    "kind": "f_kind",
    "theme": "f_theme",
    "organisation": "f_organisation",
    "year": "f_year",
    "outcome": "f_outcome",
    "module": "f_module",
}

# Counting columns. The engine counts a column of exactly one value per document some thirty times
# faster than a column of several values (1.2 against 38 ms over 1,000,000 documents), so what is
# counted is kept that way as well: the kind with its module in one value ("knowledge␟study"), and
# each facet a document has several values of in SLOTS columns of one value each (its first, second,
# … value, or "" when it has fewer) plus one column for the rest, joined by SEPARATOR.
SLOTTED = ("theme", "organisation")
SLOTS = 4
SEPARATOR = "\x1f"
KIND_COLUMN = "c_kind"


def slot_columns(facet: str) -> list[str]:
    """The counting columns of a facet a document has several values of; the last holds the rest."""
    return [f"c_{facet}_{n}" for n in range(SLOTS)] + [f"c_{facet}_more"]


COUNTING_COLUMNS = [KIND_COLUMN, *(column for facet in SLOTTED for column in slot_columns(facet))]


STORED_ONLY = ("title_text", "url", "text", "kind", "provider", "object_id")


class IndexUnavailable(Exception):
    """There is no usable index (yet): it is being built."""


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        for field_name in both_groups(name):
            builder.add_text_field(field_name, tokenizer_name="whitespace")
    # compound parts and unstemmed words: matched as alternatives, never as phrases
    for field_name in both_groups("parts"):
        builder.add_text_field(field_name, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("words", tokenizer_name="whitespace", index_option="basic")
    builder.add_text_field("visibility", tokenizer_name="raw", index_option="basic")
    for name in [*FACET_FIELDS.values(), *COUNTING_COLUMNS]:
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    # the key as a number: the rescoring of search results asks for a few documents by it
    builder.add_unsigned_field("uid", indexed=True, fast=True)
    builder.add_date_field("date", stored=True, fast=True, indexed=False)
    # the object's primary key, read for many hits at once without touching the document store
    builder.add_unsigned_field("pk", fast=True)
    # Shown, never searched: stored as UTF-8 bytes, because Tantivy indexes every text field, and a
    # snippet's 4,000 characters as one raw term cost more than half of all indexing time.
    for name in STORED_ONLY:
        builder.add_bytes_field(name, stored=True, indexed=False)
    return builder.build()


SCHEMA = build_schema()


def index_dir() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


# --- Metadata: where in the outbox an index stands ------------------------------------------------


@dataclass
class Meta:
    schema_version: int = SCHEMA_VERSION
    position: int = 0  # every outbox id up to here is applied, except the gaps
    gaps: dict[str, float] = field(default_factory=dict)  # id → when first seen missing (epoch s)
    built_at: str = ""

    @classmethod
    def read(cls, folder: Path) -> Meta | None:
        try:
            data = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
            return cls(
                schema_version=int(data["schema_version"]),
                position=int(data["position"]),
                gaps={str(k): float(v) for k, v in data.get("gaps", {}).items()},
                built_at=str(data.get("built_at", "")),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, folder: Path) -> None:
        _write_atomically(folder / META_FILE, json.dumps(self.__dict__, sort_keys=True))


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def current_folder() -> Path | None:
    try:
        name = (index_dir() / POINTER_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    folder = index_dir() / name
    return folder if name and folder.is_dir() else None


def new_folder() -> Path:
    index_dir().mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder = index_dir() / f"index-{stamp}-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    return folder


def swap_in(folder: Path) -> None:
    """Make `folder` the index in use, atomically; older folders are removed."""
    _write_atomically(index_dir() / POINTER_FILE, folder.name)
    for other in index_dir().glob("index-*"):
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


def check(folder: Path | None) -> str:
    """'' when the folder holds a usable index of our version, else why not."""
    if folder is None:
        return "missing"
    meta = Meta.read(folder)
    if meta is None:
        return "no metadata"
    if meta.schema_version != SCHEMA_VERSION:
        return f"schema version {meta.schema_version}, expected {SCHEMA_VERSION}"
    try:
        if not tantivy.Index.exists(str(folder)) or not tantivy.Index.is_compatible(str(folder)):
            return "incompatible"
        index = tantivy.Index.open(str(folder))
        index.searcher().num_docs  # noqa: B018 - reads every segment's metadata
    except (OSError, ValueError, RuntimeError) as error:
        return f"damaged: {error}"
    return ""


# --- Documents ----------------------------------------------------------------------------------


def visibility_terms(document: Document) -> list[str]:
    from stadskennis.core.visibility import document_terms

    return document_terms(
        visibility=document.visibility,
        owner_id=document.owner_id,
        created_by_id=document.created_by_id,
        access_group_id=document.access_group_id,
    )


def text_sources(document: Document) -> dict[str, str]:
    """The weighted text fields of a document, cut to what is analysed."""
    return {
        "title": document.title,
        "summary": document.summary,
        "about": document.extra,
        "body": document.text[:MAX_TEXT],
        "attachment": document.attachment_text[:MAX_ATTACHMENT_TEXT],
    }


def tantivy_document(
    provider: SearchProvider, document: Document, analysed: AnalysedFields | None = None
) -> tantivy.Document:
    """A registry document, analysed (here, or beforehand by a worker process), as the engine stores it."""
    sources = text_sources(document)
    analysed = analysed or analyse_fields(sources)
    doc = tantivy.Document()
    key = f"{provider.key}:{document.object_id}"
    doc.add_text("key", key)
    doc.add_unsigned("uid", uid(key))
    if document.object_id.isdigit():
        doc.add_unsigned("pk", int(document.object_id))
    body = sources["body"]
    shown = {
        "provider": provider.key,
        "object_id": document.object_id,
        "kind": document.kind,
        "title_text": document.title[:300],
        "url": document.url,
        "text": (document.summary + "\n\n" + body if document.summary else body)[:STORED_TEXT],
    }
    for name, value in shown.items():
        doc.add_bytes(name, value.encode())
    doc.add_date("date", document.date)
    group = getattr(provider, "statistics", "")
    for name, terms in analysed.fields.items():
        doc.add_text(group_field(name, group), terms)
    for term in visibility_terms(document):
        doc.add_text("visibility", term)
    facets = [("kind", document.kind), ("module", provider.key)]
    if document.year:
        facets.append(("year", str(document.year)))
    facets.extend((facet, value) for facet, value, _label in document.facets)
    several: dict[str, list[str]] = {facet: [] for facet in SLOTTED}
    for facet, value in facets:
        if facet in FACET_FIELDS and value:
            value = str(value)[:100].replace(SEPARATOR, " ")
            doc.add_text(FACET_FIELDS[facet], value)
            if facet in several:
                several[facet].append(value)
    add_counting_columns(doc, module=provider.key, kind=document.kind, several=several)
    return doc


def add_counting_columns(doc: tantivy.Document, *, module: str, kind: str, several: dict[str, list[str]]):
    """Every counting column gets a value, "" included, so that each is dense: the fastest to count."""
    doc.add_text(KIND_COLUMN, f"{module}{SEPARATOR}{kind or ''}")
    for facet in SLOTTED:
        values = sorted(set(several.get(facet, [])))
        *slots, rest = slot_columns(facet)
        for n, column in enumerate(slots):
            doc.add_text(column, values[n] if n < len(values) else "")
        doc.add_text(rest, SEPARATOR.join(values[SLOTS:]))


def uid(key: str) -> int:
    """A document's key as a 64-bit number: a hash. At a million documents the chance that two share
    one is about 3 in 100 million, and the harm would be one more matching document reconsidered for
    its rank (engine.ranked)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


def stored(doc: tantivy.Document, name: str, default=""):
    """A stored value of a found document, as text (the shown-only fields are kept as bytes)."""
    value = doc.get_first(name)
    if value is None:
        return default
    return value.decode() if isinstance(value, bytes) else value


# --- Reading: one reader per process, opened lazily, following commits and swaps ----------------


class _Reader:
    """The process's view of the index: reopened after a fork or a swap, reloaded after a commit.

    Two cheap checks per search (the pointer file and the metadata file's change time, which the
    indexer rewrites after every commit) make a commit visible at once instead of after Tantivy's
    own polling of half a second.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pid = 0
        self.folder: Path | None = None
        self.index: tantivy.Index | None = None
        self.seen = 0  # the metadata file's change time at the last reload

    def index_for_reading(self) -> tantivy.Index:
        with self.lock:
            folder = current_folder()
            if folder is None:
                self.index, self.folder = None, None
                raise IndexUnavailable
            if folder != self.folder or self.pid != os.getpid() or self.index is None:
                meta = Meta.read(folder)
                if meta is None or meta.schema_version != SCHEMA_VERSION:  # being rebuilt for this release
                    raise IndexUnavailable
                try:
                    self.index = tantivy.Index.open(str(folder))
                except (OSError, ValueError) as error:
                    self.index = None
                    raise IndexUnavailable from error
                self.folder, self.pid, self.seen = folder, os.getpid(), 0
            try:
                changed = (folder / META_FILE).stat().st_mtime_ns
            except OSError:
                changed = self.seen
            if changed != self.seen:
                self.index.reload()
                self.seen = changed
            return self.index

    def forget(self) -> None:
        with self.lock:
            self.index, self.folder, self.pid = None, None, 0


reader = _Reader()


def searcher() -> tantivy.Searcher:
    """A consistent view of the index for one query; IndexUnavailable when there is none."""
    try:
        return reader.index_for_reading().searcher()
    except (OSError, ValueError) as error:
        reader.forget()
        raise IndexUnavailable from error


def refresh() -> None:
    """See the latest commit now (the reader also follows commits by itself within a second)."""
    try:
        reader.index_for_reading().reload()
    except (IndexUnavailable, OSError, ValueError):
        reader.forget()


def documents_per_module() -> dict[str, int]:
    """How many documents each module has in the index in use."""
    refresh()
    found = searcher().aggregate(
        tantivy.Query.all_query(), {"m": {"terms": {"field": FACET_FIELDS["module"]}}}
    )
    return {bucket["key"]: bucket["doc_count"] for bucket in found["m"]["buckets"]}
