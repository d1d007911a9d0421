"""The embedded default keeps the mail it would send, for administrators at /beheer/mail/ (issue 13,
point 16): someone trying the platform follows an invitation as its addressee would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from stadskennis.core import mail_store
from stadskennis.core.models import StoredMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept_mail(settings):
    settings.EMAIL_BACKEND = mail_store.BACKEND


def _backend(module: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "EMAIL_BACKEND"} | env
    environment["DJANGO_SETTINGS_MODULE"] = module
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)"
    run = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return run.stdout.strip()


def test_the_embedded_default_keeps_mail_and_production_sends_it():
    assert _backend("config.django.local") == mail_store.BACKEND
    assert _backend("config.django.production", SECRET_KEY="x" * 50) == (
        "django.core.mail.backends.smtp.EmailBackend"
    )


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_an_administrator_reads_an_invitation_and_follows_its_link(kept_mail, client_for, client, cast, gent):
    # Given an editor invites someone, and the worker sends the mail
    client_for(cast["editor"]).post(
        reverse("accounts:invite"), {"email": "nina@gent.example", "organisation": gent.pk, "role": "member"}
    )
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    admin = client_for(cast["administrator"])

    # When the administrator opens the kept mail
    listing = admin.get("/beheer/mail/").content.decode()
    detail_url = re.search(r'href="(/beheer/mail/\d+/)"', listing).group(1)
    detail = admin.get(detail_url).content.decode()

    # Then the invitation is there, its link clickable, and it opens the page to create an account
    assert "nina@gent.example" in listing
    path = re.search(r'<a href="http://[^/"]+(/account/uitnodiging/[^"]+/)"', detail).group(1)
    accept = client.get(unescape(path))
    assert accept.status_code == 200 and 'name="password1"' in accept.content.decode()
    assert "/beheer/mail/" in admin.get("/").content.decode()  # the staff menu leads there


def test_only_administrators_read_the_kept_mail(kept_mail, client_for, cast):
    mail.send_mail("Uitnodiging", "https://example.org/a", None, ["x@gent.example"])
    pk = StoredMail.objects.get().pk

    for path in ("/beheer/mail/", f"/beheer/mail/{pk}/"):
        assert client_for(None).get(path).status_code == 302  # log in first
        assert client_for(cast["member"]).get(path).status_code == 403
        assert client_for(cast["editor"]).get(path).status_code == 403
        assert client_for(cast["administrator"]).get(path).status_code == 200
    assert "/beheer/mail/" not in client_for(cast["editor"]).get("/").content.decode()


def test_with_another_mail_backend_there_is_no_mail_page(client_for, cast, mailbox):
    # The suite's own setting: real SMTP to the loopback server
    admin = client_for(cast["administrator"])
    assert admin.get("/beheer/mail/").status_code == 404
    assert "/beheer/mail/" not in admin.get("/").content.decode()


def test_only_the_newest_mails_are_kept(kept_mail, monkeypatch):
    monkeypatch.setattr(mail_store, "KEEP", 3)
    for n in range(5):
        mail.send_mail(f"Mail {n}", "tekst", None, ["x@gent.example"])

    assert [m.subject for m in mail_store.mail_list()] == ["Mail 4", "Mail 3", "Mail 2"]


def test_html_is_shown_sandboxed_and_attachments_by_name(kept_mail, client_for, cast):
    message = mail.EmailMultiAlternatives(
        "Overzicht", "Lees https://example.org/lijst verder.", None, ["x@gent.example"], cc=["y@gent.example"]
    )
    message.attach_alternative('<p>Hallo</p><script>alert("x")</script>', "text/html")
    message.attach("verslag.pdf", b"%PDF-1.4", "application/pdf")
    message.send()

    kept = StoredMail.objects.get()
    page = client_for(cast["administrator"]).get(f"/beheer/mail/{kept.pk}/").content.decode()

    assert kept.recipients == ["x@gent.example", "y@gent.example"] and kept.attachments == ["verslag.pdf"]
    assert '<a href="https://example.org/lijst"' in page
    assert "verslag.pdf" in page
    frame = re.search(r"<iframe [^>]*>", page).group(0)
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in frame  # no scripts, no same origin
    assert "<script>alert" not in page and "&lt;script&gt;alert" in frame


@pytest.mark.django_db(transaction=True)  # the backup reads a snapshot through its own connection
def test_a_backup_leaves_the_kept_mail_out(kept_mail, tmp_path):
    """Kept mail holds password-reset and invitation links: a backup must not carry them."""
    from stadskennis.core.backup import backup_create

    mail.send_mail("Je nieuwe wachtwoord", "https://x/reset/abc", "a@x.be", ["b@x.be"])
    assert StoredMail.objects.count() == 1

    backup_create(directory=tmp_path / "backup")

    rows = (tmp_path / "backup" / "database.json").read_text()
    assert "core.storedmail" not in rows and "reset/abc" not in rows
