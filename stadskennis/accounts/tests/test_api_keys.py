"""API keys: a new password revokes them, and using one is noted at most once a minute."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import mail_body
from stadskennis.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db


def keyed(user) -> dict[str, str]:
    _token, key = ApiToken.issue(user=user, name="koppeling")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_password_reset_revokes_the_api_keys(client, cast, mailbox):
    key = keyed(cast["member"])
    assert client.get("/api/items", **key).status_code == 200

    client.post(reverse("accounts:password_reset"), {"email": "greet@gent.example"})
    link = re.search(r"http://testserver(/account/wachtwoord/\S+/)", mail_body(mailbox[0])).group(1)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Nieuw-wachtwoord-42", "new_password2": "Nieuw-wachtwoord-42"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="greet@gent.example").check_password("Nieuw-wachtwoord-42")

    refused = client.get("/api/items", **key)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Geen geldige API-sleutel."
    assert ApiToken.objects.filter(user=cast["member"]).count() == 0


def test_a_password_changed_by_an_administrator_revokes_the_api_keys(client, client_for, cast):
    member_key = keyed(cast["member"])
    other_key = keyed(cast["other_member"])
    admin = client_for(cast["administrator"])
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[cast["member"].pk]),
        {"password1": "Nieuw-wachtwoord-42", "password2": "Nieuw-wachtwoord-42", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(pk=cast["member"].pk).check_password("Nieuw-wachtwoord-42")
    assert client.get("/api/items", **member_key).status_code == 401
    assert client.get("/api/items", **other_key).status_code == 200  # someone else's key still works


def test_two_keyed_reads_within_a_minute_write_last_used_once(client, cast):
    key = keyed(cast["member"])
    token = ApiToken.objects.get()
    assert token.last_used_at is None

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/items", **key).status_code == 200
        assert client.get("/api/items", **key).status_code == 200
    updates = [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "accounts_apitoken"')]
    assert len(updates) == 1
    first_use = ApiToken.objects.get().last_used_at
    assert first_use is not None

    # A minute later the next read notes the new moment.
    ApiToken.objects.update(last_used_at=first_use - timedelta(minutes=1, seconds=1))
    assert client.get("/api/items", **key).status_code == 200
    assert ApiToken.objects.get().last_used_at >= first_use


def test_a_password_changed_on_the_command_line_revokes_the_keys_too(cast, monkeypatch):
    """`stadskennis changepassword` (Django's command) sets the password on the model: keys go too."""
    from django.core.management import call_command

    from stadskennis.accounts.models import ApiToken

    user = cast["member"]
    ApiToken.issue(user=user, name="script")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Een-nieuw-lang-wachtwoord-2026")
    call_command("changepassword", user.email, stdout=None)
    assert not ApiToken.objects.filter(user=user).exists()
