"""Whom to call about an item: an editor names contact persons of the Netwerk in the item form, with a
picker that searches the network, also without JavaScript (issue 13, point 7)."""

from __future__ import annotations

import re

import pytest

from stadskennis.core.models import AuditEntry
from stadskennis.knowledge.forms import ItemForm
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.privacy import person_erase
from stadskennis.network.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def offered(html: str) -> set[str]:
    return set(re.findall(r'<input type="checkbox" name="contacts" value="(\d+)"', html))


def checked(html: str) -> set[str]:
    return set(re.findall(r'<input type="checkbox" name="contacts" value="(\d+)"[^>]*\bchecked', html))


@pytest.fixture
def item(cast, gent):
    return KnowledgeItemFactory(
        title="Leegstandsheffing", kind="instrument", owner=gent, organisations=[gent]
    )


def item_fields(item) -> dict:
    return {"title": item.title, "kind": item.kind, "owner": item.owner_id, "visibility": item.visibility,
            "organisations": [o.pk for o in item.organisations.all()]}  # fmt: skip


def test_an_editor_names_contact_persons_in_the_item_form(item, cast, client_for, gent, antwerpen):
    an = PersonFactory(first_name="An", last_name="Peeters", organisation=gent)
    jan = PersonFactory(first_name="Jan", last_name="Claes", organisation=antwerpen)
    editor = client_for(cast["editor"])
    form = editor.get(f"/kennisbank/{item.pk}/bewerken/").content.decode()
    assert offered(form) == {str(an.pk), str(jan.pk)}
    assert "An Peeters (Gent)" in form  # a name with its organisation, to tell namesakes apart

    response = editor.post(
        f"/kennisbank/{item.pk}/bewerken/", {**item_fields(item), "contacts": [an.pk, jan.pk]}
    )
    assert response.status_code == 302
    assert set(item.contacts.all()) == {an, jan}
    change = AuditEntry.objects.filter(action="update").latest("pk")
    assert "contacts" in change.changes
    page = editor.get(item.get_absolute_url()).content.decode()
    assert f'href="{an.get_absolute_url()}"' in page and "Jan Claes" in page

    response = editor.post(f"/kennisbank/{item.pk}/bewerken/", {**item_fields(item), "contacts": [jan.pk]})
    assert list(item.contacts.all()) == [jan]


def test_the_picker_offers_no_erased_person_but_keeps_one_the_item_names(item, cast, client_for, gent):
    named = PersonFactory(first_name="Els", last_name="Maes", organisation=gent)
    gone = PersonFactory(first_name="Piet", last_name="Wouters", organisation=gent)
    item.contacts.set([named])
    person_erase(person=named, actor=cast["editor"])
    person_erase(person=gone, actor=cast["editor"])
    form = client_for(cast["editor"]).get(f"/kennisbank/{item.pk}/bewerken/").content.decode()
    assert offered(form) == {str(named.pk)} and checked(form) == {str(named.pk)}


def test_the_picker_searches_the_network_without_javascript(
    item, cast, client_for, gent, antwerpen, monkeypatch
):
    monkeypatch.setattr(ItemForm.base_fields["contacts"].widget, "limit", 2)
    an = PersonFactory(first_name="An", last_name="Peeters", organisation=gent)
    jan = PersonFactory(first_name="Jan", last_name="Peeters", organisation=antwerpen)
    PersonFactory(first_name="Bo", last_name="Claes", organisation=gent)
    PersonFactory(first_name="Lies", last_name="Wouters", organisation=gent)
    editor = client_for(cast["editor"])
    response = editor.post(f"/kennisbank/{item.pk}/bewerken/", {
        **item_fields(item), "title": "Leegstandsheffing (bijgewerkt)", "contacts": [an.pk],
        "contacts-zoek": "antwerpen", "kiezer": "contacts",
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert offered(page) == {str(an.pk), str(jan.pk)}  # found by organisation, and the choice kept
    assert checked(page) == {str(an.pk)}
    assert 'value="Leegstandsheffing (bijgewerkt)"' in page  # what was typed elsewhere stays
    item.refresh_from_db()
    assert item.title == "Leegstandsheffing" and not item.contacts.exists()


def test_a_member_names_contacts_in_a_proposal(cast, client_for, gent):
    an = PersonFactory(first_name="An", last_name="Peeters", organisation=gent)
    response = client_for(cast["member"]).post("/kennisbank/voorstellen/", {
        "title": "Onze aanpak van leegstand", "kind": "practice", "contacts": [an.pk],
    })  # fmt: skip
    assert response.status_code == 302
    proposal = an.knowledge_items.get()
    assert proposal.title == "Onze aanpak van leegstand" and proposal.visibility == "draft"
