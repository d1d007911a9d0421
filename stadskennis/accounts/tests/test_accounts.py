"""Login, rate limiting, password reset and invitations, with mail through a real SMTP server."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import mail_body
from stadskennis.accounts.models import Invitation, User
from stadskennis.core.models import AuditEntry

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def test_login_with_email_lands_on_the_start_page(client, cast):
    response = client.post(LOGIN, {"username": "greet@gent.example", "password": "pw-greet-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home:start")
    assert client.get(reverse("home:start")).status_code == 200


def test_wrong_password_gets_a_dutch_message_and_no_session(client, cast):
    response = client.post(LOGIN, {"username": "greet@gent.example", "password": "wrong"})
    assert response.status_code == 200
    assert "komen niet overeen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_form_with_missing_fields_names_them(client, cast):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit veld is verplicht" in html
    assert 'href="#id_username"' in html


def test_login_attempts_are_rate_limited(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "greet@gent.example", "password": "wrong"})
    response = client.post(LOGIN, {"username": "greet@gent.example", "password": "pw-greet-123"})
    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client_for, cast):
    client = client_for(cast["member"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home:start")).status_code == 302


def test_password_reset_by_email_round_trip(client, cast, mailbox):
    client.post(reverse("accounts:password_reset"), {"email": "greet@gent.example"})
    assert len(mailbox) == 1
    assert mailbox[0]["To"] == "greet@gent.example"
    link = re.search(r"http://testserver(/account/wachtwoord/\S+/)", mail_body(mailbox[0])).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Nieuw-wachtwoord-42", "new_password2": "Nieuw-wachtwoord-42"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="greet@gent.example").check_password("Nieuw-wachtwoord-42")


def test_password_reset_for_unknown_address_reveals_nothing(client, cast, mailbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@nowhere.example"})
    assert response.status_code == 302
    assert mailbox == []


def test_expired_reset_link_says_so(client, cast, settings):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = cast["member"]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]), follow=True)
    assert response.status_code == 200
    assert "werkt niet meer" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_editor_invites_a_member_who_creates_an_account(client_for, client, cast, gent, mailbox):
    editor = client_for(cast["editor"])
    response = editor.post(
        reverse("accounts:invite"), {"email": "Nieuw@Gent.example", "organisation": gent.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert mailbox == []  # not sent inside the web request: the worker sends it
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mailbox) == 1 and mailbox[0]["To"] == "nieuw@gent.example"
    assert AuditEntry.objects.filter(action="invite").count() == 1
    path = re.search(r"http://\S+?(/account/uitnodiging/\S+/)", mail_body(mailbox[0])).group(1)

    bad = client.post(path, {"full_name": "Nina", "password1": "kort", "password2": "kort"})
    assert bad.status_code == 200 and not User.objects.filter(email="nieuw@gent.example").exists()

    done = client.post(
        path,
        {
            "full_name": "Nina Nieuw",
            "password1": "Lang-genoeg-wachtwoord",
            "password2": "Lang-genoeg-wachtwoord",
        },
    )
    assert done.status_code == 302
    user = User.objects.get(email="nieuw@gent.example")
    assert user.organisation == gent and user.role == "member"
    assert client.get(path).status_code == 404  # used once


def test_expired_invitation_does_not_open(client, cast, gent):
    Invitation.objects.create(
        email="laat@gent.example",
        organisation=gent,
        token_hash=Invitation.hash_token("oud"),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    response = client.get(reverse("accounts:accept", args=["oud"]))
    assert response.status_code == 404
    assert "verlopen" in response.content.decode()


def test_inviting_an_existing_account_is_refused_without_mail(client_for, cast, gent, mailbox):
    response = client_for(cast["editor"]).post(
        reverse("accounts:invite"), {"email": "greet@gent.example", "organisation": gent.pk, "role": "member"}
    )
    assert response.status_code == 200
    assert "bestaat al een account" in response.content.decode()
    assert mailbox == [] and Invitation.objects.count() == 0


def test_members_cannot_invite(client_for, cast, gent):
    response = client_for(cast["member"]).post(
        reverse("accounts:invite"), {"email": "x@gent.example", "organisation": gent.pk, "role": "editor"}
    )
    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_staff_get_the_admin_members_do_not(client_for, cast):
    assert client_for(cast["editor"]).get("/admin/knowledge/knowledgeitem/").status_code == 200
    assert client_for(cast["editor"]).get("/admin/accounts/user/").status_code == 403
    assert client_for(cast["administrator"]).get("/admin/accounts/user/").status_code == 200
    assert client_for(cast["member"]).get("/admin/").status_code == 302
