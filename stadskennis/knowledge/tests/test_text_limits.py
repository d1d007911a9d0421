"""A lead is a few sentences and a text has a generous bound, wherever an item is written: the item
form, a member's proposal, the API and the importer say so at the field and save nothing. Unbounded,
one summary of `**a ` held the editor's start page up for ten seconds."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from stadskennis.accounts.models import ApiToken
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.knowledge.tests.test_editing import form_data

pytestmark = pytest.mark.django_db

LONG_SUMMARY = "**a " * 300  # 1,200 characters
LONG_BODY = "[" * 100_001


@pytest.mark.parametrize(("field", "text"), [("summary", LONG_SUMMARY), ("body", LONG_BODY)])
def test_the_item_form_refuses_a_long_text_at_the_field(client_for, cast, gent, field, text):
    response = client_for(cast["editor"]).post(reverse("knowledge:create"), form_data(gent, **{field: text}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#id_{field}"' in html and "hoogstens" in html
    assert KnowledgeItem.objects.count() == 0


def test_a_proposal_with_a_long_summary_is_refused(client_for, cast):
    kerken = ThemeFactory(slug="kerken", name="Kerken")
    response = client_for(cast["member"]).post(
        reverse("knowledge:propose"),
        {"title": "Onze kerkenvisie", "kind": "study", "themes": [kerken.pk], "summary": LONG_SUMMARY},
    )
    assert response.status_code == 200
    assert "hoogstens 1000 tekens" in response.content.decode()
    assert KnowledgeItem.objects.count() == 0


def test_the_api_refuses_a_long_summary_with_a_dutch_message(client, cast):
    _token, key = ApiToken.issue(user=cast["editor"], name="test")
    payload = {"title": "Leegstand", "kind": "study", "owner": "gent", "visibility": "public",
               "summary": LONG_SUMMARY}  # fmt: skip
    response = client.post("/api/items", payload, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")  # fmt: skip
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [
        {"field": "summary", "message": "Hou de samenvatting kort: hoogstens 1000 tekens (nu 1200)."}
    ]
    assert KnowledgeItem.objects.count() == 0


def test_the_importer_names_the_long_field_and_writes_nothing(tmp_path, gent):
    path = tmp_path / "items.jsonl"
    line = {"id": "x-1", "title": "Leegstand", "kind": "study", "owner": "gent", "summary": LONG_SUMMARY}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-items", str(path), stderr=err, stdout=io.StringIO())
    assert "regel 1, veld 'summary': te lang: hoogstens 1000 tekens" in err.getvalue()
    assert KnowledgeItem.objects.count() == 0
