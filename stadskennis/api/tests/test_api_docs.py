"""The API's documentation is in English throughout, the convention for APIs, and its paths stay as
clients know them (issue 13, point 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

# The operations and their parameters as they were before the documentation was translated: clients
# call these, so they do not change with it.
OPERATIONS = {
    "GET /api/plans": [],
    "GET /api/plans/{plan_id}": ["plan_id"],
    "GET /api/plans/{plan_id}/releases": ["plan_id"],
    "GET /api/plans/{plan_id}/indicators": ["plan_id"],
    "GET /api/releases/{release_id}": ["release_id"],
    "PATCH /api/releases/{release_id}/entries/{code}": ["code", "release_id"],
    "GET /api/events": ["audience", "city", "kind", "limit", "offset", "theme", "when"],
    "GET /api/events/{slug}": ["slug"],
    "GET /api/programme-lines": [],
    "GET /api/programme-lines/{line_id}": ["line_id"],
    "GET /api/accounts": [],
    "GET /api/accounts/{year}": ["year"],
    "GET /api/annual-reports": [],
    "GET /api/annual-reports/{year}": ["year"],
    "POST /api/events/{slug}/registrations": ["slug"],
    "GET /api/me/registrations": ["limit", "offset"],
    "POST /api/me/registrations/{registration_id}/cancel": ["registration_id"],
    "GET /api/experts": ["limit", "q"],
    "GET /api/indicators": ["limit", "offset", "theme"],
    "GET /api/indicators/{code}": ["code"],
    "GET /api/indicators/{code}/jsonstat": ["boundaries", "code", "geo", "period"],
    "GET /api/indicators/{code}/observations": ["boundaries", "code", "geo", "limit", "offset", "period"],
    "GET /api/indicators/{code}/sdmx.csv": ["boundaries", "code", "geo", "period"],
    "GET /api/items": ["kind", "limit", "offset", "organisation", "theme"],
    "POST /api/items": [],
    "GET /api/items/{item_id}": ["item_id"],
    "PATCH /api/items/{item_id}": ["item_id"],
    "GET /api/organisations": [],
    "GET /api/organisations/{slug}": ["slug"],
    "GET /api/people": ["limit", "offset", "organisation", "q", "theme"],
    "GET /api/people/{person_id}": ["person_id"],
    "GET /api/questions": ["limit", "offset", "status"],
    "POST /api/questions": [],
    "GET /api/questions/{question_id}": ["question_id"],
    "GET /api/rondvragen/{rondvraag_id}": ["rondvraag_id"],
    "GET /api/rondvragen/{rondvraag_id}/answers": ["organisation", "rondvraag_id"],
    "PUT /api/rondvragen/{rondvraag_id}/answers": ["rondvraag_id"],
    "GET /api/rondvragen/{rondvraag_id}/comparison": ["rondvraag_id"],
    "GET /api/search": [
        "kind",
        "limit",
        "module",
        "organisation",
        "outcome",
        "page",
        "q",
        "sort",
        "theme",
        "year",
    ],
    "GET /api/search/completions": ["q"],
    "GET /api/themes": [],
    "GET /api/workgroups": [],
    "GET /api/workgroups/{key}": ["key"],
}

# Dutch words an English text never holds, besides those the Dutch catalogue teaches (below).
DUTCH = {
    "de",
    "het",
    "een",
    "en",
    "van",
    "voor",
    "met",
    "niet",
    "je",
    "jouw",
    "wat",
    "wie",
    "zijn",
    "kan",
    "mag",
}
# Words of the Dutch catalogue that are English words too.
ENGLISH_TOO = {"taken", "door", "die"}
# The centre's name stays as it is.
NAMES = ("Kenniscentrum Vlaamse Steden",)
WORD = re.compile(r"[a-zà-ÿ']+")


def _words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def _dutch_words() -> set[str]:
    """Words of the Dutch translations that no English source string uses."""
    catalogue = (Path(settings.BASE_DIR) / "locale/nl/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    english, dutch = set(), set()
    entry = re.compile(
        r'(?ms)^msgid ((?:".*?"\n)+)(?:msgid_plural ((?:".*?"\n)+))?((?:msgstr(?:\[\d\])? (?:".*?"\n)+)+)'
    )
    for source, plural, translation in entry.findall(catalogue):
        english |= _words("".join(re.findall(r'"(.*)"', source + plural)))
        dutch |= _words("".join(re.findall(r'"(.*)"', translation)))
    return {w for w in dutch - english if len(w) >= 3} - ENGLISH_TOO | DUTCH


def _documentation(schema: dict) -> list[tuple[str, str]]:
    """(where, text) of every text a reader of the documentation reads: the description, the groups
    (tags), every operation's summary and description, every parameter's and field's description."""
    texts = [("info", schema["info"]["description"])]
    texts += [(f"tag {t['name']}", f"{t['name']} {t.get('description', '')}") for t in schema.get("tags", [])]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            texts += [(where, tag) for tag in operation.get("tags", [])]
            texts += [(where, operation.get("summary", "")), (where, operation.get("description", ""))]
            texts += [
                (f"{where} {p['name']}", p.get("description", "")) for p in operation.get("parameters", [])
            ]

    def descriptions(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "description" and isinstance(value, str):
                    texts.append((where, value))
                else:
                    descriptions(value, f"{where}.{key}")
        elif isinstance(node, list):
            for value in node:
                descriptions(value, where)

    descriptions(schema.get("components", {}), "components")
    return [(where, text) for where, text in texts if text]


def _prose(text: str) -> str:
    """The text without what is not prose: `code` (values such as `werkgroep` are the data's own), names."""
    text = re.sub(r"`[^`]*`", " ", text)
    for name in NAMES:
        text = text.replace(name, " ")
    return text


def test_the_api_documentation_is_in_english(client):
    schema = client.get("/api/openapi.json").json()
    dutch = _dutch_words()

    found = {
        where: sorted(_words(_prose(text)) & dutch)
        for where, text in _documentation(schema)
        if _words(_prose(text)) & dutch
    }

    assert found == {}
    assert {t["name"] for t in schema["tags"]} >= {"Knowledge base", "Network", "Help desk", "Search"}


def test_every_operation_has_a_written_summary(client):
    schema = client.get("/api/openapi.json").json()
    generated = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        # django-ninja's own summary is the function's name: "Item Create" for item_create
        if operation["summary"].lower().replace(" ", "_") in operation["operationId"]
    ]
    assert generated == []


def test_the_paths_and_their_parameters_stay_as_clients_know_them(client):
    schema = client.get("/api/openapi.json").json()
    operations = {
        f"{method.upper()} {path}": sorted(p["name"] for p in operation.get("parameters", []))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    assert operations == OPERATIONS
