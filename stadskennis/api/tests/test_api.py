"""The JSON API: schema and docs, token-authenticated writes, clear errors for bad bodies."""

from __future__ import annotations

import pytest

from stadskennis.accounts.models import ApiToken
from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wonen(db):
    return ThemeFactory(slug="wonen", name="Wonen")


def bearer(user):
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_openapi_schema_and_docs_page(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    data = schema.json()
    assert data["openapi"].startswith("3.")
    assert "/api/items" in data["paths"] and "/api/search" in data["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower()


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "up"


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken(*args, **kwargs):
        raise OperationalError("database is gone")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "down"


def test_editor_creates_and_updates_an_item_with_a_token(client, cast, gent, wonen):
    headers = bearer(cast["editor"])
    payload = {
        "title": "Leegstandsheffing",
        "kind": "instrument",
        "themes": ["wonen"],
        "organisations": ["44021"],
        "owner": "gent",
        "visibility": "public",
    }
    gent.codes.create(code="44021", valid_from="1977-01-01")
    response = client.post("/api/items", payload, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    item_id = response.json()["id"]
    assert response.json()["organisations"] == ["gent"]

    response = client.patch(
        f"/api/items/{item_id}",
        {"summary": "Een heffing op leegstaande woningen."},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert KnowledgeItem.objects.get(pk=item_id).summary == "Een heffing op leegstaande woningen."
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == ["create", "update"]


def test_writes_need_a_token(client, cast, gent):
    response = client.post("/api/items", {"title": "x", "kind": "study"}, content_type="application/json")
    assert response.status_code == 401
    wrong = client.post(
        "/api/items",
        {"title": "x", "kind": "study"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer sk_wrong",
    )
    assert wrong.status_code == 401
    assert KnowledgeItem.objects.count() == 0


def test_a_wrong_token_on_a_read_is_refused_not_read_as_anonymous(client):
    assert client.get("/api/items", HTTP_AUTHORIZATION="Bearer sk_wrong").status_code == 401


def test_members_may_only_propose_drafts(client, cast, gent):
    headers = bearer(cast["member"])
    published = client.post(
        "/api/items",
        {"title": "Mijn praktijk", "kind": "practice", "visibility": "public"},
        content_type="application/json",
        **headers,
    )
    assert published.status_code == 403
    draft = client.post(
        "/api/items",
        {"title": "Mijn praktijk", "kind": "practice"},
        content_type="application/json",
        **headers,
    )
    assert draft.status_code == 201
    assert draft.json()["visibility"] == "draft" and draft.json()["owner"] == "gent"


def test_a_member_cannot_propose_a_draft_owned_by_another_organisation(client, cast, gent, antwerpen):
    response = client.post(
        "/api/items",
        {"title": "Voorstel van Antwerpen", "kind": "practice", "owner": "antwerpen"},
        content_type="application/json",
        **bearer(cast["member"]),
    )
    assert response.status_code == 403
    message = "Je kunt alleen inhoud aanmaken voor je eigen organisatie."
    assert response.json() == {"detail": message, "errors": [{"field": "owner", "message": message}]}
    assert KnowledgeItem.objects.count() == 0
    own = client.post(
        "/api/items",
        {"title": "Voorstel van Gent", "kind": "practice", "owner": "gent"},
        content_type="application/json",
        **bearer(cast["member"]),
    )
    assert own.status_code == 201 and own.json()["owner"] == "gent"


def test_the_item_form_offers_the_owners_the_api_accepts(cast, gent, antwerpen, centre):
    from stadskennis.knowledge.forms import ItemForm

    assert list(ItemForm(user=cast["member"]).fields["owner"].queryset) == [gent]
    assert set(ItemForm(user=cast["editor"]).fields["owner"].queryset) == {gent, antwerpen, centre}


def test_other_members_cannot_update_someone_elses_item(client, cast, gent):
    item = KnowledgeItemFactory(title="Netwerkitem", owner=gent, visibility="network")
    response = client.patch(
        f"/api/items/{item.pk}",
        {"title": "Gekaapt"},
        content_type="application/json",
        **bearer(cast["other_member"]),
    )
    assert response.status_code == 403
    assert KnowledgeItem.objects.get(pk=item.pk).title == "Netwerkitem"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "study"}, "title"),
        ({"title": "x", "kind": "gedicht"}, "kind"),
        ({"title": "x", "kind": "study", "year": "vorig jaar"}, "year"),
        ({"title": "x", "kind": "study", "url": "geen adres"}, "url"),
        ({"title": "x", "kind": "study", "themes": ["bestaat-niet"]}, "themes"),
        ({"title": "x", "kind": "study", "organisations": ["99999"]}, "organisations"),
        ({"title": "x", "kind": "study", "outcome": "failed"}, "outcome"),
    ],
)
def test_invalid_bodies_name_the_field_and_write_nothing(client, cast, gent, body, field):
    response = client.post("/api/items", body, content_type="application/json", **bearer(cast["editor"]))
    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert KnowledgeItem.objects.count() == 0


def test_malformed_json_is_a_clear_400_not_a_500(client, cast):
    response = client.post(
        "/api/items", "{not json", content_type="application/json", **bearer(cast["editor"])
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_search_endpoint_shape(client, gent):
    KnowledgeItemFactory(title="Kerkherbestemming in Gent", kind="case", owner=gent)
    data = client.get("/api/search", {"q": "kerkherbestemming"}).json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert set(hit) == {"id", "kind", "title", "url", "snippet", "score"}
    assert hit["snippet"] == "<mark>Kerkherbestemming</mark> in Gent"
    assert data["facets"] == {"kind": {"case": 1}, "module": {"knowledge_item": 1}}
    assert client.get("/api/search", {"q": "kerkherbestemming", "module": "person"}).json()["total"] == 0


@pytest.mark.parametrize(
    "query", ['"', "*", "(", "NEAR", "OR", '"unbalanced', "x" * 10_000, "%_\\", "'; DROP TABLE"]
)
def test_hostile_queries_never_error(client, query):
    response = client.get("/api/search", {"q": query})
    assert response.status_code == 200
    page = client.get("/zoeken/", {"q": query})
    assert page.status_code == 200


def test_completions_endpoint_completes_from_visible_words_only(client, gent):
    KnowledgeItemFactory(title="Woningmarkt in Gent", owner=gent)
    KnowledgeItemFactory(title="Woningnood", owner=gent, visibility="network")
    data = client.get("/api/search/completions", {"q": "in de wonin"}).json()
    assert data["completions"] == ["woningmarkt"]
    assert client.get("/api/search/completions", {"q": "x" * 5000}).status_code == 200
