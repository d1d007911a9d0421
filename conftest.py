"""Fixtures shared by every app's tests: a real SMTP server on loopback and the named cast, built by the
apps' factories (`stadskennis/<app>/tests/factories.py`)."""

from __future__ import annotations

import email
import socket
import threading
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from stadskennis.accounts.models import User
from stadskennis.accounts.tests.factories import AdministratorFactory, EditorFactory, MemberFactory
from stadskennis.core.models import Organisation
from stadskennis.core.tests.factories import OrganisationFactory


class _Inbox:
    def __init__(self):
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _mail_goes_to_loopback(settings, smtp_server):
    controller, _inbox = smtp_server
    # Django's test setup swaps in the in-memory backend; these tests talk real SMTP instead.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port


@pytest.fixture
def mailbox(smtp_server) -> list[Message]:
    """What the loopback SMTP server received during this test."""
    _controller, inbox = smtp_server
    with inbox.lock:
        inbox.messages.clear()
    return inbox.messages


def mail_body(message: Message) -> str:
    if message.is_multipart():
        return "".join(
            part.get_payload(decode=True).decode() for part in message.walk() if not part.is_multipart()
        )
    return message.get_payload(decode=True).decode()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The migrations ask the indexer for a rebuild; each test starts from an empty index instead."""
    from stadskennis.core.models import OutboxEntry

    with django_db_blocker.unblock():
        OutboxEntry.objects.all().delete()


@pytest.fixture(autouse=True)
def _empty_search_index(request, django_db_blocker):
    """Each test starts from an empty index; a test with the database, in step with its outbox."""
    from stadskennis.search.indexer import in_process

    uses_database = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if not uses_database:
        in_process().empty(in_step=False)
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():  # reads only
        in_process().empty()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


# Test data is built by each app's factories (`stadskennis/<app>/tests/factories.py`); these
# fixtures name the few objects nearly every test needs.


@pytest.fixture
def gent(db) -> Organisation:
    return OrganisationFactory(slug="gent", name="Stad Gent", short_name="Gent")


@pytest.fixture
def antwerpen(db) -> Organisation:
    return OrganisationFactory(slug="antwerpen", name="Stad Antwerpen", short_name="Antwerpen")


@pytest.fixture
def centre(db) -> Organisation:
    return OrganisationFactory(slug="kenniscentrum", name="Kenniscentrum Vlaamse Steden", kind="centre")


@pytest.fixture
def cast(gent, antwerpen, centre) -> dict[str, User | None]:
    """The named cast of every access test: one user per role, plus a member of another city."""
    return {
        "anonymous": None,
        "member": MemberFactory(
            email="greet@gent.example", password="pw-greet-123", full_name="Greet", organisation=gent
        ),
        "other_member": MemberFactory(
            email="arne@antwerpen.example", password="pw-arne-123", full_name="Arne", organisation=antwerpen
        ),
        "editor": EditorFactory(
            email="ruben@centre.example", password="pw-ruben-123", full_name="Ruben", organisation=centre
        ),
        "administrator": AdministratorFactory(
            email="bea@centre.example", password="pw-bea-123", full_name="Bea", organisation=centre
        ),
    }


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user (or anonymous for None)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    return make
