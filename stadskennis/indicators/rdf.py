"""A small RDF writer: one list of triples written as Turtle and as JSON-LD, so both say the same.

Enough for the DCAT catalogue (`dcat.py`) without a runtime dependency: IRIs, blank nodes and literals
with a language or a datatype. Literals are escaped as Turtle's grammar asks (quotes, backslashes and
every control character), IRIs percent-encode what an IRI may not hold, and JSON-LD is written by the
json module. The tests read both back with rdflib and compare the graphs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
RDF_TYPE = PREFIXES["rdf"] + "type"
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class IRI(str):
    """An absolute IRI; what an IRI may not hold (spaces, quotes, <>) is percent-encoded."""

    def __new__(cls, value: str):
        return super().__new__(cls, _NOT_IN_IRI.sub(lambda m: quote(m.group(), safe=""), value))


def term(prefixed: str) -> IRI:
    """`dcat:Dataset` as its IRI."""
    prefix, local = prefixed.split(":", 1)
    return IRI(PREFIXES[prefix] + local)


@dataclass(frozen=True)
class BNode:
    id: str


@dataclass(frozen=True)
class Literal:
    value: str
    lang: str = ""
    datatype: str = ""  # an IRI, e.g. term("xsd:date")


Node = IRI | BNode
Triple = tuple[Node, IRI, Node | Literal]


def _prefixed(iri: str) -> str | None:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return None


def _escape(text: str) -> str:
    return "".join(
        _ESCAPES.get(c) or (f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in text
    )


def _turtle(node) -> str:
    if isinstance(node, BNode):
        return f"_:{node.id}"
    if isinstance(node, Literal):
        text = f'"{_escape(node.value)}"'
        if node.lang:
            return f"{text}@{node.lang}"
        return f"{text}^^{_turtle(IRI(node.datatype))}" if node.datatype else text
    return _prefixed(node) or f"<{node}>"


def _by_subject(triples: list[Triple]) -> dict[Node, dict[IRI, list]]:
    subjects: dict[Node, dict[IRI, list]] = {}
    for subject, predicate, obj in triples:
        objects = subjects.setdefault(subject, {}).setdefault(predicate, [])
        if obj not in objects:
            objects.append(obj)
    return subjects


def turtle(triples: list[Triple]) -> str:
    lines = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in PREFIXES.items()]
    for subject, predicates in _by_subject(triples).items():
        statements = [
            ("a" if predicate == RDF_TYPE else _turtle(predicate))
            + " "
            + ", ".join(_turtle(o) for o in objects)
            for predicate, objects in predicates.items()
        ]
        lines.append("\n" + _turtle(subject) + "\n    " + " ;\n    ".join(statements) + " .")
    return "\n".join(lines) + "\n"


def _jsonld_value(node) -> dict:
    if isinstance(node, Literal):
        value = {"@value": node.value}
        if node.lang:
            value["@language"] = node.lang
        elif node.datatype:
            value["@type"] = node.datatype
        return value
    return {"@id": f"_:{node.id}" if isinstance(node, BNode) else str(node)}


def jsonld(triples: list[Triple]) -> str:
    graph = []
    for subject, predicates in _by_subject(triples).items():
        node = {"@id": f"_:{subject.id}" if isinstance(subject, BNode) else str(subject)}
        for predicate, objects in predicates.items():
            if predicate == RDF_TYPE:
                node["@type"] = [_prefixed(o) or str(o) for o in objects]
            else:
                node[_prefixed(predicate) or str(predicate)] = [_jsonld_value(o) for o in objects]
        graph.append(node)
    return json.dumps({"@context": PREFIXES, "@graph": graph}, ensure_ascii=False, indent=1)
