"""Factory-made users log in with their password and hold the role they were made with."""

from __future__ import annotations

import pytest

from stadskennis.accounts.tests.factories import PASSWORD, AdministratorFactory, EditorFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_each_role_logs_in_and_holds_its_role(client):
    member, editor, administrator = MemberFactory(), EditorFactory(), AdministratorFactory()
    response = client.post("/account/aanmelden/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/start/")
    assert not member.is_editor and member.organisation.kind == "centre_city"
    assert editor.is_editor and not editor.is_administrator and editor.organisation.kind == "centre"
    assert administrator.is_administrator
    assert MemberFactory(email="Hoofd.Letters@Gent.example").email == "hoofd.letters@gent.example"
